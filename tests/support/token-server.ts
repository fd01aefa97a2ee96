/**
 * A small but real token server for distribution's `auth.token`: it signs
 * RS256 JWTs with a self-signed certificate (the registry's rootcertbundle).
 * Anonymous users may pull repositories under public/; the configured user
 * gets every action they ask for.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey, randomUUID, sign, type KeyObject } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TokenServerOptions {
  /** The JWT `iss`; the registry's auth.token.issuer. */
  issuer: string;
  /** The JWT `aud`; the registry's auth.token.service. */
  service: string;
  username: string;
  password: string;
}

const TOKEN_LIFETIME_SECONDS = 300;

export interface TokenServer {
  /** The `auth` section of a registry config that trusts this server (realm, service, issuer, rootcertbundle). */
  registryAuth: Record<string, unknown>;
  /** Token requests answered so far (including refusals). */
  requests(): number;
  close(): Promise<void>;
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

/** "repository:acme/app:pull,push" → its parts; the name may not hold ":", the type may ("repository(plugin)"). */
function parseScope(scope: string): Access | null {
  const match = /^([^:]+):(.+):([^:]*)$/.exec(scope);
  return match ? { type: match[1]!, name: match[2]!, actions: match[3]!.split(",").filter(Boolean) } : null;
}

/** Who is asking: null for anonymous, undefined for wrong credentials. */
function user(request: IncomingMessage, options: TokenServerOptions): string | null | undefined {
  const header = request.headers.authorization;
  if (!header) return null;
  const [scheme, encoded = ""] = header.split(" ");
  const [name, ...rest] = Buffer.from(encoded, "base64").toString("utf8").split(":");
  const valid = scheme?.toLowerCase() === "basic" && name === options.username && rest.join(":") === options.password;
  return valid ? name : undefined;
}

function grant(requested: Access, user: string | null): Access {
  if (user !== null) return requested;
  const publicPull = requested.type === "repository" && requested.name.startsWith("public/");
  return { ...requested, actions: publicPull ? requested.actions.filter((action) => action === "pull") : [] };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

function jwt(claims: object, key: KeyObject, certificate: X509Certificate): string {
  // The registry finds the verifying key through x5c, checked against its rootcertbundle.
  const header = { typ: "JWT", alg: "RS256", x5c: [certificate.raw.toString("base64")] };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(sign("sha256", Buffer.from(signingInput), key))}`;
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), "galleon-token-"));
  const keyPath = join(dir, "key.pem");
  const certificatePath = join(dir, "cert.pem");
  // The registry's rootcertbundle must hold a certificate, not a bare public key.
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"],
      ...["-subj", "/CN=galleon-test-token-issuer", "-keyout", keyPath, "-out", certificatePath],
    ],
    { stdio: "ignore" },
  );
  const key = createPrivateKey(readFileSync(keyPath));
  const certificate = new X509Certificate(readFileSync(certificatePath));
  let requests = 0;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests++;
    const url = new URL(request.url ?? "/", "http://token.invalid");
    const subject = user(request, options);
    const reply = (status: number, body: object) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.searchParams.get("service") !== options.service) return reply(400, { error: "unknown service" });
    if (subject === undefined) return reply(401, { error: "invalid credentials" });

    const access = url.searchParams
      .getAll("scope")
      .map(parseScope)
      .filter((scope): scope is Access => scope !== null)
      .map((scope) => grant(scope, subject));
    const now = Math.floor(Date.now() / 1000);
    const token = jwt(
      {
        iss: options.issuer,
        sub: subject ?? "",
        aud: options.service,
        exp: now + TOKEN_LIFETIME_SECONDS,
        nbf: now - 10,
        iat: now,
        jti: randomUUID(),
        access,
      },
      key,
      certificate,
    );
    const issuedAt = new Date(now * 1000).toISOString();
    reply(200, { token, access_token: token, expires_in: TOKEN_LIFETIME_SECONDS, issued_at: issuedAt });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;

  return {
    registryAuth: {
      token: { realm, service: options.service, issuer: options.issuer, rootcertbundle: certificatePath },
    },
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

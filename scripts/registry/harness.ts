/**
 * Starts the real CNCF Distribution registry (Debian's docker-registry 2.8) on
 * 127.0.0.1 for tests, demos and CI. Never replace it with a mock server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registryCertificateBundle } from "@/lib/auth/registry-keys.server";
import { DEFAULT_ISSUER, DEFAULT_SERVICE } from "@/lib/auth/registry-token.server";

const REGISTRY_BIN = "/usr/bin/docker-registry";
// setpriv (util-linux) makes the kernel kill the registry when its parent dies,
// even by SIGKILL, so a crashed test run leaves no registry behind.
const SETPRIV_BIN = "/usr/bin/setpriv";
const READY_TIMEOUT_MS = 10_000;
const MAX_LOG_CHARS = 64 * 1024;
const INSTANCE_HEADER = "X-Galleon-Registry-Instance";

export interface RegistryOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /** Storage root; a temp dir (removed by stop()) when omitted. */
  storageDir?: string;
  /** Webhook endpoint the registry posts its events to. */
  notifications?: { url: string; secret: string };
  /** The config's `auth` section, verbatim (e.g. `{ token: { realm, service, issuer, rootcertbundle } }`). */
  auth?: Record<string, unknown>;
  /** Token mode with Galleon as the token server (overrides `auth`). */
  token?: GalleonTokenAuth;
}

export interface GalleonTokenAuth {
  /** Galleon's token endpoint, e.g. "http://127.0.0.1:3000/api/v1/registry/token". */
  realm: string;
  /** Galleon's registry key folder (GALLEON_REGISTRY_TOKEN_KEYS); its bundle is the rootcertbundle. */
  keysDir: string;
  service?: string;
  issuer?: string;
}

/** The registry's `auth` section that trusts Galleon's token server (README, "Connecting a registry"). */
export function galleonTokenAuth({ realm, keysDir, service, issuer }: GalleonTokenAuth): Record<string, unknown> {
  return {
    token: {
      realm,
      service: service ?? DEFAULT_SERVICE,
      issuer: issuer ?? DEFAULT_ISSUER,
      rootcertbundle: registryCertificateBundle(keysDir),
    },
  };
}

export interface RegistryHandle {
  /** "http://127.0.0.1:PORT" */
  url: string;
  /** "127.0.0.1:PORT", as image references spell it. */
  host: string;
  port: number;
  storageDir: string;
  pid: number;
  /** The registry's log output so far (warnings and errors). */
  logs(): string;
  /** Settles when the registry process exits, whoever stopped it. */
  exited: Promise<void>;
  /** SIGSTOP: the registry accepts connections but never answers, like a hung server. */
  pause(): void;
  /** SIGCONT: answers again, including the requests made while paused. */
  resume(): void;
  /** Kills the registry, waits for it to exit and removes the temp dirs it created. */
  stop(): Promise<void>;
}

/** Registries still running: killed, and their temp dirs removed, if the process ends without stopping them. */
const running = new Set<{ child: ChildProcess; configDir: string }>();
function stopAllNow(): void {
  for (const { child, configDir } of running) {
    child.kill("SIGKILL");
    rmSync(configDir, { recursive: true, force: true });
  }
}
process.on("exit", stopAllNow);
// A signal's default action ends the process without "exit" (Vitest stops its workers with SIGTERM).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    stopAllNow();
    // Keep the default action unless the program handles the signal itself.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** Binds `port` (0: any) on 127.0.0.1 and releases it; rejects when it is taken. */
async function probePort(port: number): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return bound;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return probePort(0);
}

export async function startRegistry(options: RegistryOptions = {}): Promise<RegistryHandle> {
  if (!existsSync(REGISTRY_BIN)) {
    throw new Error("docker-registry is not installed: run `npm run setup`");
  }
  if (options.port) {
    // Otherwise the readiness check could be answered by whatever already listens there.
    await probePort(options.port).catch(() => {
      throw new Error(`port ${options.port} on 127.0.0.1 is already in use`);
    });
    return launch(options, options.port);
  }
  // Another process may take the free port before the registry binds it: try again with another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options, await freePort());
    } catch (error) {
      if (attempt === 3 || !String(error).includes("address already in use")) throw error;
    }
  }
}

function registryConfig(options: RegistryOptions, port: number, storageDir: string, instance: string): object {
  return {
    version: "0.1",
    log: { level: "warn", accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: storageDir },
      delete: { enabled: true },
    },
    // INSTANCE_HEADER on every answer tells this registry from another process that took the port.
    http: { addr: `127.0.0.1:${port}`, secret: randomBytes(16).toString("hex"), headers: { [INSTANCE_HEADER]: [instance] } },
    // Legacy schema1 pushes are refused (HTTP 500) unless enabled; the samples include one.
    compatibility: { schema1: { enabled: true } },
    ...((options.token || options.auth) && { auth: options.token ? galleonTokenAuth(options.token) : options.auth }),
    ...(options.notifications && {
      notifications: {
        events: { includereferences: true },
        endpoints: [
          {
            name: "galleon",
            url: options.notifications.url,
            headers: { Authorization: [`Bearer ${options.notifications.secret}`] },
            // Short enough that a test sees retried deliveries within seconds.
            timeout: "2s",
            threshold: 3,
            backoff: "500ms",
            // Blob events are noise for the gallery.
            ignoredmediatypes: ["application/octet-stream"],
          },
        ],
      },
    }),
  };
}

async function launch(options: RegistryOptions, port: number): Promise<RegistryHandle> {
  const configDir = mkdtempSync(join(tmpdir(), "galleon-registry-"));
  // A default storage dir inside configDir goes away with it.
  const storageDir = options.storageDir ?? join(configDir, "storage");
  mkdirSync(storageDir, { recursive: true });
  const configPath = join(configDir, "config.yml");
  // JSON is valid YAML.
  const instance = randomBytes(8).toString("hex");
  writeFileSync(configPath, JSON.stringify(registryConfig(options, port, storageDir, instance), null, 2));

  const args = ["serve", configPath];
  const child = existsSync(SETPRIV_BIN)
    ? spawn(SETPRIV_BIN, ["--pdeathsig", "KILL", "--", REGISTRY_BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    : spawn(REGISTRY_BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
  const entry = { child, configDir };
  running.add(entry);

  let logs = "";
  const capture = (chunk: Buffer) => {
    logs = (logs + chunk.toString("utf8")).slice(-MAX_LOG_CHARS);
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      running.delete(entry);
      resolve();
    });
  });
  const stop = async () => {
    child.kill("SIGKILL");
    await exited;
    rmSync(configDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, instance, exited);
  } catch (error) {
    await stop();
    throw new Error(`docker-registry failed to start on port ${port}: ${(error as Error).message}\n${logs}`);
  }

  return {
    url,
    host: `127.0.0.1:${port}`,
    port,
    storageDir,
    pid: child.pid!,
    logs: () => logs,
    exited,
    pause: () => child.kill("SIGSTOP"),
    resume: () => child.kill("SIGCONT"),
    stop,
  };
}

/** Polls `GET /v2/` until it answers 200 (open) or 401 (token auth), or the process exits. */
/**
 * Waits until this registry answers /v2/. An answer without its instance
 * header comes from another process that took the port first: this registry
 * then fails to bind and exits, which startRegistry retries on another port.
 */
async function waitUntilReady(url: string, instance: string, exited: Promise<void>): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!hasExited) {
    const status = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.headers.get(INSTANCE_HEADER) === instance ? response.status : null;
      },
      () => null, // not listening yet
    );
    if (status === 200 || status === 401) return;
    if (status !== null) throw new Error(`GET /v2/ answered HTTP ${status}`);
    if (Date.now() > deadline) throw new Error(`not ready after ${READY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the process exited");
}

import "server-only";
/**
 * The key pair Galleon signs registry tokens with, and the certificates the
 * registry trusts (its `auth.token.rootcertbundle`). Kept in one folder beside
 * the catalog (`registry-token/`, or GALLEON_REGISTRY_TOKEN_KEYS):
 *
 *   signing-key.pem    the current ES256 private key (mode 0600)
 *   signing-cert.pem   its self-signed certificate
 *   next-key.pem       a staged key (rotation step 1), not signing yet
 *   next-cert.pem
 *   previous-cert.pem  the key signing before the last rotation (overlap)
 *   bundle.pem         every certificate above: the registry's rootcertbundle
 *
 * Rotation (docs/decisions/0010): stage (bundle gains the next certificate;
 * restart the registry), activate (the next key signs; the previous
 * certificate stays trusted while its tokens live), retire (drop it).
 */
import "server-only";
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { catalogLocalPath } from "@/lib/catalog/database-path";

export interface SigningKey {
  key: KeyObject;
  /** The libtrust fingerprint Distribution 2.8 matches the JWT header's `kid` against. */
  keyId: string;
}

const FILES = {
  key: "signing-key.pem",
  cert: "signing-cert.pem",
  nextKey: "next-key.pem",
  nextCert: "next-cert.pem",
  previousCert: "previous-cert.pem",
  bundle: "bundle.pem",
} as const;

// The folder is chosen at run time: keep the bundler from tracing it.
const at = (dir: string, file: string) => path.join(/* turbopackIgnore: true */ dir, file);

/** The key folder: GALLEON_REGISTRY_TOKEN_KEYS, else `registry-token/` beside the catalog. */
export function registryKeysDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/* turbopackIgnore: true */ env.GALLEON_REGISTRY_TOKEN_KEYS || path.join(path.dirname(catalogLocalPath(env)), "registry-token"));
}

/** The registry's `rootcertbundle`: created with a first key pair if there is none yet. */
export function registryCertificateBundle(dir = registryKeysDir()): string {
  ensureKeys(dir);
  return at(dir, FILES.bundle);
}

/** The current signing key, generated at first use. Read on every call, so a rotation applies at once. */
export function currentSigningKey(dir = registryKeysDir()): SigningKey {
  ensureKeys(dir);
  const key = createPrivateKey(readFileSync(at(dir, FILES.key)));
  return { key, keyId: libtrustKeyId(new X509Certificate(readFileSync(at(dir, FILES.cert))).publicKey) };
}

/** Rotation step 1: a next key whose certificate joins the bundle (restart the registry to trust it). */
export function stageSigningKey(dir = registryKeysDir()): string {
  ensureKeys(dir);
  if (!existsSync(at(dir, FILES.nextKey))) writeKeyPair(dir, FILES.nextKey, FILES.nextCert);
  writeBundle(dir);
  return keyIdOf(dir, FILES.nextCert);
}

/** Rotation step 2: the staged key signs from now on; the replaced certificate stays in the bundle. */
export function activateSigningKey(dir = registryKeysDir()): string {
  if (!existsSync(at(dir, FILES.nextKey))) throw new Error("no staged key: stage one first and restart the registry");
  renameSync(at(dir, FILES.cert), at(dir, FILES.previousCert));
  renameSync(at(dir, FILES.nextCert), at(dir, FILES.cert));
  renameSync(at(dir, FILES.nextKey), at(dir, FILES.key));
  writeBundle(dir);
  return keyIdOf(dir, FILES.cert);
}

/** Rotation step 3, once the previous key's tokens have expired: the bundle trusts it no more. */
export function retirePreviousKey(dir = registryKeysDir()): void {
  rmSync(at(dir, FILES.previousCert), { force: true });
  writeBundle(dir);
}

/** The key ids the bundle trusts, current first. */
export function trustedKeyIds(dir = registryKeysDir()): string[] {
  ensureKeys(dir);
  return [FILES.cert, FILES.nextCert, FILES.previousCert]
    .filter((file) => existsSync(at(dir, file)))
    .map((file) => keyIdOf(dir, file));
}

function keyIdOf(dir: string, certFile: string): string {
  return libtrustKeyId(new X509Certificate(readFileSync(at(dir, certFile))).publicKey);
}

/** A first key pair, unless one is there; linking complete files in is atomic, so processes agree. */
function ensureKeys(dir: string): void {
  if (existsSync(at(dir, FILES.bundle))) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const suffix = `.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeKeyPair(dir, FILES.key + suffix, FILES.cert + suffix);
  try {
    linkSync(at(dir, FILES.key + suffix), at(dir, FILES.key));
    linkSync(at(dir, FILES.cert + suffix), at(dir, FILES.cert));
  } catch (error) {
    // Another process won the race: its pair stands.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(at(dir, FILES.key + suffix));
    unlinkSync(at(dir, FILES.cert + suffix));
  }
  if (!existsSync(at(dir, FILES.bundle))) writeBundle(dir);
}

function writeKeyPair(dir: string, keyFile: string, certFile: string): void {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  writeFileSync(at(dir, keyFile), privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  writeFileSync(at(dir, certFile), selfSignedCertificate(privateKey, publicKey));
}

/** Rewrites bundle.pem through a rename, so the registry never reads half a file. */
function writeBundle(dir: string): void {
  const pems = [FILES.cert, FILES.nextCert, FILES.previousCert]
    .map((file) => at(dir, file))
    .filter(existsSync)
    .map((file) => readFileSync(file, "utf8").trim());
  const draft = at(dir, `${FILES.bundle}.${process.pid}.${randomBytes(4).toString("hex")}`);
  writeFileSync(draft, `${pems.join("\n")}\n`);
  renameSync(draft, at(dir, FILES.bundle));
}

/**
 * libtrust's key id (Distribution 2.8's `kid`): the first 240 bits of the
 * SHA-256 of the public key's SPKI DER, in base32, as 12 groups of 4.
 */
export function libtrustKeyId(publicKey: KeyObject): string {
  const digest = createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest().subarray(0, 30);
  return base32(digest).match(/.{4}/g)!.join(":");
}

function base32(bytes: Buffer): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + alphabet[(value << (5 - bits)) & 31] : out;
}

// A minimal DER writer: node:crypto reads certificates but cannot make one.
function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  const header =
    length < 0x80 ? Buffer.from([tag, length]) : length < 0x100 ? Buffer.from([tag, 0x81, length]) : Buffer.from([tag, 0x82, length >> 8, length & 0xff]);
  return Buffer.concat([header, content]);
}
const sequence = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const oid = (encoded: number[]) => der(0x06, Buffer.from(encoded));
const ECDSA_WITH_SHA256 = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]; // 1.2.840.10045.4.3.2
const COMMON_NAME = [0x55, 0x04, 0x03]; // 2.5.4.3

function utcTime(date: Date): Buffer {
  return der(0x17, Buffer.from(`${date.toISOString().slice(2, 19).replace(/[-:T]/g, "")}Z`, "ascii"));
}

/** A v1 self-signed certificate: the registry only reads its public key (matched by `kid`). */
function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject): string {
  const name = sequence(der(0x31, sequence(oid(COMMON_NAME), der(0x0c, Buffer.from("galleon registry token issuer")))));
  const serial = randomBytes(16);
  // Positive, and never a leading zero byte: DER wants the shortest form, and the registry
  // (Go's x509) refuses to start on a certificate whose serial has a redundant leading zero.
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const now = new Date();
  const tbs = sequence(
    der(0x02, serial),
    sequence(oid(ECDSA_WITH_SHA256)),
    name,
    sequence(utcTime(new Date(now.getTime() - 86_400_000)), utcTime(new Date(now.getTime() + 20 * 365 * 86_400_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const certificate = sequence(tbs, sequence(oid(ECDSA_WITH_SHA256)), der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = certificate.toString("base64").match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

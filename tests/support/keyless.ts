/**
 * A keyless-style (Sigstore Fulcio) certificate chain made in the test: a
 * test certificate authority issues a short-lived signing certificate whose
 * subject alternative name is the signer's identity and whose extensions
 * 1.3.6.1.4.1.57264.1.8 (and the older .1.1) carry the OIDC issuer, as
 * Fulcio writes them.
 */
import "reflect-metadata";
import { createPrivateKey, type KeyObject, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** DER UTF8String, as Fulcio encodes the .1.8 issuer. */
function utf8String(value: string): Buffer {
  const bytes = Buffer.from(value);
  if (bytes.length > 127) throw new RangeError("test issuer too long");
  return Buffer.concat([Buffer.from([0x0c, bytes.length]), bytes]);
}

export interface KeylessSigner {
  /** The leaf's private key, as a node:crypto KeyObject for signing. */
  privateKey: KeyObject;
  certificatePem: string;
  caPem: string;
}

export async function keylessSigner(identity: string, issuer: string): Promise<KeylessSigner> {
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Galleon test Fulcio, O=Galleon tests",
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leafKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const sanType = identity.includes("@") && !identity.includes("://") ? "email" : "url";
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject: "",
    issuer: ca.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 600_000),
    signingKey: caKeys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: sanType, value: identity }], true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.Extension("1.3.6.1.4.1.57264.1.1", false, new Uint8Array(Buffer.from(issuer))),
      new x509.Extension("1.3.6.1.4.1.57264.1.8", false, new Uint8Array(utf8String(issuer))),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey));
  return {
    privateKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }),
    certificatePem: leaf.toString("pem"),
    caPem: ca.toString("pem"),
  };
}

/** A Notation-style signer: a self-signed certificate naming `subject`, DER, and its private key. */
export async function signerCertificate(subject: string): Promise<{ der: Buffer; privateKey: KeyObject }> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "03",
    name: subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    keys,
    signingAlgorithm: ALGORITHM,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  return { der: Buffer.from(certificate.rawData), privateKey: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }) };
}

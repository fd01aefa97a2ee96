/** Signatures, SBOMs, attestations and reports attached to images: read from their content, pure. */
export * from "./types";
export { ATTACHMENT_BOUNDS } from "./read-bounds";
export { ArtifactTypes, readAttachment, layersToRead, type ArtifactManifest, type FetchedBlobs } from "./read";
export { cosignKey, NOTATION_NOT_VERIFIED, signatureVerification, verifyCosignSignature, type Verification } from "./verify";

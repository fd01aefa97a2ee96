import "server-only";
import sharp from "sharp";
import { can, type Principal } from "@/lib/auth/policy";
import type { Catalog } from "@/lib/catalog/database.server";
import { findUploadedLogo } from "@/lib/catalog/publishing";
import { PUBLIC } from "@/lib/catalog/repositories";
import { PublisherError } from "./errors";
import { LOGO_RULES } from "./logo-rules";

type LogoType = (typeof LOGO_RULES.mediaTypes)[number];

const TYPE_NAMES: Record<LogoType, string> = { "image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP" };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Enough pixels for the largest accepted logo; sharp refuses bigger images before decoding them.
const MAX_PIXELS = LOGO_RULES.maxSide * LOGO_RULES.maxSide;

/** The format the bytes are, by their magic bytes: the upload's claimed type is only checked against it. */
function sniff(bytes: Buffer): LogoType | null {
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.toString("latin1", 0, 4) === "RIFF" && bytes.toString("latin1", 8, 12) === "WEBP") return "image/webp";
  return null;
}

function unsupported(bytes: Buffer): PublisherError {
  const head = bytes.toString("utf8", 0, 512).trimStart().toLowerCase();
  const what =
    head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))
      ? "SVG logos are not accepted (they can carry scripts)"
      : head.startsWith("gif8")
        ? "GIF logos are not accepted"
        : "This file is not a PNG, JPEG or WebP image";
  return new PublisherError(415, `${what}: upload a PNG, JPEG or WebP image.`, "logo");
}

/** A logo larger than the limit, refused as soon as its upload passes it. */
export const logoTooLarge = () =>
  new PublisherError(413, `The logo is larger than ${LOGO_RULES.maxBytes / 1024} KB: upload a smaller image.`, "logo");

export interface ProcessedLogo {
  mediaType: "image/webp";
  bytes: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
}

/**
 * Checks an uploaded logo (format by magic bytes and as claimed, size,
 * dimensions read from the header before any decoding) and re-encodes it to
 * WebP: only pixels survive, no metadata and nothing the browser could sniff
 * as something else. Refusals are PublisherErrors on the field "logo".
 */
export async function processLogo(bytes: Buffer, claimedType: string | null): Promise<ProcessedLogo> {
  if (bytes.length > LOGO_RULES.maxBytes) throw logoTooLarge();
  const actual = sniff(bytes);
  if (!actual) throw unsupported(bytes);
  const claimed = claimedType?.split(";")[0]?.trim().toLowerCase() || "no type";
  if (claimed !== actual) {
    throw new PublisherError(
      415,
      `This file is a ${TYPE_NAMES[actual]} image but was sent as ${claimed}: rename it to its real type, or convert it.`,
      "logo",
    );
  }
  const image = () => sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "error" });
  const { width = 0, height = 0 } = await image()
    .metadata()
    .catch(() => ({ width: 0, height: 0 }));
  if (width === 0 || height === 0) {
    throw new PublisherError(400, "This image could not be read: the file is damaged or incomplete.", "logo");
  }
  const { minSide, maxSide } = LOGO_RULES;
  if (Math.min(width, height) < minSide || Math.max(width, height) > maxSide) {
    throw new PublisherError(
      400,
      `The logo is ${width}×${height} pixels: each side must be ${minSide} to ${maxSide} pixels.`,
      "logo",
    );
  }
  try {
    // rotate() applies the EXIF orientation before the metadata is dropped.
    const { data, info } = await image().rotate().webp({ quality: 90 }).toBuffer({ resolveWithObject: true });
    return { mediaType: "image/webp", bytes: new Uint8Array(data), width: info.width, height: info.height };
  } catch {
    throw new PublisherError(400, "This image could not be read: the file is damaged or incomplete.", "logo");
  }
}

/** Where the gallery serves a repository's uploaded logo; the revision makes every upload a new URL (long caching). */
export function logoUrl(registryPath: string, revision: number | string): string {
  return `/logos/${registryPath}?v=${revision}`;
}

/**
 * The uploaded logo of the repository at `registryPath`, when the public may
 * see the repository or the requester may read it (`requester` is asked only
 * then); null otherwise (answered like an unknown path). `current` says
 * whether `version` (the ?v=) is the one the repository links to, so it may
 * be cached for good.
 */
export async function findServableLogo(
  db: Catalog,
  registryPath: string,
  version: string | null,
  requester: () => Promise<Principal | null>,
) {
  const repository = await findUploadedLogo(db, registryPath);
  if (!repository?.uploadedLogo) return null;
  const isPublic = repository.visibility === PUBLIC.visibility && repository.inRegistry === PUBLIC.inRegistry;
  if (!isPublic && !can(await requester(), "read", repository.namespaceName)) return null;
  const current = version !== null && repository.logo === logoUrl(registryPath, version);
  return { ...repository.uploadedLogo, isPublic, current };
}

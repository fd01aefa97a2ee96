/** How numbers, dates and registry values read on the pages. Pure. */

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** Decimal units, as registries and Docker show image sizes. */
export function formatBytes(bytes: number | bigint | null): string {
  if (bytes === null) return "—";
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

// Formatters are built once: building one costs far more than using it, and a tags page formats hundreds of values.
const WHOLE = new Intl.NumberFormat("en");
const COMPACT = new Intl.NumberFormat("en", { notation: "compact" });
const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "1 repository", "10,000 tags" */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${WHOLE.format(count)} ${count === 1 ? singular : pluralForm}`;
}

/** "9,999", then "10K" */
export function formatCount(value: number): string {
  return (value >= 10_000 ? COMPACT : WHOLE).format(value);
}

/** "27 Nov 2026", in UTC so server and browser render the same text. */
export function formatDate(date: Date): string {
  return DAY.format(date);
}

/** "sha256:0123456789ab" — enough to recognise a digest. */
export function shortDigest(digest: string): string {
  const [algorithm, hex = ""] = digest.split(":");
  return `${algorithm}:${hex.slice(0, 12)}`;
}

const KIND_LABELS: Record<string, string> = {
  "oci-index": "OCI index",
  "oci-image": "OCI image",
  "docker-manifest-list": "Docker manifest list",
  "docker-schema2": "Docker image",
  "docker-schema1": "Docker schema 1 (legacy)",
  artifact: "Artifact",
};

/** What a manifest kind is, in words. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

const stated = (value: string) => value !== "" && value !== "unknown";

/** "linux/arm64/v8"; "platform not stated" when the manifest names no operating system or architecture. */
export function platformLabel(platform: { os: string; architecture: string; variant: string | null }): string {
  if (!stated(platform.os) || !stated(platform.architecture)) return "platform not stated";
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

/** "machine-learning" → "Machine learning" */
export function categoryLabel(category: string): string {
  const words = category.replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

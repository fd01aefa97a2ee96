/**
 * Orders tags the way people read versions: newest first by semantic
 * version ("v" prefix and missing minor/patch allowed: "1.27" is 1.27.0),
 * a release before its pre-releases, and tags that are not versions
 * ("latest", "edge") after all versions, by name. Pure.
 */

interface Version {
  numbers: [number, number, number];
  prerelease: string[];
}

const VERSION = /^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(tag: string): Version | null {
  const match = VERSION.exec(tag);
  if (!match) return null;
  return {
    numbers: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)],
    prerelease: match[4] ? match[4].split(".") : [],
  };
}

/** Semver's pre-release precedence: numeric identifiers below alphanumeric ones, fewer fields first. */
function comparePrerelease(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release ranks above its pre-releases
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    const [xn, yn] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (xn && yn && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    if (!xn && x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    if (a.numbers[i] !== b.numbers[i]) return a.numbers[i]! - b.numbers[i]!;
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

/** `items` newest version first, non-versions last by name; each name is parsed once (for thousands of tags). */
export function sortNewestFirst<T>(items: T[], nameOf: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, name: nameOf(item), version: parseVersion(nameOf(item)) }))
    .sort(compareParsed)
    .map(({ item }) => item);
}

function compareParsed(a: { name: string; version: Version | null }, b: { name: string; version: Version | null }): number {
  if (a.version && b.version) return compareVersions(b.version, a.version) || a.name.localeCompare(b.name);
  if (a.version || b.version) return a.version ? -1 : 1;
  return a.name.localeCompare(b.name);
}

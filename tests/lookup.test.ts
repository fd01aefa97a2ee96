/** Tag and digest lookups from the search box, on a real, migrated catalog. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_DIGEST_MATCHES, findPublicDigests, findPublicTag } from "@/lib/catalog/lookup";
import { saveRepository } from "@/lib/catalog/publishing";
import { applyTagSync, recordDiscovered } from "@/lib/catalog/sync";
import { lookUp, parseLookup } from "@/lib/http/public-search";
import type { PlatformImage, ResolvedTag } from "@/lib/registry/types";
import { SearchQueryError } from "@/lib/search/query";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { testDigest, testPlatform, testTag } from "./support/resolved-tags";

const digest = testDigest;
/** Two digests sharing their first 12 digits. */
const NGINX_INDEX = digest("abcdef0123450");
const CLI_IMAGE = digest("abcdef0123451");
const NGINX_AMD64 = digest("1111");
const NGINX_ARM64 = digest("2222");
const SECRET = digest("5ec7e7");
const SECRET_AMD64 = digest("5ec7e8");
const GONE = digest("9011e");

const platform = (architecture: string, variant: string | null, digest: string) => testPlatform(architecture, digest, variant);
const tag = (name: string, digest: string, platforms: PlatformImage[] = []) => testTag(name, digest, platforms);

async function repository(path: string, visibility: "PUBLIC" | "PRIVATE", tags: ResolvedTag[], discovered = true) {
  if (discovered) await recordDiscovered(catalog.db, path);
  await saveRepository(catalog.db, path, { visibility });
  await applyTagSync(catalog.db, path, { present: tags.map((t) => t.tag), changed: tags, errors: [] });
}

let catalog: TestCatalog;
beforeAll(async () => {
  catalog = createTestCatalog();
  const nginx = [platform("amd64", null, NGINX_AMD64), platform("arm64", "v8", NGINX_ARM64)];
  await repository("nginx", "PUBLIC", [tag("1.27", NGINX_INDEX, nginx), tag("latest", NGINX_INDEX, nginx)]);
  await repository("acme/tools/cli", "PUBLIC", [tag("v2.3.1", CLI_IMAGE, [platform("amd64", null, CLI_IMAGE)])]);
  await repository("acme/secret-billing", "PRIVATE", [tag("1.0.0", SECRET, [platform("amd64", null, SECRET_AMD64)])]);
  // Public, but no longer in the registry.
  await repository("acme/gone", "PUBLIC", [tag("1.0", GONE)], false);
  await repository("acme/many", "PUBLIC", Array.from({ length: MAX_DIGEST_MATCHES + 1 }, (_, i) => tag(`t${i}`, digest("3333"))));
});
afterAll(() => catalog?.dispose());

describe("findPublicTag", () => {
  it("tells a tag of a public repository from a missing one", async () => {
    expect(await findPublicTag(catalog.db, { namespace: "library", name: "nginx" }, "1.27")).toEqual({ exists: true });
    expect(await findPublicTag(catalog.db, { namespace: "acme", name: "tools/cli" }, "v2.3.1")).toEqual({ exists: true });
    expect(await findPublicTag(catalog.db, { namespace: "library", name: "nginx" }, "9.9")).toEqual({ exists: false });
  });

  it("answers private, gone and unknown repositories alike", async () => {
    for (const [namespace, name, tagName] of [
      ["acme", "secret-billing", "1.0.0"],
      ["acme", "gone", "1.0"],
      ["acme", "nothing", "1.0"],
    ] as const) {
      expect(await findPublicTag(catalog.db, { namespace, name }, tagName)).toBeNull();
    }
  });
});

describe("findPublicDigests", () => {
  it("finds every tag of a full digest", async () => {
    const { matches, truncated } = await findPublicDigests(catalog.db, NGINX_INDEX);
    expect(truncated).toBe(false);
    expect(matches).toEqual(
      ["1.27", "latest"].map((name) => ({
        digest: NGINX_INDEX,
        repository: { namespace: "library", name: "nginx" },
        tag: name,
        platform: null,
      })),
    );
  });

  it("finds the tags whose index holds a platform manifest, and names the platform", async () => {
    const { matches } = await findPublicDigests(catalog.db, NGINX_ARM64.slice(0, 19));
    expect(matches.map((m) => [m.digest, m.tag, m.platform])).toEqual([
      [NGINX_ARM64, "1.27", { os: "linux", architecture: "arm64", variant: "v8" }],
      [NGINX_ARM64, "latest", { os: "linux", architecture: "arm64", variant: "v8" }],
    ]);
  });

  it("lists every digest a prefix matches, by digest", async () => {
    const { matches } = await findPublicDigests(catalog.db, "sha256:abcdef012345");
    expect(matches.map((m) => [m.digest, `${m.repository.namespace}/${m.repository.name}:${m.tag}`, m.platform?.architecture])).toEqual([
      [NGINX_INDEX, "library/nginx:1.27", undefined],
      [NGINX_INDEX, "library/nginx:latest", undefined],
      // A single-platform image's one platform is the tag's own manifest: listed once, as the tag's.
      [CLI_IMAGE, "acme/tools/cli:v2.3.1", undefined],
    ]);
  });

  it("finds nothing of private or gone repositories", async () => {
    for (const prefix of [SECRET, SECRET_AMD64, "sha256:5ec7e", GONE]) {
      expect(await findPublicDigests(catalog.db, prefix)).toEqual({ matches: [], truncated: false });
    }
  });

  it("stops at MAX_DIGEST_MATCHES and says so", async () => {
    const { matches, truncated } = await findPublicDigests(catalog.db, digest("3333"));
    expect([matches.length, truncated]).toEqual([MAX_DIGEST_MATCHES, true]);
  });
});

describe("the search box's lookups", () => {
  it("reads tag references as pulled, and leaves other text alone", () => {
    expect(parseLookup("nginx:1.27")).toEqual({ kind: "tag", repository: { namespace: "library", name: "nginx" }, tag: "1.27" });
    expect(parseLookup("library/nginx:1.27")).toEqual(parseLookup("nginx:1.27"));
    expect(parseLookup("Acme/Tools/CLI:v2.3.1")).toEqual({
      kind: "tag",
      repository: { namespace: "acme", name: "tools/cli" },
      tag: "v2.3.1",
    });
    for (const q of ["nginx", "nginx 1.27", "nginx:", ":1.27", "nginx:1.27:x", "nginx:-bad", "host:5000/nginx", "a b:c", "/nginx:1"]) {
      expect(parseLookup(q)).toBeNull();
    }
  });

  it("reads digests of 12 to 64 hex digits, in any case", () => {
    expect(parseLookup("sha256:ABCDEF012345")).toEqual({ kind: "digest", prefix: "sha256:abcdef012345" });
    expect(parseLookup(NGINX_INDEX)).toEqual({ kind: "digest", prefix: NGINX_INDEX });
    expect(() => parseLookup("sha256:abcdef01234")).toThrow(/at least 12 hex digits after "sha256:" \(this one has 11\)/);
    expect(() => parseLookup("sha256:")).toThrow(SearchQueryError);
    expect(() => parseLookup("sha256:xyz0123456789")).toThrow(/up to 64 hex digits/);
    expect(() => parseLookup(`${NGINX_INDEX}0`)).toThrow(/up to 64 hex digits/);
  });

  it("looks up a public repository's tag, and treats a private one as text", async () => {
    expect(await lookUp(catalog.db, "nginx:9.9")).toMatchObject({ kind: "tag", exists: false });
    expect(await lookUp(catalog.db, "acme/tools/cli:v2.3.1")).toMatchObject({ kind: "tag", exists: true });
    expect(await lookUp(catalog.db, "acme/secret-billing:1.0.0")).toBeNull();
    expect(await lookUp(catalog.db, "nginx")).toBeNull();
    expect(await lookUp(catalog.db, SECRET)).toEqual({ kind: "digest", prefix: SECRET, matches: [], truncated: false });
  });
});

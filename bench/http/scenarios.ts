/** What the HTTP bench asks of the web app, with the goals of issue 10. */
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import type { CatalogSamples } from "./catalog";
import { COMMON_WORDS, PRIVATE_MARKER, PRODUCTS } from "./content";
import type { Figures, Goal, Scenario } from "./load";
import { seeded } from "./random";

const p95Within = (ms: number): Goal => ({ text: `p95 ≤ ${ms} ms`, met: (f) => f.p95 <= ms });
const PAGE_GOAL = p95Within(80);
export const MAX_RESPONSE_BYTES = 200 * 1024;
export const MAX_RSS_BYTES = 400 * 1024 ** 2;
export const MIXED_GOAL: Goal = {
  text: "≥ 300 req/s, p99 ≤ 250 ms, 0 errors",
  met: (f: Figures) => f.perSecond >= 300 && f.p99 <= 250 && f.errors === 0,
};

/** Search parameters as people use them: names, prefixes, typos, common words, phrases, filters, sorts, later pages. */
function searchQueries(samples: CatalogSamples): string[] {
  const random = seeded(42);
  const names = samples.repositories.slice(0, 500);
  const nameOf = (fullName: string) => fullName.slice(fullName.indexOf("/") + 1);
  const long = PRODUCTS.filter((p) => p.length >= 5);
  const swap = (word: string) => {
    const at = 1 + random.int(word.length - 2);
    return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  };
  const kinds: Array<() => Record<string, string>> = [
    () => ({ q: nameOf(random.pick(names)) }),
    () => ({ q: random.pick(names) }),
    () => ({ q: random.pick(long).slice(0, 3 + random.int(3)) }),
    () => ({ q: swap(random.pick(long)) }),
    () => ({ q: random.pick(["build", "server", "docker", "image", "latest", "production", "data"]) }),
    () => ({ q: `${random.pick(PRODUCTS)} ${random.pick(["proxy", "backup", "operator", "exporter", "cache"])}` }),
    () => ({ q: `${random.pick(COMMON_WORDS.slice(20, 60))} ${random.pick(PRODUCTS)} ${random.pick(COMMON_WORDS.slice(20, 60))}` }),
    () => ({ q: random.pick(PRODUCTS), arch: random.pick(["arm64", "s390x", "ppc64le"]) }),
    () => ({ q: random.pick(PRODUCTS), category: random.pick(CATEGORIES), sort: "pulls" }),
    () => ({ q: random.pick(["", "server", "tools"]), verified: "true", sort: random.pick(["pulls", "updated"]) }),
    () => ({ q: "", official: "true" }),
    () => ({ q: "", namespace: random.pick(samples.namespaces.slice(0, 50)), sort: "updated" }),
    () => ({ q: random.pick(["", "build", random.pick(PRODUCTS)]), page: String(2 + random.int(4)) }),
    // A private repository's name (less the marker, which the page repeats as the query) in its namespace.
    () => {
      const fullName = random.pick(samples.privates);
      return { q: nameOf(fullName).replace(`-${PRIVATE_MARKER}`, ""), namespace: fullName.slice(0, fullName.indexOf("/")) };
    },
  ];
  return Array.from({ length: 280 }, (_, i) => new URLSearchParams(kinds[i % kinds.length]!()).toString());
}

/** The search box as it is typed: prefixes of names, one letter up to the whole name. */
function suggestions(samples: CatalogSamples): string[] {
  const random = seeded(43);
  return samples.repositories.slice(0, 300).map((fullName) => {
    const name = fullName.slice(fullName.indexOf("/") + 1);
    return `/api/v1/suggest?${new URLSearchParams({ q: name.slice(0, 1 + random.int(name.length)), limit: "8" })}`;
  });
}

/** A scenario, and its share of the requests of the mixed load (in percent). */
type Weighted = Scenario & { mixShare: number };

/**
 * The scenarios run one after the other at 16 connections, the baseline
 * first and the home page last: at 100,000 repositories before issue 10 its
 * requests kept the server busy for minutes and spoilt whatever came next.
 */
export function singleScenarios(samples: CatalogSamples, seconds: number): Weighted[] {
  const queries = searchQueries(samples);
  const [large] = samples.large;
  const repositoryPage = `/${large!.fullName}`;
  const scenario = (label: string, mixShare: number, paths: string[], goal?: Goal): Weighted => ({
    label,
    connections: 16,
    seconds,
    paths,
    goal,
    mixShare,
  });
  return [
    scenario("baseline /robots.txt", 2, ["/robots.txt"]),
    scenario("search API", 20, queries.map((q) => `/api/v1/search?${q}`), p95Within(40)),
    scenario("search page", 12, queries.map((q) => `/search?${q}`), PAGE_GOAL),
    scenario("suggestions", 20, suggestions(samples)),
    scenario(`large repository (${large!.tags} tags)`, 5, [repositoryPage], PAGE_GOAL),
    scenario(
      "its tags tab",
      5,
      ["semver", "pushed", "name"].flatMap((sort) => [1, 2, 3].map((page) => `${repositoryPage}?tab=tags&sort=${sort}&page=${page}`)),
      PAGE_GOAL,
    ),
    scenario("a tag page", 5, [`${repositoryPage}/tags/${large!.tag}`], PAGE_GOAL),
    // Thousands of distinct repositories: no render cache holds them all.
    scenario("distinct repository pages", 25, samples.repositories.map((fullName) => `/${fullName}`), PAGE_GOAL),
    scenario("home page", 6, ["/"], PAGE_GOAL),
  ];
}

/** Everything at once, weighted as visitors spread over a gallery. */
export function mixedScenario(samples: CatalogSamples, seconds: number): Scenario {
  const singles = singleScenarios(samples, seconds);
  const paths: string[] = [];
  const cursors = singles.map(() => 0);
  // Interleaved so that each stretch of requests has the whole mix.
  for (let round = 0; paths.length < 20_000; round++) {
    singles.forEach((s, i) => {
      if (round % 100 < s.mixShare) paths.push(s.paths[cursors[i]!++ % s.paths.length]!);
    });
  }
  return { label: "mixed", connections: 32, seconds, paths, goal: MIXED_GOAL };
}

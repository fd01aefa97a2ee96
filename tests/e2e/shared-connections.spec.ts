/**
 * One search engine and one catalog client per web process (lib/search/shared.ts,
 * lib/catalog/database.server.ts): Next bundles proxy.ts apart from the app's
 * routes, and each bundle once opened the search index and the catalog on its
 * own, with their caches twice in memory. Counted from the files the running
 * server has open (Linux's /proc), after the proxy and the pages both used them.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { searchThreadCount } from "@/lib/search/embedded/search-threads";
import { expect, test } from "./fixtures";

/**
 * The files each process of the web app at `url` has open, by process id: found by the
 * GALLEON_PUBLIC_URL scripts/web.ts gave it (Next replaces its command line with a title).
 */
function openFilesOfWebApp(url: string): Map<number, string[]> {
  const servers = new Map<number, string[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let files: string[];
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`GALLEON_PUBLIC_URL=${url}`)) continue;
      files = readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
        } catch {
          return []; // closed meanwhile
        }
      });
    } catch {
      continue; // not ours, or gone
    }
    servers.set(pid, files);
  }
  return servers;
}

test("each web process opens the search index and the catalog once, for the proxy and the pages alike", async ({ request }) => {
  test.skip(process.platform !== "linux", "reads /proc");
  // The home page and the search API: the proxy reads both generations (catalog and index) for the
  // response cache, then the page or the route reads both again for what it shows.
  for (const path of ["/", "/api/v1/search?q=nginx", "/search?q=nginx", "/library/nginx"]) {
    expect((await request.get(path)).status(), path).toBe(200);
  }
  const servers = openFilesOfWebApp(process.env.GALLEON_E2E_URL!);
  const catalogUrl = process.env.GALLEON_E2E_DATABASE_URL!;
  // A SQLite catalog's "file:" URL names the file as is (lib/catalog/database.server.ts); PostgreSQL has no file.
  const catalogFile = catalogUrl.startsWith("file:") ? catalogUrl.slice("file:".length) : null;
  const opened = [...servers.values()].filter((files) => files.some((file) => file.endsWith("/search.db")));
  expect(opened.length, "a web process with the search index open").toBeGreaterThan(0);
  // One engine: its connection on this thread and one per search thread (the web app inherits this environment).
  const searchConnections = 1 + searchThreadCount();
  for (const files of opened) {
    expect(files.filter((file) => file.endsWith("/search.db"))).toHaveLength(searchConnections);
    if (catalogFile) expect(files.filter((file) => file === catalogFile)).toHaveLength(1);
  }
});

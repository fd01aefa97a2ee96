import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants.js";
import { buildSearchWorker } from "./scripts/search-worker.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The Dockerfile builds with NEXT_OUTPUT=standalone and runs .next/standalone, the server with
  // only the files it needs; `next start` (tests, demo) refuses that output, so only there.
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" } : {}),
  // The catalog's Prisma client and both search drivers are Node-only; Next
  // keeps better-sqlite3 and @prisma/client external by default. prom-client
  // keeps one registry per process, which route bundles must share.
  serverExternalPackages: ["meilisearch", "prom-client"],
  // The sitemap index's files sit at the site's root, as the protocol wants (a sitemap lists
  // only URLs under its own folder); app/sitemap.xml/[file] serves them.
  async rewrites() {
    return [{ source: "/sitemap-:file.xml", destination: "/sitemap.xml/:file" }];
  },
};

/** Before Next compiles the app, the search threads' bundle it copies (scripts/search-worker.mjs). */
export default async function config(phase) {
  if (phase === PHASE_PRODUCTION_BUILD || phase === PHASE_DEVELOPMENT_SERVER) await buildSearchWorker();
  return nextConfig;
}

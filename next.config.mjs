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
};

export default nextConfig;

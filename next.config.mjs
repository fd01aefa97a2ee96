/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The catalog's Prisma client and both search drivers are Node-only; Next
  // keeps better-sqlite3 and @prisma/client external by default.
  serverExternalPackages: ["meilisearch"],
};

export default nextConfig;

# syntax=docker/dockerfile:1
# Galleon's two processes from one build (README "Deployment"):
#   docker build --target web -t galleon-web .
#   docker build --target indexer -t galleon-indexer .
# Both run as the unprivileged `node` user and keep their data in /data.

FROM node:20.20-bookworm-slim AS base
ENV NEXT_TELEMETRY_DISABLED=1
WORKDIR /app

# Every dependency, with the toolchain better-sqlite3 compiles with.
FROM base AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3=3.11.* make=4.3-* g++=4:12.* \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The web app in Next's standalone output: the server and only the files it needs.
FROM deps AS build
COPY . .
RUN npx prisma generate && NEXT_OUTPUT=standalone npx next build

# What the indexer runs: the sources and every dependency (it runs TypeScript through tsx, and
# Prisma's CLI, a development dependency, applies the catalog's migrations; the `galleon` CLI is here too).
FROM deps AS indexer-deps
COPY . .
RUN npx prisma generate

FROM base AS web
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/catalog.db \
    GALLEON_SEARCH_DB=/data/search.db
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/scripts/web-processes.mjs ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# GALLEON_WEB_PROCESSES (default 1) processes of server.js on one port (README "Growing beyond one machine").
CMD ["node", "web-processes.mjs", "--server", "server.js"]

FROM base AS indexer
ENV NODE_ENV=production \
    DATABASE_URL=file:/data/catalog.db \
    GALLEON_SEARCH_DB=/data/search.db \
    GALLEON_EVENTS_HOST=0.0.0.0 \
    GALLEON_INDEXER_HEALTH_HOST=0.0.0.0
COPY --from=indexer-deps --chown=node:node /app ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 5001 5002
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.GALLEON_INDEXER_HEALTH_PORT||5002)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# First the catalog's migrations (the indexer writes the schema) and the registry token keys
# (the registry reads their bundle when it starts), then the indexer.
CMD ["sh", "-c", "npx prisma migrate deploy && npx galleon admin registry-key show >/dev/null && exec npx tsx indexer/main.ts"]

#!/usr/bin/env bash
# Installs whatever is missing on this machine, and nothing that is there already:
# Debian's docker-registry (the real CNCF Distribution registry), postgresql,
# chromium, skopeo and libxml2-utils, the npm packages, and the generated Prisma clients. Safe to run
# again and again. Chromium, skopeo and libxml2-utils only with --with-browser (the
# tests need them, the demo does not).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
# PostgreSQL catalogs (DATABASE_URL=postgresql://…, decision 0016); the tests start throwaway
# clusters with its binaries, never the system service.
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/chromium ]; then missing+=(chromium); fi
# skopeo is the registry client of the token-auth tests (tests/registry-token.test.ts).
if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/skopeo ]; then missing+=(skopeo); fi
# xmllint validates the Atom feeds against RFC 4287's RELAX NG grammar (tests/support/atom.rng).
if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/xmllint ]; then missing+=(libxml2-utils); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund
fi

# The PostgreSQL schema is generated from prisma/schema.prisma (scripts/postgres-schema.ts).
if [ ! -f lib/catalog/generated/client.ts ] || [ prisma/schema.prisma -nt lib/catalog/generated/client.ts ]; then
  npx prisma generate >/dev/null
fi
if [ ! -f lib/catalog/generated-postgresql/client.ts ] || [ prisma/postgresql/schema.prisma -nt lib/catalog/generated-postgresql/client.ts ]; then
  npx prisma generate --schema prisma/postgresql/schema.prisma >/dev/null
fi

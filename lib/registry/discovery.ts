/**
 * Which repositories to index. The OCI distribution spec has no catalog
 * endpoint (ECR has none), so finding repositories is pluggable.
 */

import type { RegistryClient } from "./client";

export interface RepositoryDiscovery {
  listRepositories(): AsyncIterable<string>;
}

/** Distribution's /v2/_catalog, page by page. */
export class CatalogDiscovery implements RepositoryDiscovery {
  constructor(
    private readonly client: RegistryClient,
    /** 1..1000 */
    private readonly pageSize = 100,
  ) {}

  listRepositories(): AsyncIterable<string> {
    return this.client.listRepositories(this.pageSize);
  }
}

/** A fixed list, e.g. from configuration, for registries without a catalog. */
export class StaticDiscovery implements RepositoryDiscovery {
  private readonly repositories: readonly string[];

  constructor(repositories: Iterable<string>) {
    this.repositories = [...new Set(repositories)];
  }

  async *listRepositories(): AsyncIterable<string> {
    yield* this.repositories;
  }
}

/**
 * GALLEON_DISCOVERY=catalog|static; static reads GALLEON_REPOSITORIES=a,b,c.
 * Without GALLEON_DISCOVERY: static when GALLEON_REPOSITORIES is set, else catalog.
 */
export function createDiscovery(
  client: RegistryClient,
  env: Record<string, string | undefined> = process.env,
): RepositoryDiscovery {
  const repositories = (env.GALLEON_REPOSITORIES ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const mode = env.GALLEON_DISCOVERY || (repositories.length > 0 ? "static" : "catalog");
  switch (mode) {
    case "catalog":
      return new CatalogDiscovery(client);
    case "static":
      if (repositories.length === 0) throw new Error("GALLEON_DISCOVERY=static needs GALLEON_REPOSITORIES=a,b,c");
      return new StaticDiscovery(repositories);
    default:
      throw new Error(`GALLEON_DISCOVERY must be "catalog" or "static", not "${mode}"`);
  }
}

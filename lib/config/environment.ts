/** Settings shared by the processes, read from the environment (see README). */

export const DEFAULT_REGISTRY_URL = "http://127.0.0.1:5000";

/** Host (and port) users pull from: GALLEON_REGISTRY_PUBLIC_HOST, else the host of the registry URL. */
export function registryPublicHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.GALLEON_REGISTRY_PUBLIC_HOST || new URL(env.GALLEON_REGISTRY_URL || DEFAULT_REGISTRY_URL).host;
}

/** Where the gallery is served, for absolute links in the sitemap and OpenGraph data. */
export function siteUrl(env: NodeJS.ProcessEnv = process.env): URL {
  return new URL(env.GALLEON_PUBLIC_URL || "http://127.0.0.1:3000");
}

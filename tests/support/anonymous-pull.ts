import { parseChallenges } from "@/lib/registry/auth";
import { MANIFEST_ACCEPT } from "@/lib/registry/media-types";

/**
 * GETs a manifest as `docker pull` does without a login: asked for a token by
 * a token-mode registry, it gets an anonymous one from the realm and retries.
 */
export async function anonymousManifestGet(registryUrl: string, repository: string, reference: string): Promise<Response> {
  const url = `${registryUrl}/v2/${repository}/manifests/${reference}`;
  const first = await fetch(url, { headers: { Accept: MANIFEST_ACCEPT } });
  const bearer = parseChallenges(first.headers.get("www-authenticate") ?? "").find((c) => c.scheme === "bearer");
  if (first.status !== 401 || !bearer?.params.realm) return first;
  await first.body?.cancel();
  const realm = new URL(bearer.params.realm);
  realm.searchParams.set("service", bearer.params.service ?? "");
  realm.searchParams.set("scope", bearer.params.scope ?? "");
  const { token } = (await (await fetch(realm)).json()) as { token: string };
  return fetch(url, { headers: { Accept: MANIFEST_ACCEPT, Authorization: `Bearer ${token}` } });
}

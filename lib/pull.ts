/** Pull commands as users type them. Pure. */

export type PullTarget = { tag: string } | { digest: string };

/** "host/path:tag" or "host/path@sha256:…" */
export function imageReference(host: string, path: string, target: PullTarget): string {
  return "tag" in target ? `${host}/${path}:${target.tag}` : `${host}/${path}@${target.digest}`;
}

export function dockerPull(host: string, path: string, target: PullTarget): string {
  return `docker pull ${imageReference(host, path, target)}`;
}

/**
 * Registry paths map to gallery names: the first segment is the namespace,
 * the rest the repository name ("acme/tools/cli" → acme, tools/cli).
 * Top-level paths ("nginx") belong to the "library" namespace, as on Docker Hub.
 */
export const ROOT_NAMESPACE = "library";

export interface RepositoryName {
  namespace: string;
  name: string;
}

export function splitRepositoryPath(path: string): RepositoryName {
  const slash = path.indexOf("/");
  if (slash === -1) return { namespace: ROOT_NAMESPACE, name: path };
  return { namespace: path.slice(0, slash), name: path.slice(slash + 1) };
}

/** "<namespace>/<name>": the repository's key in pages and in search. */
export function fullNameOf({ namespace, name }: RepositoryName): string {
  return `${namespace}/${name}`;
}

/** Pull commands and manifests as users type them. Pure. */
import { HELM_CONFIG_MEDIA_TYPE } from "../registry/helm";

export type PullTarget = { tag: string } | { digest: string };

/** "host/path:tag" or "host/path@sha256:…": always fully qualified, as podman wants it. */
export function imageReference(host: string, path: string, target: PullTarget): string {
  return "tag" in target ? `${host}/${path}:${target.tag}` : `${host}/${path}@${target.digest}`;
}

/**
 * A DNS-1123 label (what Kubernetes wants for Deployment, label and container
 * names) from the repository's last path segment. Registry names are lowercase
 * and start with a letter or digit; "." and "_" become "-", and 63 characters at most.
 */
export function workloadName(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.replace(/[^a-z0-9-]+/g, "-").slice(0, 63).replace(/-+$/, "");
}

/** A plain YAML scalar when it is one (references always are, unless the host is an IPv6 literal), else quoted. */
function yamlString(value: string): string {
  return /^[a-z0-9][\w.:/@-]*$/i.test(value) ? value : JSON.stringify(value);
}

/** How each form reads the image reference and the workload name. */
const FORMS = {
  docker: { label: "docker", describes: "docker pull command", text: (ref: string) => `docker pull ${ref}` },
  podman: { label: "podman", describes: "podman pull command", text: (ref: string) => `podman pull ${ref}` },
  nerdctl: { label: "nerdctl", describes: "nerdctl pull command", text: (ref: string) => `nerdctl pull ${ref}` },
  // crane has no image store: it pulls into a tarball.
  crane: { label: "crane", describes: "crane pull command", text: (ref: string, name: string) => `crane pull ${ref} ${name}.tar` },
  kubernetes: {
    label: "Kubernetes",
    describes: "Kubernetes Deployment",
    text: (ref: string, name: string) =>
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        `  name: ${name}`,
        "spec:",
        "  selector:",
        "    matchLabels:",
        `      app: ${name}`,
        "  template:",
        "    metadata:",
        "      labels:",
        `        app: ${name}`,
        "    spec:",
        "      containers:",
        `        - name: ${name}`,
        `          image: ${yamlString(ref)}`,
      ].join("\n"),
  },
  compose: {
    label: "Compose",
    describes: "Compose service",
    text: (ref: string, name: string) => ["services:", `  ${name}:`, `    image: ${yamlString(ref)}`].join("\n"),
  },
} satisfies Record<string, { label: string; describes: string; text: (ref: string, name: string) => string }>;

export type PullForm = keyof typeof FORMS;
/** In the order the tabs show them; the first is the default. */
export const PULL_FORMS = Object.keys(FORMS) as [PullForm, ...PullForm[]];

/** The tab's name ("docker") and what its text is ("docker pull command"). */
export function pullFormLabels(form: PullForm): { label: string; describes: string } {
  const { label, describes } = FORMS[form];
  return { label, describes };
}

/** The exact text a form shows and copies for one tag or digest of a repository. */
export function pullText(form: PullForm, host: string, path: string, target: PullTarget): string {
  return FORMS[form].text(imageReference(host, path, target), workloadName(path));
}

export function dockerPull(host: string, path: string, target: PullTarget): string {
  return pullText("docker", host, path, target);
}

/** A Helm chart is pulled and installed with helm, not run as an image. */
export function isHelmChart(artifactType: string | null): boolean {
  return artifactType === HELM_CONFIG_MEDIA_TYPE;
}

/**
 * helm's commands for one chart version. helm names a chart after the last
 * segment of its path, spells a version's "+" as "_" in tags, and installs
 * a release named here after the chart.
 */
export function helmCommands(host: string, path: string, tag: string): { pull: string; install: string } {
  const chart = `oci://${host}/${path}`;
  const version = tag.replace(/_/g, "+");
  return {
    pull: `helm pull ${chart} --version ${version}`,
    install: `helm install ${workloadName(path)} ${chart} --version ${version}`,
  };
}

import { expect, test } from "vitest";
import { dockerPull, imageReference, PULL_FORMS, pullText, workloadName } from "@/lib/pull/commands";

const HOST = "registry.example.com:5000";
const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

test("every command form pulls the fully qualified reference, by tag or pinned by digest", () => {
  const tag = { tag: "1.27.3" };
  const digest = { digest: DIGEST };
  expect(imageReference(HOST, "acme/tools/cli", tag)).toBe(`${HOST}/acme/tools/cli:1.27.3`);
  expect(pullText("docker", HOST, "acme/tools/cli", tag)).toBe(`docker pull ${HOST}/acme/tools/cli:1.27.3`);
  expect(pullText("podman", HOST, "acme/tools/cli", digest)).toBe(`podman pull ${HOST}/acme/tools/cli@${DIGEST}`);
  expect(pullText("nerdctl", HOST, "acme/tools/cli", tag)).toBe(`nerdctl pull ${HOST}/acme/tools/cli:1.27.3`);
  expect(pullText("crane", HOST, "acme/tools/cli", digest)).toBe(`crane pull ${HOST}/acme/tools/cli@${DIGEST} cli.tar`);
  expect(dockerPull(HOST, "nginx", digest)).toBe(`docker pull ${HOST}/nginx@${DIGEST}`);
});

test("the tabs offer six forms, docker first", () => {
  expect(PULL_FORMS).toEqual(["docker", "podman", "nerdctl", "crane", "kubernetes", "compose"]);
});

test("the Kubernetes Deployment is minimal apps/v1 YAML whose selector matches its pod labels", () => {
  expect(pullText("kubernetes", HOST, "acme/charts/web_app.v2", { digest: DIGEST })).toBe(
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-app-v2
spec:
  selector:
    matchLabels:
      app: web-app-v2
  template:
    metadata:
      labels:
        app: web-app-v2
    spec:
      containers:
        - name: web-app-v2
          image: ${HOST}/acme/charts/web_app.v2@${DIGEST}`,
  );
});

test("the Compose snippet is one service named after the repository", () => {
  expect(pullText("compose", HOST, "nimbus/metrics-agent", { tag: "latest" })).toBe(
    `services:
  metrics-agent:
    image: ${HOST}/nimbus/metrics-agent:latest`,
  );
});

test("an image reference YAML would misread is quoted", () => {
  expect(pullText("compose", "[::1]:5000", "redis", { tag: "7" })).toBe(`services:
  redis:
    image: "[::1]:5000/redis:7"`);
});

test("workload names are DNS-1123 labels: letters, digits and inner hyphens, 63 at most", () => {
  expect(workloadName("nginx")).toBe("nginx");
  expect(workloadName("acme/tools/cli")).toBe("cli");
  expect(workloadName("a/my.app_name__x")).toBe("my-app-name-x");
  expect(workloadName("ns/a-b--c")).toBe("a-b--c");
  const long = `ns/${"a".repeat(62)}.b${"c".repeat(10)}`;
  expect(workloadName(long)).toBe("a".repeat(62));
  for (const path of ["x/" + "b".repeat(100), long, "a/my.app_name__x", "ns/9lives"]) {
    expect(workloadName(path)).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
  }
});

/**
 * The deployment files, validated without a container engine (none runs on
 * our machines): compose.yaml against the Compose specification's JSON
 * schema (as dclint ships it) and dclint's rules, the Dockerfile with
 * dockerfile-utils' linter, and what each must
 * hold for Galleon (non-root, health checks, standalone output, every service).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";
import { validate as lintDockerfile } from "dockerfile-utils";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const dockerfile = readFileSync("Dockerfile", "utf8");
const composeSchema = JSON.parse(
  readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve("dclint/package.json")), "schemas/compose.schema.json"), "utf8"),
);
// It names draft 07 by its https address, which Ajv (draft 07 by default) knows by its http one.
delete composeSchema.$schema;
const validateCompose = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(composeSchema);
const compose = parse(readFileSync("compose.yaml", "utf8"), { merge: true }) as {
  services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, unknown>; build?: { target: string }; healthcheck?: unknown }>;
};

/** The stages of the Dockerfile: name and their instructions. */
function stages(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  let current: string[] = [];
  for (const line of dockerfile.replace(/\\\n\s*/g, " ").split("\n")) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) result.set(from[1]!, (current = []));
    else if (/^[A-Z]+\s/.test(line)) current.push(line);
  }
  return result;
}

describe("the Dockerfile", () => {
  it("passes dockerfile-utils' linter with no problem", () => {
    expect(lintDockerfile(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("builds the web app's standalone output and the indexer, each non-root with a health check", () => {
    const all = stages();
    expect([...all.keys()]).toEqual(expect.arrayContaining(["deps", "build", "web", "indexer"]));
    for (const name of ["web", "indexer"]) {
      const instructions = all.get(name)!;
      expect(instructions.filter((i) => i.startsWith("USER ")).at(-1), name).toBe("USER node");
      expect(instructions.some((i) => i.startsWith("HEALTHCHECK ") && i.includes("/healthz")), name).toBe(true);
    }
    expect(all.get("web")!.some((i) => i.includes("/app/.next/standalone"))).toBe(true);
    expect(all.get("build")!.some((i) => i.includes("NEXT_OUTPUT=standalone npx next build"))).toBe(true);
    expect(readFileSync("next.config.mjs", "utf8")).toMatch(/NEXT_OUTPUT === "standalone" \? \{ output: "standalone" \}/);
  });
});

describe("compose.yaml", () => {
  it("is valid against the Compose specification's schema", () => {
    const valid = validateCompose(compose);
    expect(validateCompose.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("passes dclint's rules", () => {
    // Exits non-zero, printing each problem, on any error or warning.
    execFileSync("npx", ["dclint", "--max-warnings", "0", "compose.yaml"], { stdio: "pipe" });
  });

  it("runs the registry, the web app, the indexer and Meilisearch, wired to each other", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["indexer", "meilisearch", "registry", "web"]);
    expect(compose.services.web!.build!.target).toBe("web");
    expect(compose.services.indexer!.build!.target).toBe("indexer");
    for (const name of ["web", "indexer"]) {
      expect(compose.services[name]!.environment).toMatchObject({ GALLEON_REGISTRY_URL: "http://registry:5000", MEILI_URL: "http://meilisearch:7700" });
    }
    const registryConfig = readFileSync("deploy/registry/config.yml", "utf8");
    expect(registryConfig).toContain(`url: http://indexer:${compose.services.indexer!.environment!.GALLEON_EVENTS_PORT}/events`);
    expect(compose.services.web!.depends_on).toHaveProperty("indexer");
  });

  it("the schema is strict enough to refuse a broken file", () => {
    expect(validateCompose({ services: { web: { image: "x", restart: 7, ports: "3000" } } })).toBe(false);
    expect(validateCompose({ services: { web: { image: "x", helthcheck: {} } } })).toBe(false);
  });
});

/**
 * The indexer's own HTTP port for operators: /healthz (the process answers),
 * /readyz (catalog and search reachable) and /metrics (Prometheus). Apart from
 * the events receiver, which is off without a secret and faces the registry.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { healthAnswer, metricsAnswer, type MetricsAnswer, readinessAnswer, type ReadinessChecks } from "@/lib/metrics";
import type { Logger } from "./log";

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

const standbyAnswer: MetricsAnswer = { status: 503, contentType: "application/json", body: JSON.stringify({ status: "standby" }) };

export async function startHealthServer(options: {
  host: string;
  port: number;
  checks: ReadinessChecks;
  /** True while another indexer is active: /readyz then answers 503 "standby", so nothing routes the registry's events here. */
  standby: () => boolean;
  log: Logger;
}): Promise<HealthServer> {
  const answers: Record<string, () => Promise<MetricsAnswer>> = {
    "/healthz": async () => healthAnswer(),
    "/readyz": async () => (options.standby() ? standbyAnswer : readinessAnswer(options.checks)),
    "/metrics": metricsAnswer,
  };
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0]!;
    const answer = answers[path];
    const refuse = (status: number, error: string, headers: Record<string, string> = {}) =>
      response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify({ error }));
    if (!answer) return refuse(404, "not found");
    if (request.method !== "GET" && request.method !== "HEAD") return refuse(405, "GET only", { allow: "GET, HEAD" });
    answer().then(
      ({ status, contentType, body }) =>
        response.writeHead(status, { "content-type": contentType, "cache-control": "no-store" }).end(request.method === "HEAD" ? undefined : body),
      (error: unknown) => {
        options.log.error("health request failed", { path, error });
        refuse(500, "internal error");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

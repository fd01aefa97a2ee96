/**
 * The few pieces the web app's and the indexer's health and metrics share
 * (README "Health and metrics"). Each process keeps its own metrics in
 * prom-client's default registry; neither imports the other.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, register, type Metric } from "prom-client";

export { register };

/** A metric created once per process, even when bundlers load this module twice. */
function once<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

export function histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets?: number[]) {
  return once(name, () => new Histogram<L>({ name, help, labelNames, ...(buckets ? { buckets } : {}) }));
}

export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []) {
  return once(name, () => new Counter<L>({ name, help, labelNames }));
}

export function gauge(name: string, help: string, collect: (gauge: Gauge) => Promise<void>) {
  return once(name, () => new Gauge({ name, help, async collect() { await collect(this); } }));
}

let defaults = false;
/** Node's own metrics (memory, event loop lag, GC) with the process's prefix. */
export function collectProcessMetrics(): void {
  if (defaults || register.getSingleMetric("process_cpu_seconds_total")) return;
  defaults = true;
  collectDefaultMetrics();
}

/** Seconds since `start` (from performance.now()). */
export const secondsSince = (start: number) => (performance.now() - start) / 1000;

export interface MetricsAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** The Prometheus text exposition of every metric of this process. */
export async function metricsAnswer(): Promise<MetricsAnswer> {
  return { status: 200, contentType: register.contentType, body: await register.metrics() };
}

/** Each readiness check: resolves when its dependency answers. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;
const CHECK_TIMEOUT_MS = 2000;

/**
 * Runs every check at once, each within CHECK_TIMEOUT_MS: 200 when all
 * answered, else 503; the body names each check's result (never an error's detail beyond its message).
 */
export async function readinessAnswer(checks: ReadinessChecks): Promise<MetricsAnswer> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, "ok"] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const ready = results.every(([, result]) => result === "ok");
  return {
    status: ready ? 200 : 503,
    contentType: "application/json",
    body: JSON.stringify({ status: ready ? "ready" : "not ready", checks: Object.fromEntries(results) }),
  };
}

/** The liveness answer: the process is running its event loop. */
export const healthAnswer = (): MetricsAnswer => ({
  status: 200,
  contentType: "application/json",
  body: JSON.stringify({ status: "ok" }),
});

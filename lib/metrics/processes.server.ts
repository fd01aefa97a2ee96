import "server-only";
/**
 * /metrics of N web processes on one port (scripts/web-processes.mjs): the
 * launcher hands each connection to one process, so that process asks the
 * launcher for the sum over every live process, and each process answers
 * the launcher with its own registry. The message types are the launcher's.
 */
import { randomUUID } from "node:crypto";
import { metricsAnswer, register, type MetricsAnswer } from "./index";

/** Set by the launcher on the processes it starts: it sums their metrics. */
const SUMMED_BY_LAUNCHER = "GALLEON_METRICS_VIA_LAUNCHER";
const ANSWERING = "galleon:metrics-answering";
const OWN = "galleon:metrics-own";
const SUM = "galleon:metrics-sum";
/** Past the launcher's own wait for every process (5 s), in case it never answers. */
const SUM_TIMEOUT_MS = 8000;

interface Message {
  type?: unknown;
  id?: string;
  body?: string;
  error?: string;
}

const viaLauncher = () => process.env[SUMMED_BY_LAUNCHER] === "1" && typeof process.send === "function";

/** Answers the launcher's requests for this process's metrics; called once at start (instrumentation.ts). */
export function answerLauncher(): void {
  if (!viaLauncher()) return;
  process.on("message", (message: Message) => {
    if (message?.type !== OWN) return;
    register.getMetricsAsJSON().then(
      (metrics) => process.send!({ type: OWN, id: message.id, metrics }),
      (error: Error) => process.send!({ type: OWN, id: message.id, error: error.message }),
    );
  });
  process.send!({ type: ANSWERING });
}

const sums = new Map<string, (message: Message) => void>();
let listening = false;

/** This process's metrics, or under the launcher the sum over all its live processes (503 when one does not answer). */
export async function webMetricsAnswer(): Promise<MetricsAnswer> {
  if (!viaLauncher()) return metricsAnswer();
  if (!listening) {
    listening = true;
    process.on("message", (message: Message) => {
      if (message?.type === SUM && message.id !== undefined) sums.get(message.id)?.(message);
    });
  }
  // Unique even if bundlers load this module twice in one process.
  const id = randomUUID();
  const answer = await new Promise<Message>((resolve) => {
    const timer = setTimeout(() => resolve({ error: `the launcher did not answer in ${SUM_TIMEOUT_MS} ms` }), SUM_TIMEOUT_MS);
    sums.set(id, (message) => {
      clearTimeout(timer);
      resolve(message);
    });
    process.send!({ type: SUM, id });
  });
  sums.delete(id);
  if (answer.body === undefined) {
    return { status: 503, contentType: "text/plain; charset=utf-8", body: `metrics of the web processes: ${answer.error}\n` };
  }
  return { status: 200, contentType: register.contentType, body: answer.body };
}

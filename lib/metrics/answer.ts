import type { MetricsAnswer } from "./index";

/** A health or metrics answer as a route handler's Response. */
export const toResponse = (answer: MetricsAnswer) =>
  new Response(answer.body, { status: answer.status, headers: { "Content-Type": answer.contentType } });

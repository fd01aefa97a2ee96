import { toResponse } from "@/lib/metrics/answer";
import { webMetricsAnswer } from "@/lib/metrics/processes.server";
import { metricsAllowed } from "@/lib/metrics/web.server";

/** Prometheus metrics of the web app (the sum over its processes on this port); with GALLEON_METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export async function GET(request: Request): Promise<Response> {
  if (!metricsAllowed(request.headers.get("authorization"))) {
    return Response.json({ error: "send GALLEON_METRICS_TOKEN as `Authorization: Bearer <token>`" }, { status: 401 });
  }
  return toResponse(await webMetricsAnswer());
}

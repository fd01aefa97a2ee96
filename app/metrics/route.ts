import { metricsAnswer } from "@/lib/metrics";
import { toResponse } from "@/lib/metrics/answer";
import { metricsAllowed } from "@/lib/metrics/web.server";

/** Prometheus metrics of this process; with GALLEON_METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export async function GET(request: Request): Promise<Response> {
  if (!metricsAllowed(request.headers.get("authorization"))) {
    return Response.json({ error: "send GALLEON_METRICS_TOKEN as `Authorization: Bearer <token>`" }, { status: 401 });
  }
  return toResponse(await metricsAnswer());
}

import { healthAnswer } from "@/lib/metrics";
import { toResponse } from "@/lib/metrics/answer";

/**
 * Liveness: the process answers (README "Health and metrics"). It echoes
 * GALLEON_WEB_INSTANCE, which scripts/web.ts sets at each start, so that the
 * starter tells its own server from another one that holds the port.
 */
export function GET(): Response {
  const response = toResponse(healthAnswer());
  const instance = process.env.GALLEON_WEB_INSTANCE;
  if (instance) response.headers.set("X-Galleon-Web-Instance", instance);
  return response;
}

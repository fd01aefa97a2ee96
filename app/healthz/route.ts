import { healthAnswer } from "@/lib/metrics";
import { toResponse } from "@/lib/metrics/answer";

/** Liveness: the process answers (README "Health and metrics"). */
export function GET(): Response {
  return toResponse(healthAnswer());
}

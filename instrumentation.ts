/**
 * Next calls register() once when the server starts. In Node it sets up two
 * things around Node's HTTP server, the same under `next start` and the
 * standalone server: the guard that answers methods Next cannot handle
 * (lib/security/server-guard.server.ts), and the timing of every request
 * by route template for /metrics (README "Health and metrics").
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ guardServer }, { measureRequests }] = await Promise.all([
    import("@/lib/security/server-guard.server"),
    import("@/lib/metrics/requests.server"),
  ]);
  guardServer();
  measureRequests();
}

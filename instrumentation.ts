/**
 * Next calls register() once when the server starts. In Node it sets up what
 * sits around Node's HTTP server, the same under `next start` and the
 * standalone server: the guard that answers methods Next cannot handle
 * (lib/security/server-guard.server.ts), and the timing of every request
 * by route template for /metrics (README "Health and metrics"), whose
 * registry answers the launcher's scrapes when it runs several processes.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ guardServer }, { measureRequests }, { answerLauncher }] = await Promise.all([
    import("@/lib/security/server-guard.server"),
    import("@/lib/metrics/requests.server"),
    import("@/lib/metrics/processes.server"),
  ]);
  guardServer();
  measureRequests();
  answerLauncher();
}

/**
 * Runs the built web app (`next start`) on 127.0.0.1 for the demo, the browser
 * tests and the benches, on GALLEON_WEB_PROCESSES processes (scripts/web-processes.mjs).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { freePort } from "./registry/harness";

export interface WebApp {
  url: string;
  /** The process group of the server (the launcher and its processes), e.g. to read their memory. */
  processGroup: number;
  /** Resolves with the exit code or signal once the server exits, stopped or not. */
  exited: Promise<string>;
  stop(): void;
}

/** The header /healthz echoes GALLEON_WEB_INSTANCE in (app/healthz/route.ts). */
const INSTANCE_HEADER = "X-Galleon-Web-Instance";

/** The app could not bind its port: another process holds it. */
class PortTaken extends Error {}

/**
 * Starts `next start` with `env` and resolves once it answers; needs `next build` first.
 * On `port`, failing if another process holds it; without one, on a free port, and
 * on another when a process takes that one before the app binds it.
 */
export async function startWebApp(port: number | undefined, env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<WebApp> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(port ?? (await freePort()), env, timeoutMs);
    } catch (error) {
      if (port !== undefined || attempt === 3 || !(error instanceof PortTaken)) throw error;
    }
  }
}

async function launch(port: number, env: Record<string, string | undefined>, timeoutMs: number): Promise<WebApp> {
  const url = `http://127.0.0.1:${port}`;
  // Answered by /healthz of this start's processes only.
  const instance = randomBytes(8).toString("hex");
  const child = spawn(process.execPath, ["scripts/web-processes.mjs", "--hostname", "127.0.0.1", "--port", String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", GALLEON_PUBLIC_URL: url, ...env, GALLEON_WEB_INSTANCE: instance },
    stdio: ["ignore", "ignore", "pipe"],
    // Its own process group, stopped as a whole.
    detached: true,
  });
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(String(signal ?? code))));
  // Passed on, and kept to tell a lost bind from another failure.
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    errors = (errors + chunk.toString()).slice(-4096);
  });
  const stop = () => {
    if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGTERM");
  };
  const deadline = Date.now() + timeoutMs;
  // An answer without this start's instance comes from another process on the port;
  // this app then fails to bind and exits (with several processes, the launcher does).
  while (!(await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok && r.headers.get(INSTANCE_HEADER) === instance, () => false))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      if (errors.includes("EADDRINUSE")) throw new PortTaken(`port ${port} on 127.0.0.1 is taken by another process`);
      throw new Error(`the web app exited (${child.signalCode ?? child.exitCode}) before it answered at ${url}`);
    }
    if (Date.now() > deadline) {
      stop();
      throw new Error(`the web app did not answer at ${url} in ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, processGroup: child.pid!, exited, stop };
}

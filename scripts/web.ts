/**
 * Runs the built web app (`next start`) on 127.0.0.1 for the demo, the browser
 * tests and the benches, on GALLEON_WEB_PROCESSES processes (scripts/web-processes.mjs).
 */
import { spawn } from "node:child_process";

export interface WebApp {
  url: string;
  /** The process group of the server (the launcher and its processes), e.g. to read their memory. */
  processGroup: number;
  stop(): void;
}

/** Starts `next start` with `env` and resolves once it answers; needs `next build` first. */
export async function startWebApp(port: number, env: Record<string, string | undefined>, timeoutMs = 30_000): Promise<WebApp> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["scripts/web-processes.mjs", "--hostname", "127.0.0.1", "--port", String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", GALLEON_PUBLIC_URL: url, ...env },
    stdio: ["ignore", "ignore", "inherit"],
    // Its own process group, stopped as a whole.
    detached: true,
  });
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await fetch(url).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`the web app did not answer at ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, processGroup: child.pid!, stop };
}

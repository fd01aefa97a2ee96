#!/usr/bin/env node
/**
 * The web app on N processes of one machine, sharing one port through Node's
 * cluster (the primary hands each new connection to the next process in
 * turn). Nothing a request needs lives in one process's memory: sessions,
 * CSRF and sign-in throttling are in the catalog, the site secret and the
 * registry token keys in files beside it (docs/decisions/0017).
 *
 *   npm run start -- --processes 4 [next start options]   `next start` in each process
 *   node web.mjs --server server.js                        the standalone output (Dockerfile)
 *
 * The number of processes comes from --processes, else GALLEON_WEB_PROCESSES,
 * else 1 (then the server runs in this process, no cluster). A process that
 * dies is started again; SIGTERM or SIGINT stops them all.
 * Plain JavaScript: the standalone image has no TypeScript runner.
 */
import cluster from "node:cluster";
import { createRequire } from "node:module";
import path from "node:path";

function parse(argv) {
  const rest = [];
  let processes = process.env.GALLEON_WEB_PROCESSES || "1";
  let server = null;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    if (flag === "--processes" || flag === "--server") {
      const value = inline ?? argv[++i];
      if (flag === "--processes") processes = value;
      else server = value;
    } else rest.push(argv[i]);
  }
  const count = Number(processes);
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new Error(`the number of web processes (--processes or GALLEON_WEB_PROCESSES) must be an integer from 1 to 256, got "${processes}"`);
  }
  // Without --server, Next's own `next start` with the remaining options.
  const exec = server ? path.resolve(server) : createRequire(import.meta.url).resolve("next/dist/bin/next");
  return { count, exec, args: server ? rest : ["start", "--keepAliveTimeout", process.env.KEEP_ALIVE_TIMEOUT, ...rest] };
}

// How long an idle keep-alive connection stays open (ms). Node's default, 5 s, is shorter than
// proxies (nginx and most load balancers: 60 s) and Node agents with keepAlive (Playwright's:
// forever) keep idle connections: one reusing a connection just as the server closes it gets a
// reset ("socket hang up"; a 502 behind a proxy), which a busy client makes likely. Beyond a
// proxy's timeout, the proxy is always the one to close. The standalone server reads this variable.
process.env.KEEP_ALIVE_TIMEOUT ||= "65000";
const { count, exec, args } = parse(process.argv.slice(2));

if (count === 1) {
  process.argv = [process.argv[0], exec, ...args];
  await import(exec);
} else {
  cluster.setupPrimary({ exec, args });
  let stopping = false;
  const start = () => cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers).length === 0) process.exit(0);
      return;
    }
    console.error(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(start, 1000);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
      if (Object.keys(cluster.workers).length === 0) process.exit(0);
    });
  }
  console.error(`starting ${count} web processes`);
  for (let i = 0; i < count; i++) start();
}

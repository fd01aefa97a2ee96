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
 * dies is started again; one that exits before it listens (the port is taken)
 * stops them all, as the single server would. SIGTERM or SIGINT stops them all.
 * A scrape of /metrics, which reaches one process, answers the sum over every
 * live process (lib/metrics/processes.server.ts asks for it here).
 * Plain JavaScript: the standalone image has no TypeScript runner.
 */
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { AggregatorRegistry } from "prom-client";

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
  const listened = new WeakSet();
  // The response cache's render requests go to the shared port, so another process may answer
  // one: every process of this launch knows the same secret (lib/response-cache/serve.server.ts).
  const renderSecret = randomBytes(32).toString("base64url");
  const start = () => cluster.fork({ GALLEON_METRICS_VIA_LAUNCHER: "1", GALLEON_RENDER_SECRET: renderSecret });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
    if (Object.keys(cluster.workers).length === 0) process.exit(process.exitCode ?? 0);
  };
  cluster.on("listening", (worker) => listened.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (!listened.has(worker)) {
      console.error(`web process ${worker.process.pid} exited (${signal ?? code}) before it listened; stopping`);
      process.exitCode = 1;
      stop();
      return;
    }
    console.error(`web process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(start, 1000);
  });
  sumMetrics();
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, stop);
  console.error(`starting ${count} web processes`);
  for (let i = 0; i < count; i++) start();
}

/**
 * Answers a process's request for the metrics of all (its /metrics): asks
 * every process that answers for its own (it says so once its registry is
 * set up) and sums them with prom-client. A process that exits meanwhile is
 * left out, its metrics gone with it; one that does not answer within
 * SCRAPE_TIMEOUT_MS fails the scrape rather than give a sum that looks like
 * a counter reset. Message types as in lib/metrics/processes.server.ts.
 */
function sumMetrics() {
  const SCRAPE_TIMEOUT_MS = 5000;
  const answering = new Set();
  // A process that exits meanwhile fails the send; its "exit" below accounts for it.
  const send = (worker, message) => worker.isConnected() && worker.send(message, () => {});
  /** Scrapes under way by id: what each still waits for. */
  const scrapes = new Map();
  const finish = (id, error) => {
    const scrape = scrapes.get(id);
    if (!scrape || (!error && scrape.waiting.size > 0)) return;
    scrapes.delete(id);
    clearTimeout(scrape.timer);
    const reply = (answer) => send(scrape.asker, { type: "galleon:metrics-sum", id, ...answer });
    if (error) reply({ error });
    else AggregatorRegistry.aggregate(scrape.metrics).metrics().then((body) => reply({ body }), (failure) => reply({ error: failure.message }));
  };
  cluster.on("message", (worker, message) => {
    if (message?.type === "galleon:metrics-answering") answering.add(worker);
    else if (message?.type === "galleon:metrics-own") {
      const scrape = scrapes.get(message.id);
      if (!scrape?.waiting.delete(worker)) return;
      if (message.error) return finish(message.id, `web process ${worker.process.pid}: ${message.error}`);
      scrape.metrics.push(message.metrics);
      finish(message.id);
    } else if (message?.type === "galleon:metrics-sum") {
      const id = message.id;
      const waiting = new Set([...answering].filter((other) => other.isConnected()));
      const timer = setTimeout(() => {
        const late = [...(scrapes.get(id)?.waiting ?? [])].map((other) => other.process.pid);
        finish(id, `web process ${late.join(", ")} did not answer in ${SCRAPE_TIMEOUT_MS} ms`);
      }, SCRAPE_TIMEOUT_MS);
      scrapes.set(id, { asker: worker, waiting, metrics: [], timer });
      for (const other of waiting) send(other, { type: "galleon:metrics-own", id });
      finish(id);
    }
  });
  cluster.on("exit", (worker) => {
    answering.delete(worker);
    for (const [id, scrape] of scrapes) if (scrape.waiting.delete(worker)) finish(id);
  });
}

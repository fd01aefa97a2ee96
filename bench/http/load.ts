/**
 * Drives the web app with autocannon and turns what it saw into figures:
 * latency percentiles of every response, throughput, errors, response sizes,
 * and responses that mention a private repository.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";
import { PRIVATE_MARKER } from "./content";

export interface Scenario {
  label: string;
  connections: number;
  seconds: number;
  /** The path of each request, in turn. */
  paths: string[];
  /** What the goal of the scenario is, checked against its figures. */
  goal?: Goal;
}

export interface Goal {
  text: string;
  met(figures: Figures): boolean;
}

export interface Figures {
  responses: number;
  /** Requests sent, answered or not: the server worked on each. */
  sent: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Non-2xx answers, timeouts and connection errors. */
  errors: number;
  timeouts: number;
  /** Responses mentioning a private repository (also counted in errors). */
  leaks: number;
  meanBytes: number;
  maxBytes: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs one scenario for its duration; every response is timed and checked. */
export async function drive(url: string, scenario: Scenario): Promise<Figures> {
  const latencies: number[] = [];
  let failed = 0;
  let leaks = 0;
  let bytes = 0;
  let maxBytes = 0;
  let next = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: scenario.connections,
        duration: scenario.seconds,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => ({ ...request, path: scenario.paths[next++ % scenario.paths.length]! }),
            onResponse: (status, body) => {
              if (body.includes(PRIVATE_MARKER)) leaks++;
              if (status < 200 || status > 299) failed++;
              const size = Buffer.byteLength(body);
              bytes += size;
              maxBytes = Math.max(maxBytes, size);
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    responses: latencies.length,
    sent: result.requests.sent,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    // autocannon counts timeouts among its errors.
    errors: failed + result.errors + leaks,
    timeouts: result.timeouts,
    leaks,
    meanBytes: latencies.length ? bytes / latencies.length : 0,
    maxBytes,
  };
}

/** GETs `path`; false when it fails or takes longer than `timeoutMs`. */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * A few requests one at a time: compiles the route, fills the JIT and the
 * app's memos. At most `limitSeconds` in all, however slow the pages are.
 */
export async function warmUp(url: string, paths: string[], count = 10, limitSeconds = 20): Promise<void> {
  const deadline = performance.now() + limitSeconds * 1000;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    await answers(`${url}${paths[i % paths.length]}`, Math.max(1, deadline - performance.now()));
  }
}

/**
 * Waits until the server answers the static route within 200 ms again: a
 * server still working through requests the load generator gave up on would
 * otherwise slow the next scenario down. Returns the seconds waited, or null
 * when it was still busy after `limitSeconds`.
 */
export async function settle(url: string, limitSeconds: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < limitSeconds * 1000) {
    const asked = performance.now();
    if ((await answers(`${url}/robots.txt`, limitSeconds * 1000)) && performance.now() - asked < 200) {
      return (performance.now() - started) / 1000;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return null;
}

export interface Memory {
  /** Resident set of the web server process. */
  rss: number;
  /** Of which pages of the memory-mapped search index file. */
  searchIndex: number;
}

/**
 * The web server's memory: of the processes in `group` (npx, next, its server),
 * the one that maps the search index file, from /proc/<pid>/smaps.
 */
export function memoryOf(group: number, searchFile: string): Memory | null {
  const members = readdirPids().filter((pid) => processGroupOf(pid) === group);
  let found: Memory | null = null;
  for (const pid of members) {
    let smaps: string;
    try {
      smaps = readFileSync(`/proc/${pid}/smaps`, "utf8");
    } catch {
      continue;
    }
    let rss = 0;
    let searchIndex = 0;
    let mapping = "";
    for (const line of smaps.split("\n")) {
      if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) mapping = line.split(/\s+/).slice(5).join(" ");
      else if (line.startsWith("Rss:")) {
        const kb = Number(line.split(/\s+/)[1]) * 1024;
        rss += kb;
        if (mapping.startsWith(searchFile)) searchIndex += kb;
      }
    }
    if (searchIndex > 0 || !found || rss > found.rss) found = { rss, searchIndex };
    if (searchIndex > 0) break;
  }
  return found;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on Linux, asked once. */
let ticksPerSecond: number | undefined;

/**
 * CPU time in ms used so far by the processes in `group` (the web server and
 * its launchers), from /proc/<pid>/stat; null where /proc is not readable.
 * Unlike latency, CPU per response hardly depends on what else the machine
 * runs, so runs on a shared machine can still be compared.
 */
export function cpuTimeOf(group: number): number | null {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  let ticks = 0;
  let found = false;
  for (const pid of readdirPids()) {
    const fields = statFieldsOf(pid);
    // Fields 3, 13 and 14 of proc(5) after the command name: process group, utime, stime.
    if (!fields || Number(fields[2]) !== group) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
    found = true;
  }
  return found ? (ticks * 1000) / ticksPerSecond : null;
}

/** Every process id, one directory each in /proc. */
const readdirPids = () => readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map(Number);

/** The fields of /proc/<pid>/stat from the state on, or null when the process is gone. */
function statFieldsOf(pid: number): string[] | null {
  try {
    // The command name may hold spaces and parentheses: fields are counted after its last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

function processGroupOf(pid: number): number | null {
  const fields = statFieldsOf(pid);
  return fields && Number(fields[2]);
}

/** Event-loop delay of a web process, in ms. */
export interface LoopDelay {
  p99: number;
  max: number;
}

/** prom-client's default eventLoopMonitoringPrecision: its samples are timer intervals, each this much plus the delay. */
const LOOP_SAMPLING_MS = 10;

/**
 * The event-loop delay of the web process answering /metrics since its
 * previous /metrics answer, which resets the record (prom-client's default
 * metrics): how long requests waited for the one thread that serves them.
 * Asked for right before a run, it then tells the run's. Null without it.
 */
export async function loopDelayOf(url: string): Promise<LoopDelay | null> {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    const delay = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]) * 1000 - LOOP_SAMPLING_MS;
    const delays = { p99: delay("nodejs_eventloop_lag_p99_seconds"), max: delay("nodejs_eventloop_lag_max_seconds") };
    return Number.isNaN(delays.p99) || Number.isNaN(delays.max) ? null : delays;
  } catch {
    return null;
  }
}

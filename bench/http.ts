/**
 * The site over HTTP at 10,000 and 100,000 repositories: builds (or reuses)
 * each catalog and search index (bench/http/catalog.ts), starts the built app
 * with `next start` on them, drives it with autocannon at 16 connections per
 * page kind and at 32 with everything mixed, and prints latency, throughput,
 * errors, sizes and memory beside the goals of issue 10. Figures, not
 * assertions; run it on a quiet machine.
 *
 *   tsx bench/http.ts                      both sizes, 10 s per page kind, 3 × 60 s mixed
 *   tsx bench/http.ts --size 10000 --quick one size, 3 s per kind, 3 × 10 s mixed
 * Options (or environment): --size N, repeatable (BENCH_HTTP_SIZES=10000,100000);
 * --quick (BENCH_HTTP_QUICK=1); --seconds N (BENCH_HTTP_SECONDS);
 * --mixed-seconds N (BENCH_HTTP_MIXED_SECONDS); --database-url URL
 * (BENCH_DATABASE_URL, "{size}" replaced by the size) to keep the catalog elsewhere;
 * --postgresql URL (BENCH_POSTGRESQL_URL, "{size}" replaced too): also runs
 * each size on a catalog built in that PostgreSQL database (created as README
 * "PostgreSQL catalog" says; the bench replaces what it holds), printed beside
 * SQLite's; --processes N, repeatable (BENCH_HTTP_PROCESSES=1,2; default 1,
 * or 1 and 2 with --postgresql): web processes (GALLEON_WEB_PROCESSES) per run.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type BuiltCatalog, prepareCatalog } from "@/bench/http/catalog";
import { cpuTimeOf, drive, type Figures, type LoopDelay, loopDelayOf, type Memory, memoryOf, type Scenario, settle, warmUp } from "@/bench/http/load";
import { MAX_RESPONSE_BYTES, MAX_RSS_BYTES, mixedScenario, singleScenarios } from "@/bench/http/scenarios";
import { isPostgresUrl } from "@/lib/catalog/database-path";
import { startWebApp } from "@/scripts/web";

const { values: flags } = parseArgs({
  options: {
    size: { type: "string", multiple: true },
    quick: { type: "boolean" },
    seconds: { type: "string" },
    "mixed-seconds": { type: "string" },
    "database-url": { type: "string" },
    postgresql: { type: "string" },
    processes: { type: "string", multiple: true },
  },
});
const env = process.env;
const sizes = (flags.size ?? env.BENCH_HTTP_SIZES?.split(",") ?? ["10000", "100000"]).map(Number);
const quick = flags.quick ?? env.BENCH_HTTP_QUICK === "1";
const seconds = Number(flags.seconds ?? env.BENCH_HTTP_SECONDS ?? (quick ? 3 : 10));
const mixedSeconds = Number(flags["mixed-seconds"] ?? env.BENCH_HTTP_MIXED_SECONDS ?? (quick ? 10 : 60));
const databaseUrl = flags["database-url"] ?? env.BENCH_DATABASE_URL;
const postgresUrl = flags.postgresql ?? env.BENCH_POSTGRESQL_URL;
const processCounts = (flags.processes ?? env.BENCH_HTTP_PROCESSES?.split(",") ?? (postgresUrl ? ["1", "2"] : ["1"])).map(Number);
if (
  sizes.some((size) => !Number.isInteger(size) || size < 100) ||
  processCounts.some((count) => !Number.isInteger(count) || count < 1) ||
  !(seconds > 0) ||
  !(mixedSeconds > 0)
) {
  throw new Error("--size takes whole numbers from 100, --processes from 1, --seconds and --mixed-seconds positive numbers");
}
/** The catalogs each size runs on: SQLite's, and PostgreSQL's when given. */
const databaseName = (url: string | undefined) => (url && isPostgresUrl(url) ? "PostgreSQL" : "SQLite");
const databases = [databaseUrl, ...(postgresUrl ? [postgresUrl] : [])].map((url) => ({ name: databaseName(url), url }));
const MIXED_RUNS = 3;
/** How long to wait, after a scenario, for the server to answer the baseline quickly again. */
const SETTLE_SECONDS = 60;
const ROOT = path.resolve(import.meta.dirname, "..");
const benchStarted = performance.now();
const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

/** What the app is built from: a build older than any of it is rebuilt. */
const BUILD_INPUTS = ["app", "components", "lib", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];

function newestSource(): number {
  let newest = 0;
  for (const input of BUILD_INPUTS) {
    const full = path.join(ROOT, input);
    const files = statSync(full).isDirectory()
      ? readdirSync(full, { recursive: true, encoding: "utf8" }).map((file) => path.join(full, file))
      : [full];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

function ensureBuild(): void {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs > newestSource()) {
    console.log("Using the existing build (.next is newer than the sources)");
    return;
  }
  const started = performance.now();
  console.log("Building the web app (next build)");
  execFileSync("npx", ["next", "build"], { cwd: ROOT, env: { ...env, NEXT_TELEMETRY_DISABLED: "1" }, stdio: ["ignore", "ignore", "inherit"] });
  console.log(`  built in ${elapsed(started)}`);
}

interface Row {
  scenario: Scenario;
  figures: Figures;
  /** How long the server kept working on abandoned requests after the run, when noticeable. */
  busyAfter?: string;
  /** The web server's CPU time per request sent, in ms, until it was idle again; null without /proc. */
  cpuPerRequest: number | null;
  /** How long requests waited for a web process's event loop during the run (one process's, with several). */
  loopDelay: LoopDelay | null;
}

interface SizeReport {
  /** Size, database and web processes of the run. */
  label: string;
  catalog: BuiltCatalog;
  rows: Row[];
  memory: Array<{ label: string; memory: Memory | null }>;
  /** Private repositories whose page or API answered anything but 404. */
  privateVisible: number;
  privateChecked: number;
}

const MB = 1024 ** 2;
const ms = (value: number) => (Number.isNaN(value) ? "-" : value < 10 ? value.toFixed(1) : value.toFixed(0)).padStart(6);
/** A ratio, or "-" when a run had no responses to take a percentile of. */
const ratio = (value: number, base: number) => (Number.isNaN(value / base) ? "-" : `${(value / Math.max(base, 0.1)).toFixed(value < base * 10 ? 1 : 0)}×`);
const times = (value: number, base: number) => ratio(value, base).padStart(5);
const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(7);

function printRows(report: SizeReport): void {
  const baseline = report.rows[0]!.figures;
  console.log(
    `${"".padEnd(34)}conn  req/s    p50    p95    p99  ×baseline p50 p95 p99  CPU ms/req ×baseline  loop p99    max  errors  KB/resp  max KB  goal`,
  );
  const baselineCpu = report.rows[0]!.cpuPerRequest;
  const cpu = (value: number | null) => (value === null ? "-" : value.toFixed(2)).padStart(10);
  const cpuTimes = (value: number | null) => (value === null || baselineCpu === null ? "-" : ratio(value, baselineCpu)).padStart(9);
  for (const { scenario, figures: f, busyAfter, cpuPerRequest, loopDelay } of report.rows) {
    const goal = scenario.goal ? `${scenario.goal.text}: ${scenario.goal.met(f) ? "met" : "NOT met"}` : "";
    const tooLarge = f.maxBytes > MAX_RESPONSE_BYTES ? " (over 200 KB!)" : "";
    const errors = `${f.errors}${f.timeouts ? ` (${f.timeouts} t/o)` : ""}${f.leaks ? ` (${f.leaks} PRIVATE)` : ""}`;
    console.log(
      `${scenario.label.padEnd(34)}${String(scenario.connections).padStart(4)} ${f.perSecond.toFixed(0).padStart(6)} ${ms(f.p50)} ${ms(f.p95)} ${ms(f.p99)}` +
        `     ${times(f.p50, baseline.p50)} ${times(f.p95, baseline.p95)} ${times(f.p99, baseline.p99)}  ${cpu(cpuPerRequest)} ${cpuTimes(cpuPerRequest)}  ${ms(loopDelay?.p99 ?? NaN).padStart(8)} ${ms(loopDelay?.max ?? NaN)}  ${errors.padStart(6)}  ${kb(f.meanBytes)} ${kb(f.maxBytes)}  ${goal}${tooLarge}${busyAfter ? `; server ${busyAfter}` : ""}`,
    );
  }
}

function printMemory(report: SizeReport): void {
  console.log(`\nWeb process memory (goal: ≤ ${MAX_RSS_BYTES / MB} MB without the mapped search index)`);
  for (const { label, memory } of report.memory) {
    if (!memory) {
      console.log(`  ${label.padEnd(22)} not readable (/proc)`);
      continue;
    }
    const own = memory.rss - memory.searchIndex;
    console.log(
      `  ${label.padEnd(22)} RSS ${(memory.rss / MB).toFixed(0).padStart(5)} MB, mapped search index ${(memory.searchIndex / MB).toFixed(0).padStart(5)} MB, ` +
        `without it ${(own / MB).toFixed(0).padStart(5)} MB${own > MAX_RSS_BYTES ? " (over the goal)" : ""}`,
    );
  }
}

async function benchSize(size: number, database: (typeof databases)[number], processes: number): Promise<SizeReport> {
  const sizeStarted = performance.now();
  const label = `${size.toLocaleString("en")}, ${database.name}, ${processes} web process${processes > 1 ? "es" : ""}`;
  console.log(`\n${label}`);
  const catalog = await prepareCatalog(size, database.url);
  const catalogMb = catalog.catalogBytes === null ? "" : `catalog ${(catalog.catalogBytes / MB).toFixed(0)} MB, `;
  console.log(`Catalog of ${size.toLocaleString("en")} public repositories ready: ${catalogMb}search index ${(catalog.searchBytes / MB).toFixed(0)} MB`);

  const web = await startWebApp(
    undefined,
    // MEILI_URL empty: the embedded engine on the bench's index, whatever this shell has set.
    { DATABASE_URL: catalog.databaseUrl, GALLEON_SEARCH_DB: catalog.searchFile, MEILI_URL: "", GALLEON_WEB_PROCESSES: String(processes) },
    120_000,
  );
  const report: SizeReport = { label, catalog, rows: [], memory: [], privateVisible: 0, privateChecked: 0 };
  try {
    for (const fullName of catalog.samples.privates.slice(0, 25)) {
      for (const url of [`${web.url}/${fullName}`, `${web.url}/api/v1/repositories/${fullName}`]) {
        const response = await fetch(url);
        await response.arrayBuffer();
        report.privateChecked++;
        if (response.status !== 404) report.privateVisible++;
      }
    }
    const singles = singleScenarios(catalog.samples, seconds);
    const run = async (scenario: Scenario) => {
      const cpuBefore = cpuTimeOf(web.processGroup);
      await loopDelayOf(web.url);
      const figures = await drive(web.url, scenario);
      const loopDelay = await loopDelayOf(web.url);
      const settled = await settle(web.url, SETTLE_SECONDS);
      // Counted until the server is idle again, over every request sent: those the load generator gave up on cost too.
      const cpuAfter = cpuTimeOf(web.processGroup);
      const cpuPerRequest = cpuBefore === null || cpuAfter === null || figures.sent === 0 ? null : (cpuAfter - cpuBefore) / figures.sent;
      const after = settled === null ? `still busy ${SETTLE_SECONDS} s after` : settled >= 1 ? `busy ${settled.toFixed(0)} s after` : "";
      report.rows.push({ scenario, figures, busyAfter: after, cpuPerRequest, loopDelay });
      console.log(`  ${scenario.label}: done (${elapsed(sizeStarted)})${after ? `; the server was ${after}` : ""}`);
    };
    for (const scenario of [...singles, { ...singles[0]!, label: "baseline again, at the end" }]) {
      // Warmed on the end of its list; the run starts from the beginning, so distinct pages stay distinct.
      await warmUp(web.url, scenario.paths.slice(-10));
      await run(scenario);
    }
    const mixed = mixedScenario(catalog.samples, mixedSeconds);
    report.memory.push({ label: "before the mixed runs", memory: memoryOf(web.processGroup, catalog.searchFile) });
    for (let i = 1; i <= MIXED_RUNS; i++) {
      await run({ ...mixed, label: `mixed, run ${i} of ${MIXED_RUNS}` });
      report.memory.push({ label: `after mixed run ${i}`, memory: memoryOf(web.processGroup, catalog.searchFile) });
    }
  } finally {
    web.stop();
  }
  console.log(`\n${label} (${elapsed(sizeStarted)}; load average ${loadavg()[0]!.toFixed(1)} at the end)`);
  console.log(
    `Private repositories: ${report.privateVisible} of ${report.privateChecked} page and API requests answered other than 404; ` +
      `responses mentioning one are counted as errors below`,
  );
  printRows(report);
  printMemory(report);
  return report;
}

function printSideBySide(reports: SizeReport[]): void {
  const [first, last] = [reports[0]!, reports.at(-1)!];
  console.log(`\nSide by side (p95 ratio: the last over the first)`);
  reports.forEach((r, i) => console.log(`  ${String.fromCharCode(65 + i)}: ${r.label}`));
  const heading = reports.map((_, i) => `${String.fromCharCode(65 + i)}: req/s    p95    p99`.padStart(30)).join("");
  console.log(`${"".padEnd(34)}${heading}  p95 ratio`);
  first.rows.forEach((row, i) => {
    const cells = reports.map((r) => {
      const f = r.rows[i]!.figures;
      return `${f.perSecond.toFixed(0).padStart(13)} ${ms(f.p95)} ${ms(f.p99)}`.padStart(30);
    });
    console.log(`${row.scenario.label.padEnd(34)}${cells.join("")}  ${ratio(last.rows[i]!.figures.p95, row.figures.p95).padStart(8)}`);
  });
}

ensureBuild();
const reports: SizeReport[] = [];
for (const size of sizes) {
  for (const database of databases) for (const processes of processCounts) reports.push(await benchSize(size, database, processes));
}
if (reports.length > 1) printSideBySide(reports);
console.log(`\nHTTP bench finished in ${elapsed(benchStarted)}`);

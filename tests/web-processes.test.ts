/**
 * Many web processes (decision 0017): two processes of the built app on one
 * catalog behind a round-robin proxy written here, which sends every request
 * to the other process than the one before. A publisher's whole journey
 * (sign in, edit About, upload a logo, see both publicly, sign out) and
 * sign-in throttling hold across them. Then the launcher
 * (scripts/web-processes.mjs) serves one port from two processes, and its
 * /metrics sums theirs. Last, starting the app on a port another server
 * holds fails rather than take that server's answers for the app's.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_LIMITS } from "@/lib/auth/throttle.server";
import { freePort } from "@/scripts/registry/harness";
import { seedCatalog } from "@/scripts/seed/catalog";
import { startWebApp, type WebApp } from "@/scripts/web";
import { createTestCatalog, type TestCatalog } from "./support/catalog";
import { eventually } from "./support/eventually";

const OWNER = { email: "owner@acme.test", password: "owner-password-demo" };
const REPOSITORY = "acme/tools/cli";

let catalog: TestCatalog;
let dataDir: string;
let apps: WebApp[] = [];
let proxy: Server;
let proxyUrl: string;
/** Which process served each request through the proxy, in order. */
const served: number[] = [];

/** Sends each request to the process after the one that served the request before. */
function roundRobin(backends: string[]): Server {
  let next = 0;
  return createServer((incoming, outgoing) => {
    const backend = next;
    next = (next + 1) % backends.length;
    served.push(backend);
    const target = new URL(incoming.url!, backends[backend]);
    const forwarded = httpRequest(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on("error", (error) => outgoing.writeHead(502).end(String(error)));
    incoming.pipe(forwarded);
  });
}

beforeAll(async () => {
  if (!existsSync(".next/BUILD_ID")) throw new Error("the web app is not built: run `npx next build` first");
  catalog = createTestCatalog();
  await seedCatalog(catalog.db);
  // As the indexer would, once the registry has it.
  await catalog.db.repository.update({ where: { path: REPOSITORY }, data: { inRegistry: true } });
  dataDir = mkdtempSync(path.join(tmpdir(), "galleon-web-processes-"));
  proxy = roundRobin([]);
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  proxy.close();
  // Both processes know the gallery by the proxy's address (Origin checks, cookies).
  const env = {
    DATABASE_URL: catalog.url,
    GALLEON_SEARCH_DB: path.join(dataDir, "search.db"),
    GALLEON_PUBLIC_URL: proxyUrl,
    GALLEON_PUBLIC_CACHE_SECONDS: "0",
    GALLEON_SECRET: "",
  };
  apps = await Promise.all([0, 1].map(() => startWebApp(undefined, env, 60_000)));
  proxy = roundRobin(apps.map((app) => app.url));
  await new Promise<void>((resolve) => proxy.listen(Number(new URL(proxyUrl).port), "127.0.0.1", resolve));
}, 120_000);

// Also after a failed beforeAll: only what was started is stopped.
afterAll(async () => {
  for (const app of apps) app.stop();
  if (proxy?.listening) await new Promise((resolve) => proxy.close(resolve));
  await catalog?.dispose();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A browser's cookie jar over fetch, through the proxy; redirects are looked at, not followed. */
class Visitor {
  readonly cookies = new Map<string, string>();

  async send(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    if (init.method && init.method !== "GET") headers.set("origin", proxyUrl);
    const response = await fetch(new URL(pathname, proxyUrl), { ...init, headers, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, value] = [pair!.slice(0, pair!.indexOf("=")), pair!.slice(pair!.indexOf("=") + 1)];
      if (value === "" || attributes.some((attribute) => /max-age=0$/i.test(attribute.trim()))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** The CSRF token of the page's form (sign-in form or the user menu's sign-out). */
  async formToken(pathname: string): Promise<string> {
    const html = await (await this.send(pathname)).text();
    return /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  }

  async signIn(password: string): Promise<Response> {
    const csrf = await this.formToken("/auth/sign-in");
    return this.send("/auth/sign-in/password", {
      method: "POST",
      body: new URLSearchParams({ email: OWNER.email, password, csrf, returnTo: "/console" }),
    });
  }
}

/** Every request since `from` went to the other process than the one before it. */
function expectAlternating(from: number) {
  const run = served.slice(from);
  expect(run.length).toBeGreaterThan(4);
  for (let i = 1; i < run.length; i++) expect(run[i]).not.toBe(run[i - 1]);
}

describe("two web processes behind a round-robin proxy", () => {
  it("carry a publisher's journey from sign-in to sign-out, each request on the other process", async () => {
    const from = served.length;
    const owner = new Visitor();
    const signedIn = await owner.signIn(OWNER.password);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toMatch(/\/console$/);
    const console = await owner.send("/console");
    expect(console.status).toBe(200);
    expect(await console.text()).toContain(REPOSITORY);

    // The API with the session's CSRF token, read from a page another process rendered.
    const csrf = await owner.formToken("/console");
    const api = `/api/v1/repositories/${REPOSITORY}`;
    const current = await owner.send(`${api}/catalog-data`);
    expect(current.status).toBe(200);
    const about = "# Across processes\n\nSaved through one process, read through the other.";
    const saved = await owner.send(`${api}/catalog-data`, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-csrf-token": csrf, "if-match": current.headers.get("etag")! },
      body: JSON.stringify({ about }),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);
    const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: "#3366cc" } }).png().toBuffer();
    const logo = await owner.send(`${api}/logo`, {
      method: "PUT",
      headers: { "content-type": "image/png", "x-csrf-token": csrf },
      body: new Uint8Array(png),
    });
    expect(logo.status, await logo.clone().text()).toBe(200);

    // Seen publicly by an anonymous visitor, on both processes.
    const visitor = new Visitor();
    for (let i = 0; i < 2; i++) {
      const page = await (await visitor.send(`/${REPOSITORY}`)).text();
      expect(page).toContain("Saved through one process, read through the other.");
      const logoPath = /src="(\/logos\/acme\/tools\/cli\?v=[^"]+)"/.exec(page.replaceAll("&amp;", "&"))![1]!;
      const image = await visitor.send(logoPath);
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toBe("image/webp");
    }

    const signedOut = await owner.send("/auth/sign-out", { method: "POST", body: new URLSearchParams({ csrf }) });
    expect(signedOut.status).toBe(303);
    const after = await owner.send("/console");
    expect(after.status).toBe(307);
    expect(after.headers.get("location")).toContain("/auth/sign-in");
    expectAlternating(from);
  }, 120_000);

  it("throttle sign-in across processes: the failures either counted add up", async () => {
    const from = served.length;
    const guesser = new Visitor();
    for (let i = 0; i < LOGIN_LIMITS.perAccount; i++) {
      const wrong = await guesser.signIn(`wrong-password-${i}`);
      expect(wrong.status).toBe(303);
      expect(wrong.headers.get("location")).toContain("error=credentials");
    }
    // The next attempts are refused on each process, the right password included.
    for (let i = 0; i < 2; i++) {
      const refused = await guesser.signIn(OWNER.password);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expectAlternating(from);
  }, 120_000);
});

/** GET `url` on a new connection (answered by either process): its status and headers. */
function getOnNewConnection(url: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent: false, timeout: 10_000 }, (answer) => {
      answer.resume();
      resolve({ status: answer.statusCode!, headers: answer.headers });
    })
      .on("timeout", () => reject(new Error(`no answer from ${url}`)))
      .on("error", reject)
      .end();
  });
}

/** GET /metrics on a new connection, so answered by either process. */
function scrape(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(`${url}/metrics`, { agent: false, timeout: 20_000 }, (answer) => {
      let body = "";
      answer.on("data", (chunk: Buffer) => (body += chunk.toString()));
      answer.on("end", () => resolve({ status: answer.statusCode!, body }));
    })
      .on("timeout", () => reject(new Error(`no answer from ${url}/metrics`)))
      .on("error", reject)
      .end();
  });
}

/** How many GET /healthz answered 200, by /metrics. */
async function healthzCount(url: string): Promise<number> {
  const { status, body } = await scrape(url);
  expect(status, body).toBe(200);
  const line = body
    .split("\n")
    .find((candidate) => candidate.startsWith("galleon_http_request_duration_seconds_count{") && candidate.includes('route="/healthz"') && candidate.includes('method="GET"') && candidate.includes('status="200"'));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : 0;
}

/** `count` GET /healthz, each on a new connection: the launcher hands them to its processes in turn. */
async function requestHealthz(url: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) expect((await getOnNewConnection(`${url}/healthz`)).status).toBe(200);
}

/** The processes whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The fourth field of stat, after the parenthesized command name, is the parent's pid.
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The launcher serving one port from two processes, once both listen (a process still starting takes no connection yet). */
async function launchTwo() {
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/web-processes.mjs", "--processes", "2", "--hostname", "127.0.0.1", "--port", String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: catalog.url, GALLEON_SEARCH_DB: path.join(dataDir, "search.db") },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const stop = () => process.kill(-child.pid!, "SIGTERM");
  try {
    const url = `http://127.0.0.1:${port}`;
    const workers = await eventually(async () => {
      expect(output.match(/Ready in/g)).toHaveLength(2);
      const pids = childrenOf(child.pid!);
      expect(pids).toHaveLength(2);
      return pids;
    }, 60_000);
    return { url, pid: child.pid!, workers, output: () => output, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

describe("the launcher", () => {
  it("serves one port from two processes, sums their /metrics, replaces one that dies, and serves the pages and the sitemap", async () => {
    const { url, pid, workers, output, stop } = await launchTwo();
    try {
      // One killed is replaced, and the port keeps answering meanwhile.
      // Each scrape, whichever process takes it, counts the requests both processes answered.
      const REQUESTS = 9;
      const before = await healthzCount(url);
      await requestHealthz(url, REQUESTS);
      for (let i = 0; i < 4; i++) expect(await healthzCount(url)).toBe(before + REQUESTS);
      // A process that does not answer fails the scrape rather than leave its counts out. Of two
      // scrapes at once, the live process takes at least one (a stopped one takes at most one connection).
      process.kill(workers[1]!, "SIGSTOP");
      const scrapes = [scrape(url), scrape(url)];
      const first = await Promise.race(scrapes);
      expect(first.status).toBe(503);
      expect(first.body).toContain(`web process ${workers[1]} did not answer in 5000 ms`);
      process.kill(workers[1]!, "SIGCONT");
      for (const answer of await Promise.all(scrapes)) expect([200, 503]).toContain(answer.status);
      expect(await healthzCount(url)).toBe(before + REQUESTS);
      process.kill(workers[0]!, "SIGKILL");
      // Once the launcher has seen it go (a connection handed to it in that instant is lost with it),
      await eventually(async () => expect(output()).toContain(`web process ${workers[0]} exited (SIGKILL)`));
      // new connections go to the live process (a kept-alive one would still lead to the dead one),
      await requestHealthz(url, 10);
      // and /metrics answers the live process's counts.
      expect(await healthzCount(url)).toBeGreaterThan(0);
      await eventually(async () => {
        const pids = childrenOf(pid);
        expect(pids).toHaveLength(2);
        expect(pids).not.toContain(workers[0]);
      });
      // Scrapes go on across the death and the replacement (a new process's counts start at zero).
      await requestHealthz(url, 2);
      const after = await healthzCount(url);
      await requestHealthz(url, REQUESTS);
      for (let i = 0; i < 4; i++) expect(await healthzCount(url)).toBe(after + REQUESTS);
      expect((await fetch(`${url}/${REPOSITORY}`)).status).toBe(200);
      // The sitemap's files are at the root, through the rewrite.
      const index = await (await fetch(`${url}/sitemap.xml`)).text();
      const file = /<loc>[^<]*(\/sitemap-repositories-\d+\.xml)<\/loc>/.exec(index)![1]!;
      expect(await (await fetch(`${url}${file}`)).text()).toContain(`/${REPOSITORY}</loc>`);
    } finally {
      stop();
    }
  }, 120_000);

  it("stores a public page in both processes, whichever process answers the response cache's render request", async () => {
    const { url, stop } = await launchTwo();
    try {
      // Each on a new connection, handed to the processes in turn, as are the cache's render
      // requests: each process misses twice (the second is stored), then answers from the cache.
      const statuses: unknown[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await getOnNewConnection(`${url}/${REPOSITORY}`)).headers["x-galleon-cache"]);
      expect(statuses.slice(-4)).toEqual(["hit", "hit", "hit", "hit"]);
    } finally {
      stop();
    }
  }, 120_000);
});

describe("starting the web app", () => {
  it("fails, naming the port, when another server holds it, even one that answers /healthz like the app", async () => {
    let asked = 0;
    const other = createServer((_, answer) => {
      asked++;
      answer.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "ok" }));
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const port = (other.address() as AddressInfo).port;
    try {
      const env = { DATABASE_URL: catalog.url, GALLEON_SEARCH_DB: path.join(dataDir, "search.db") };
      // One process binds the port itself; with two, the launcher binds it for them.
      for (const processes of ["1", "2"]) {
        await expect(startWebApp(port, { ...env, GALLEON_WEB_PROCESSES: processes }, 60_000)).rejects.toThrow(
          `port ${port} on 127.0.0.1 is taken by another process`,
        );
      }
      expect(asked).toBeGreaterThan(0);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  }, 120_000);
});

/**
 * Throwaway PostgreSQL clusters for the tests (docs/decisions/0016): Debian's
 * binaries, initdb in a temp folder, a free port on 127.0.0.1 and a socket in
 * that folder; no system service. Run as root, the server runs as the
 * `postgres` user (it refuses root).
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "@/scripts/registry/harness";

const ROOT = "/usr/lib/postgresql";

const installedVersions = () => (existsSync(ROOT) ? readdirSync(ROOT).filter((v) => existsSync(path.join(ROOT, v, "bin", "initdb"))) : []);

/** Whether PostgreSQL's binaries are installed (`npm run setup` installs them). */
export const postgresInstalled = () => installedVersions().length > 0;

/** The newest installed PostgreSQL's binaries. */
function binaries(): string {
  const newest = installedVersions().sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL is not installed: run `npm run setup`");
  return path.join(ROOT, newest, "bin");
}

export interface PostgresCluster {
  /** postgresql:// URL of `database` on this cluster. */
  url(database: string): string;
  stop(): void;
}

const USER = "galleon";

export async function startPostgres(): Promise<PostgresCluster> {
  const bin = binaries();
  const dir = mkdtempSync(path.join(tmpdir(), "galleon-postgres-"));
  const asRoot = process.getuid?.() === 0;
  // As root, the cluster's files and commands belong to `postgres`.
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args], { stdio: "pipe" })
      : execFileSync(path.join(bin, command), args, { stdio: "pipe" });
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  // Locale C: text ordered and case-folded as SQLite does (the migrations check it).
  run("initdb", ["-D", data, "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync"]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      // fsync off: a throwaway cluster need not survive a crash of the machine.
      run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c fsync=off -c max_connections=200`, "start"]);
      break;
    } catch (error) {
      if (attempt === 3) throw new Error(`PostgreSQL did not start: ${String(error)}`);
    }
  }
  const url = (database: string) => `postgresql://${USER}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once("exit", stop);
  return { url, stop };
}

/** Runs SQL on the database at `url` through psql, synchronously (CREATE DATABASE cannot run in a transaction). */
export function psql(url: string, sql: string): void {
  execFileSync(path.join(binaries(), "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], { stdio: "pipe" });
}

import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  Transaction,
} from "@prisma/driver-adapter-utils";
import { catalogDatabasePath, catalogUrl, isPostgresUrl } from "./database-path";
import { Prisma, PrismaClient } from "./generated/client";
import { PrismaClient as PostgresClient } from "./generated-postgresql/client";
import { postgresAdapter } from "./postgres";

/**
 * The catalog's client. Its type is the SQLite client's: the PostgreSQL client
 * is generated from the same models (scripts/postgres-schema.ts), so it takes
 * every query lib/catalog writes for SQLite.
 */
export type Catalog = PrismaClient;

// WAL lets the web app read while the indexer writes; the busy timeout makes
// a writer wait for the other process's lock instead of failing at once.
const CONNECTION_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

const urgency = new AsyncLocalStorage<true>();

/**
 * Runs `work` with its statements and transactions served before any others
 * of this process waiting for the connection (once the running one ends).
 * For the events receiver: the registry sends its next notification only
 * after the answer to this one, so every repository's notifications wait for
 * each store, and a store must never queue behind the indexer's own work.
 */
export function urgently<T>(work: () => Promise<T>): Promise<T> {
  return urgency.run(true, work);
}

/** A mutex granted in order of request, urgent requests (see urgently) first. */
class Mutex {
  #held = false;
  readonly #waiting: Array<{ urgent: boolean; grant: () => void }> = [];

  /** Resolves to the function that releases it. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.#held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.#release();
        });
      };
      if (!this.#held) return grant();
      const urgent = urgency.getStore() === true;
      const at = urgent ? this.#waiting.findIndex((waiter) => !waiter.urgent) : -1;
      this.#waiting.splice(at === -1 ? this.#waiting.length : at, 0, { urgent, grant });
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next.grant();
    else this.#held = false;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/**
 * Two changes to the better-sqlite3 adapter's transactions:
 * - It shares one connection between the open transaction and every other
 *   query of the process, so a query issued meanwhile would silently join the
 *   transaction (and vanish with a rollback). Here every statement outside a
 *   transaction waits until the transaction has ended.
 * - It begins transactions DEFERRED: one that reads, then writes after another
 *   process committed, fails at once with SQLITE_BUSY. BEGIN IMMEDIATE takes
 *   the write lock up front, waiting for it under the busy timeout.
 * Prisma sends COMMIT and ROLLBACK itself (usePhantomQuery: false).
 */
function serializeTransactions(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      await adapter.executeScript(CONNECTION_PRAGMAS);
      const mutex = new Mutex();
      return {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        queryRaw: (query) => mutex.run(() => adapter.queryRaw(query)),
        executeRaw: (query) => mutex.run(() => adapter.executeRaw(query)),
        executeScript: (script) => mutex.run(() => adapter.executeScript(script)),
        getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
        dispose: () => adapter.dispose(),
        async startTransaction(): Promise<Transaction> {
          const release = await mutex.acquire();
          try {
            await adapter.executeScript("BEGIN IMMEDIATE");
          } catch (error) {
            release();
            throw error;
          }
          const end = async () => release();
          return {
            provider: adapter.provider,
            adapterName: adapter.adapterName,
            options: { usePhantomQuery: false },
            queryRaw: (query) => adapter.queryRaw(query),
            executeRaw: (query) => adapter.executeRaw(query),
            commit: end,
            rollback: end,
          };
        },
      };
    },
  };
}

/**
 * The PostgreSQL clients, kept process-wide like the shared client below: Next's
 * bundles each have their own copy of this module, and a client one bundle
 * opened must read as PostgreSQL's in the others.
 */
const POSTGRES_CATALOGS = Symbol.for("galleon.postgresCatalogs");
const postgresCatalogs = ((globalThis as { [POSTGRES_CATALOGS]?: WeakSet<object> })[POSTGRES_CATALOGS] ??= new WeakSet<object>());

/** Whether `db` (a client, or a transaction of one) is on PostgreSQL, for the few statements written once per dialect. */
export function isPostgres(db: Catalog | Prisma.TransactionClient): boolean {
  return postgresCatalogs.has(db);
}

/** Makes `tx`, a transaction opened on `db`, read as `db`'s dialect. */
export function inheritDialect(tx: Prisma.TransactionClient, db: Catalog): void {
  if (postgresCatalogs.has(db)) postgresCatalogs.add(tx);
}

/**
 * A Prisma filter for text containing `needle` as SQLite's LIKE matches it,
 * case-insensitive for ASCII letters only: on PostgreSQL that is ILIKE in a
 * database of collation "C" (the migrations require one), which folds only those.
 */
export function containsText(db: Catalog, needle: string): Prisma.StringFilter {
  return isPostgres(db) ? ({ contains: needle, mode: "insensitive" } as Prisma.StringFilter) : { contains: needle };
}

/**
 * A Prisma client on the catalog at `location`: a postgresql:// URL
 * (docs/decisions/0016), or a SQLite file's path or "file:" URL.
 */
export function createCatalog(location: string): Catalog {
  if (isPostgresUrl(location)) {
    const db: Catalog = new PostgresClient({ adapter: remembered(postgresAdapter(location), () => db) }) as unknown as Catalog;
    postgresCatalogs.add(db);
    return db;
  }
  const file = location.startsWith("file:") ? location.slice("file:".length) : location;
  const adapter = serializeTransactions(new PrismaBetterSQLite3({ url: file, timeout: 5000 }));
  const db: Catalog = new PrismaClient({ adapter: remembered(adapter, () => db) });
  return db;
}

/** The driver connection Prisma opened for each client (process-wide, like the clients), for queryDirectly. */
const CONNECTIONS = Symbol.for("galleon.catalogConnections");
const connections = ((globalThis as { [CONNECTIONS]?: WeakMap<object, SqlDriverAdapter> })[CONNECTIONS] ??= new WeakMap());

/** `factory`, keeping the connection it opens for the client `db()` until Prisma disposes of it. */
function remembered<F extends SqlDriverAdapterFactory>(factory: F, db: () => Catalog): F {
  return {
    ...factory,
    async connect(): Promise<SqlDriverAdapter> {
      const connection = await factory.connect();
      connections.set(db(), connection);
      const dispose = connection.dispose.bind(connection);
      connection.dispose = () => {
        if (connections.get(db()) === connection) connections.delete(db());
        return dispose();
      };
      return connection;
    },
  };
}

/**
 * Rows of one read statement whose parameters are all text, as arrays in column
 * order, run on the connection Prisma opened without Prisma's query compiler,
 * which compiles every statement anew (about 0.5 ms of CPU each in Prisma 6.19):
 * for the statement the response cache runs on every request.
 */
export async function queryDirectly(db: Catalog, query: Prisma.Sql): Promise<unknown[][]> {
  if (!connections.has(db)) await db.$connect();
  const connection = connections.get(db);
  if (!connection) throw new Error("the catalog client opened no connection");
  if (!query.values.every((value) => typeof value === "string")) throw new Error("queryDirectly takes text parameters only");
  const result = await connection.queryRaw({
    // Prisma.Sql writes "?" placeholders (SQLite's); PostgreSQL's are numbered.
    sql: isPostgres(db) ? query.strings.reduce((sql, part, i) => `${sql}$${i}${part}`) : query.sql,
    args: query.values,
    argTypes: query.values.map(() => ({ scalarType: "string", arity: "scalar" })),
  });
  return result.rows;
}

/**
 * Where the process's client is kept. Next bundles proxy.ts apart from the
 * app's routes, each with its own copy of this module, so a module variable
 * would open the catalog once per bundle: the process-wide global opens it once.
 */
const SHARED = Symbol.for("galleon.catalog");
const processWide = globalThis as { [SHARED]?: Catalog };

/** The process's catalog client, on DATABASE_URL (opened on first use). */
export function getCatalog(): Catalog {
  const url = catalogUrl();
  processWide[SHARED] ??= createCatalog(isPostgresUrl(url) ? url : catalogDatabasePath());
  return processWide[SHARED];
}

export async function closeCatalog(): Promise<void> {
  await processWide[SHARED]?.$disconnect();
  delete processWide[SHARED];
}

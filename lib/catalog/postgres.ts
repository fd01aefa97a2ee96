import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/**
 * The PostgreSQL catalog's driver adapters (docs/decisions/0016). The
 * database must order and fold text as SQLite does (byte order, ASCII-only
 * case folding): its migrations refuse a database whose collation and
 * character type are not "C" (`createdb --locale=C --template=template0`).
 */

/**
 * Returns a transaction's connection to the pool when COMMIT or ROLLBACK
 * fails (a serialization failure found at COMMIT): Prisma 6.19.3 then never
 * calls the transaction's commit or rollback, which release it, and the pool
 * would lose a connection each time (and wait for it forever when it ends).
 */
function releasingOnFailedEnd(tx: Transaction): Transaction {
  let released = false;
  const release = (end: () => Promise<void>) => async () => {
    if (released) return;
    released = true;
    await end();
  };
  const commit = release(tx.commit.bind(tx));
  const rollback = release(tx.rollback.bind(tx));
  const executeRaw = tx.executeRaw.bind(tx);
  tx.commit = commit;
  tx.rollback = rollback;
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.sql === "COMMIT" || query.sql === "ROLLBACK") await rollback();
      throw error;
    }
  };
  return tx;
}

/** The adapter the catalog client runs on. */
export function postgresAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaPg({ connectionString: url });
  const withReleases = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => releasingOnFailedEnd(await startTransaction(isolationLevel));
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withReleases(await factory.connect()),
    connectToShadowDb: async () => withReleases(await factory.connectToShadowDb()),
  };
}

// PostgreSQL's catalog types `name` (OID 19) and `"char"` (OID 18), which the
// adapter cannot map (prisma/orm#27403), and `text` (OID 25).
const CATALOG_TYPES = new Set([18, 19]);
const TEXT = 25;

interface PgInternals {
  performIO(query: unknown): Promise<{ fields: Array<{ dataTypeID: number }> }>;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
}

/** Reads `name` and `"char"` columns as text: the schema engine reads pg_catalog through them. */
function readCatalogTypesAsText<T extends object>(queryable: T): T {
  const internals = queryable as unknown as PgInternals;
  const performIO = internals.performIO.bind(queryable);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
    return result;
  };
  return queryable;
}

/**
 * The adapter Prisma's CLI (prisma.config.ts) migrates through, with two
 * workarounds of @prisma/adapter-pg 6.19.3: catalog types read as text, and a
 * migration script sent whole (the adapter splits scripts at every ";",
 * which cuts PL/pgSQL function bodies apart).
 */
export function postgresMigrationAdapter(url: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = postgresAdapter(url);
  const wrap = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    readCatalogTypesAsText(adapter);
    const internals = adapter as unknown as PgInternals;
    adapter.executeScript = async (script) => {
      await internals.underlyingDriver().query(script).catch((error: unknown) => internals.onError(error));
    };
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel): Promise<Transaction> => readCatalogTypesAsText(await startTransaction(isolationLevel));
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect()),
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  };
}

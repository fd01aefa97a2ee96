/**
 * One active indexer: the process that holds the catalog's "indexer" lease
 * writes the search index and applies events; any other waits as a standby
 * and takes over when the holder stops beating (decision 0017).
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Catalog } from "@/lib/catalog/database.server";
import { urgently } from "@/lib/catalog/database.server";
import {
  beatLease,
  fenceWriteTransactions,
  type LeaseState,
  raiseLeaseFence,
  readLease,
  releaseLease,
  takeLease,
} from "@/lib/catalog/lease";
import { FencedOutError } from "@/lib/search/fence";
import type { SearchEngine } from "@/lib/search/types";
import type { Logger } from "./log";

const LEASE = "indexer";

export interface HeldLease {
  /**
   * The fencing token, raised only by fenceSearch. The catalog's write
   * transactions are fenced with it from the takeover on (decision 0029):
   * one refused because the lease has passed on stops this process as a
   * failed beat does (onLost).
   */
  readonly fence: number;
  /**
   * Sets the search index up with every write fenced with this lease's token:
   * a write refused because a newer holder has written the index stops this
   * process likewise.
   */
  fenceSearch(search: SearchEngine): Promise<void>;
  /** Hands the lease to a standby (a clean stop). */
  release(): Promise<void>;
}

export interface LeaseOptions {
  db: Catalog;
  /** How long a holder may go without a beat before a standby takes over. */
  periodMs: number;
  log: Logger;
  signal: AbortSignal;
  /** Called once if the lease is lost while held: the caller must stop writing at once. */
  onLost: (reason: string) => void;
}

/** This process, as written in the lease: host, pid and a random part (pids repeat across hosts and restarts). */
const self = `${hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;

/** A holder on this host whose process is gone: no need to wait out its period. */
function deadOnThisHost(holder: string): boolean {
  const [host, pid] = holder.split("/");
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Waits as a standby until this process holds the lease, then keeps it with
 * a beat every quarter period. Resolves null if `signal` stops the wait.
 * While held, the lease counts as lost (onLost) when a beat finds the fence
 * raised. A holder whose beats are merely late keeps going: stopping itself
 * after a silence made a lone indexer on a loaded machine stop for nothing,
 * and a standby that took over meanwhile is noticed at the next beat.
 */
export async function holdIndexerLease(options: LeaseOptions): Promise<HeldLease | null> {
  const { db, periodMs, log, signal } = options;
  let seen: { state: LeaseState; since: number } | null = null;
  let waiting = false;
  while (!signal.aborted) {
    const state = await readLease(db, LEASE);
    const unchanged = seen && state && seen.state.fence === state.fence && seen.state.beat === state.beat;
    if (!unchanged) seen = state && { state, since: performance.now() };
    const free =
      !state || state.holder === "" || deadOnThisHost(state.holder) || (seen !== null && performance.now() - seen.since >= periodMs);
    if (free) {
      const fence = await takeLease(db, LEASE, self, state);
      if (fence !== null) {
        log.info("indexer lease taken: this indexer is active", { fence, previous: state?.holder || null });
        return keep(options, fence);
      }
      seen = null;
    } else if (!waiting) {
      waiting = true;
      log.info("another indexer is active: waiting as a standby", { active: state?.holder });
    }
    await sleep(Math.min(1000, periodMs / 4), undefined, { signal }).catch(() => {});
  }
  return null;
}

function keep({ db, periodMs, log, onLost }: LeaseOptions, taken: number): HeldLease {
  let fence = taken;
  let lost = false;
  const lose = (reason: string) => {
    if (lost) return;
    lost = true;
    clearInterval(beating);
    log.error("indexer lease lost: stopping so that only one indexer writes", { reason, fence });
    onLost(reason);
  };
  const fenceCatalog = () => fenceWriteTransactions(db, { name: LEASE, fence, onFencedOut: (error) => lose(error.message) });
  fenceCatalog();
  const beating = setInterval(() => {
    const beaten = fence;
    urgently(() => beatLease(db, LEASE, beaten)).then(
      (held) => {
        // A beat sent before fenceSearch raised the fence fails without the lease being lost.
        if (!held && beaten === fence) lose("another indexer took the lease over");
      },
      (error: unknown) => log.warn("indexer lease beat failed", { error }),
    );
  }, periodMs / 4);
  return {
    get fence() {
      return fence;
    },
    async fenceSearch(search) {
      // Refused here, the index may hold another catalog's fence rather than a successor's: no stop yet.
      search.fenceWrites(fence, () => {});
      try {
        await search.setup();
      } catch (error) {
        if (!(error instanceof FencedOutError)) throw error;
        // Still the catalog's holder (the raise is a compare-and-set on this fence), so no successor
        // wrote that fence: the index was written under another catalog (replaced, or moved to PostgreSQL).
        if (!(await raiseLeaseFence(db, LEASE, fence, error.newer + 1))) {
          lose(error.message);
          throw error;
        }
        log.warn("the search index holds a higher fence than the catalog's lease: raised the lease's past it", {
          from: fence,
          to: error.newer + 1,
        });
        fence = error.newer + 1;
        fenceCatalog();
        search.fenceWrites(fence, () => {});
        await search.setup();
      }
      search.fenceWrites(fence, (refused) => lose(refused.message));
    },
    async release() {
      clearInterval(beating);
      if (lost) return;
      await releaseLease(db, LEASE, fence);
      fenceWriteTransactions(db, null);
    },
  };
}

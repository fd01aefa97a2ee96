import { appendFileSync, existsSync, readFileSync, renameSync, unlinkSync } from "node:fs";
import type { RegistryEventInput } from "@/lib/catalog/events";
import type { Logger } from "../log";
import { Rerun } from "./rerun";

/** Events moved into the catalog per call of `store`: each is one short transaction. */
const EVENTS_PER_STORE = 100;
const RETRY_MS = 1_000;

const movingFileOf = (file: string) => `${file}.moving`;

/** Appends one delivery; durable (as a catalog commit is) once it returns. */
export function appendToJournal(file: string, events: RegistryEventInput[]): void {
  appendFileSync(file, `${JSON.stringify(events)}\n`);
}

/**
 * Starts a new journal, the current one becoming the file to move; a file
 * left by a move that did not finish is moved first. Only the journal's
 * writer may call it: an append racing a rename could land in a file already read.
 */
export function rotateJournal(file: string): void {
  if (!existsSync(movingFileOf(file)) && existsSync(file)) renameSync(file, movingFileOf(file));
}

/**
 * Where the receiver keeps deliveries until they are in the catalog
 * (docs/decisions/0011). The registry delivers one endpoint's notifications
 * one at a time, in order, each after the answer to the one before: a
 * delivery that waited for the catalog's write lock (held by a turn writing
 * tags, or by the web app) held every repository's next notification. An
 * append to this file takes microseconds and survives a crash of the process
 * as a catalog commit does (neither is synced to disk: WAL with
 * synchronous=NORMAL); the journal is then moved into the catalog in the
 * background, many events per transaction, and at the next start whatever a
 * crash left is moved first. Events are stored by id, so a move repeated
 * after a crash stores nothing twice.
 */
export class EventJournal {
  private readonly moving: string;
  private readonly mover = new Rerun(async () => {
    // Deliveries appended during a move start a new journal: moved in turn.
    do await this.move();
    while (existsSync(this.file));
  });

  constructor(
    private readonly file: string,
    /** Stores events in the catalog (storeEvents), then lets the processor know. */
    private readonly store: (events: RegistryEventInput[]) => Promise<void>,
    private readonly log: Logger,
    /**
     * Asks the journal's writer to rotate it (rotateJournal): the receiver's
     * thread when deliveries are appended there, this thread otherwise.
     */
    private readonly rotate: () => Promise<void> = async () => rotateJournal(file),
  ) {
    this.moving = movingFileOf(file);
  }

  /** Appends in this thread (when no receiver thread writes the journal); the move follows. */
  append(events: RegistryEventInput[]): void {
    appendToJournal(this.file, events);
    this.flushSoon();
  }

  /** Moves the journal into the catalog without waiting; a failure is logged and retried. */
  flushSoon(): void {
    this.flush().catch((error: unknown) => {
      this.log.error("moving events into the catalog failed; retrying", { error });
      setTimeout(() => this.flushSoon(), RETRY_MS).unref();
    });
  }

  /** Moves every journaled event into the catalog; a call during a move is served by one more. */
  flush(): Promise<void> {
    return this.mover.call();
  }

  private async move(): Promise<void> {
    await this.rotate();
    if (!existsSync(this.moving)) return;
    const events: RegistryEventInput[] = [];
    for (const line of readFileSync(this.moving, "utf8").split("\n")) {
      if (line === "") continue;
      try {
        const batch = JSON.parse(line) as Array<RegistryEventInput & { occurredAt: string }>;
        events.push(...batch.map((event) => ({ ...event, occurredAt: new Date(event.occurredAt) })));
      } catch {
        // Only the last line can be torn (a crash mid-append): that delivery was never answered,
        // so the registry sends it again.
        this.log.warn("a torn line of the events journal was skipped", { file: this.moving });
      }
    }
    for (let start = 0; start < events.length; start += EVENTS_PER_STORE) {
      await this.store(events.slice(start, start + EVENTS_PER_STORE));
    }
    unlinkSync(this.moving);
  }
}

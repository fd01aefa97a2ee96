import { rmSync } from "node:fs";
import type { EventProcessor } from "@/indexer/events/processor";
import { type EventsReceiver, startEventsReceiver } from "@/indexer/events/receiver";
import type { Indexer } from "@/indexer/reconcile";
import type { Logger } from "@/indexer/log";
import type { Catalog } from "@/lib/catalog/database.server";
import { storeEvents } from "@/lib/catalog/events";
import type { RegistryHandle } from "@/scripts/registry/harness";
import type { TestCatalog } from "./catalog";

/** What the indexer process does with a registry notification: store it, then process it. */
export function receiveNotifications(db: Catalog, processor: EventProcessor, options: { port: number; secret: string; log: Logger }): Promise<EventsReceiver> {
  return startEventsReceiver({
    host: "127.0.0.1",
    ...options,
    store: async (events) => {
      await storeEvents(db, events);
      void processor.drain();
    },
  });
}

/** Stops a suite's notification path in order: no new delivery, the last ones applied, then what they wrote to. */
export async function closeNotificationPath(parts: {
  receiver?: EventsReceiver;
  processor?: EventProcessor;
  indexer?: Indexer;
  registry?: RegistryHandle;
  catalog?: TestCatalog;
  searchDir: string;
}): Promise<void> {
  await parts.receiver?.close();
  await parts.processor?.drain();
  await parts.indexer?.search.close();
  await parts.registry?.stop();
  await parts.catalog?.dispose();
  rmSync(parts.searchDir, { recursive: true, force: true });
}

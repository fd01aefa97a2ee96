import type { EventProcessor } from "@/indexer/events/processor";
import { type EventsReceiver, startEventsReceiver } from "@/indexer/events/receiver";
import type { Logger } from "@/indexer/log";
import type { Catalog } from "@/lib/catalog/client";
import { storeEvents } from "@/lib/catalog/events";

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

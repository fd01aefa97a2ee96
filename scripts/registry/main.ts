/**
 * `npm run registry`: a long-lived local registry for the demo.
 *
 * GALLEON_REGISTRY_PORT     port on 127.0.0.1 (default 5000; 0 for any free port)
 * GALLEON_REGISTRY_STORAGE  storage directory (default data/registry)
 * GALLEON_EVENTS_URL        webhook for registry events (optional) ...
 * GALLEON_EVENTS_SECRET     ... and the bearer secret it expects (required with the URL)
 */
import { resolve } from "node:path";
import { startRegistry } from "./harness";

const port = Number(process.env.GALLEON_REGISTRY_PORT ?? 5000);
const storageDir = resolve(process.env.GALLEON_REGISTRY_STORAGE ?? "data/registry");
const eventsUrl = process.env.GALLEON_EVENTS_URL;
const eventsSecret = process.env.GALLEON_EVENTS_SECRET;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  fail(`GALLEON_REGISTRY_PORT is not a port number: ${process.env.GALLEON_REGISTRY_PORT}`);
}
if (eventsUrl && !eventsSecret) fail("GALLEON_EVENTS_SECRET is required when GALLEON_EVENTS_URL is set");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const registry = await startRegistry({
  port,
  storageDir,
  notifications: eventsUrl && eventsSecret ? { url: eventsUrl, secret: eventsSecret } : undefined,
}).catch((error: Error) => fail(error.message));
console.log(`registry ready at ${registry.url} (pid ${registry.pid}, storage ${storageDir})`);
if (eventsUrl) console.log(`events go to ${eventsUrl}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    stopping = true;
    await registry.stop();
    process.exit(0);
  });
}
void registry.exited.then(() => {
  if (stopping) return;
  console.error(`the registry exited unexpectedly:\n${registry.logs()}`);
  process.exit(1);
});

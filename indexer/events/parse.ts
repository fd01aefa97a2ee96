import type { RegistryEventInput } from "@/lib/catalog/events";
import { USER_AGENT } from "@/lib/registry";
import { manifestFormat } from "@/lib/registry/media-types";

/** The registry's notification envelope (distribution's events.v1), validated. */

export const EVENTS_MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";
const ACTIONS = new Set(["push", "pull", "delete"]);
// Repository path grammar (distribution's reference package), checked so nothing else reaches the catalog.
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export class InvalidEventsError extends Error {
  override name = "InvalidEventsError";
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function optional(value: unknown, pattern: RegExp, field: string): string | null {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || !pattern.test(value)) throw new InvalidEventsError(`${field} is not valid`);
  return value;
}

/**
 * The events of a notification body worth keeping: manifest pushes, pulls
 * by anyone but Galleon itself, and deletes; others (blobs, mounts) are dropped. Throws InvalidEventsError, naming the field,
 * when any event is malformed: then none is kept.
 */
export function parseEvents(body: unknown): RegistryEventInput[] {
  if (!isObject(body) || !Array.isArray(body.events)) throw new InvalidEventsError('the body must be {"events": [...]}');
  return body.events.flatMap((event: unknown, index): RegistryEventInput[] => {
    const at = `events[${index}]`;
    if (!isObject(event) || !isObject(event.target)) throw new InvalidEventsError(`${at} has no target`);
    if (typeof event.id !== "string" || event.id.length === 0 || event.id.length > 128) {
      throw new InvalidEventsError(`${at}.id is not valid`);
    }
    if (typeof event.action !== "string") throw new InvalidEventsError(`${at}.action is missing`);
    if (!ACTIONS.has(event.action)) return [];
    const occurredAt = new Date(typeof event.timestamp === "string" ? event.timestamp : Number.NaN);
    if (Number.isNaN(occurredAt.getTime())) throw new InvalidEventsError(`${at}.timestamp is not a date`);
    const { target } = event;
    const repository = optional(target.repository, REPOSITORY, `${at}.target.repository`);
    if (repository === null) throw new InvalidEventsError(`${at}.target.repository is missing`);
    const mediaType = target.mediaType;
    if (mediaType !== undefined && (typeof mediaType !== "string" || mediaType.length > 255)) {
      throw new InvalidEventsError(`${at}.target.mediaType is not valid`);
    }
    // Blob traffic says nothing about tags or pulls (deletes may carry no media type).
    if (event.action !== "delete" && !manifestFormat(String(mediaType ?? ""))) return [];
    const request = isObject(event.request) ? event.request : {};
    // The indexer's own reads are not pulls.
    if (event.action === "pull" && String(request.useragent ?? "").startsWith(USER_AGENT)) return [];
    const method = request.method;
    return [
      {
        id: event.id,
        occurredAt,
        action: event.action as RegistryEventInput["action"],
        repository,
        tag: optional(target.tag, TAG, `${at}.target.tag`),
        digest: optional(target.digest, DIGEST, `${at}.target.digest`),
        mediaType: (mediaType as string | undefined) || null,
        method: method === "GET" || method === "HEAD" ? method : null,
      },
    ];
  });
}

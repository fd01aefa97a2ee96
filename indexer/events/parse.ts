import { z } from "zod";
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

/** A field that may be absent, null or empty (none: read it with `|| null`), or else must match `pattern` (anchored). */
const optional = (pattern: RegExp) => z.string().regex(new RegExp(`^$|${pattern.source}`)).nullish();

const Envelope = z.object({ events: z.array(z.unknown()) });
const Event = z.object({
  target: z.object({
    repository: optional(REPOSITORY),
    mediaType: z.string().max(255).optional(),
    tag: optional(TAG),
    digest: optional(DIGEST),
  }),
  id: z.string().min(1).max(128),
  action: z.string(),
  timestamp: z.string().refine((text) => !Number.isNaN(Date.parse(text))),
  request: z.object({ useragent: z.unknown().optional(), method: z.unknown().optional() }).catch({}),
});
type Event = z.output<typeof Event>;

// An event is parsed once, but its problems count in stages: whether it is kept decides what else must be valid.
const HEAD = ["", "target", "id", "action"];
const BODY = ["timestamp", "target.repository", "target.mediaType"];
const REFERENCES = ["target.tag", "target.digest"];
/** What a refusal says of a field (by its path in the event). */
const PROBLEMS: Record<string, string> = { "": "has no target", target: "has no target", action: "is missing", timestamp: "is not a date" };

/** Throws for the first of `issues` about a field of `stage`, naming it. */
function refuseAny(issues: readonly z.core.$ZodIssue[], stage: readonly string[], at: string): void {
  const path = issues.map((issue) => issue.path.join(".")).find((field) => stage.includes(field));
  if (path === undefined) return;
  const problem = PROBLEMS[path] ?? "is not valid";
  throw new InvalidEventsError(path === "" || path === "target" ? `${at} ${problem}` : `${at}.${path} ${problem}`);
}

/**
 * The events of a notification body worth keeping: manifest pushes, pulls
 * by anyone but Galleon itself, and deletes; others (blobs, mounts) are dropped. Throws InvalidEventsError, naming the field,
 * when any event is malformed: then none is kept.
 */
export function parseEvents(body: unknown): RegistryEventInput[] {
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) throw new InvalidEventsError('the body must be {"events": [...]}');
  return envelope.data.events.flatMap((raw, index): RegistryEventInput[] => {
    const at = `events[${index}]`;
    const result = Event.safeParse(raw);
    const issues = result.error?.issues ?? [];
    refuseAny(issues, HEAD, at);
    // Past HEAD, the fields of each stage passed are as Event says.
    const event = raw as Partial<Event> & Pick<Event, "action" | "target">;
    if (!ACTIONS.has(event.action)) return [];
    refuseAny(issues, BODY, at);
    if (!event.target.repository) throw new InvalidEventsError(`${at}.target.repository is missing`);
    // Blob traffic says nothing about tags or pulls (deletes may carry no media type).
    if (event.action !== "delete" && !manifestFormat(event.target.mediaType ?? "")) return [];
    // The indexer's own reads are not pulls.
    if (event.action === "pull" && String(event.request?.useragent ?? "").startsWith(USER_AGENT)) return [];
    refuseAny(issues, REFERENCES, at);
    const { id, action, timestamp, target, request } = result.data!;
    return [
      {
        id,
        occurredAt: new Date(timestamp),
        action: action as RegistryEventInput["action"],
        repository: target.repository!,
        tag: target.tag || null,
        digest: target.digest || null,
        mediaType: target.mediaType || null,
        method: request.method === "GET" || request.method === "HEAD" ? request.method : null,
      },
    ];
  });
}

/**
 * Why a publisher-side request was refused, with the HTTP status every door
 * (console, API, CLI) reports. Messages are written to be shown as they are.
 */
export class PublisherError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415,
    message: string,
    /** The form field the message belongs next to. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "PublisherError";
  }
}

/** One answer for unknown repositories and those the principal may not read, so neither is told apart. */
export const notFound = () => new PublisherError(404, "not found");
export const forbidden = (what: string) => new PublisherError(403, `you are not allowed to ${what}`);

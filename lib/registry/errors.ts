/** Every way a registry call fails, as types the indexer can tell apart. */

/** What a call was about; a reference is a tag or a digest. */
export interface Subject {
  repository?: string;
  reference?: string;
}

function describe({ repository, reference }: Subject): string {
  if (repository === undefined) return "the registry catalog";
  if (reference === undefined) return repository;
  return reference.includes(":") ? `${repository}@${reference}` : `${repository}:${reference}`;
}

export class RegistryError extends Error {
  readonly repository: string | undefined;
  readonly reference: string | undefined;

  constructor(subject: Subject, detail: string, options?: ErrorOptions) {
    super(`${describe(subject)}: ${detail}`, options);
    this.name = new.target.name;
    this.repository = subject.repository;
    this.reference = subject.reference;
  }
}

/** Network error, timeout, 429 or 5xx, still failing after the retries. */
export class RegistryUnavailableError extends RegistryError {}

/** The registry (or its token server) did not answer within the request timeout. */
export class RegistryTimeoutError extends RegistryUnavailableError {}

/** Refused (401/403) even with the credentials or token the registry asked for. */
export class RegistryAuthError extends RegistryError {
  constructor(
    subject: Subject,
    readonly status: number,
    detail: string,
  ) {
    super(subject, detail);
  }
}

/** Unknown repository, tag or digest. */
export class NotFoundError extends RegistryError {
  constructor(subject: Subject) {
    super(subject, "not found");
  }
}

/** A status the API does not define for the call (400, 405...). */
export class UnexpectedResponseError extends RegistryError {
  constructor(
    subject: Subject,
    readonly status: number,
    body: string,
  ) {
    super(subject, `unexpected HTTP ${status}${body ? `: ${body}` : ""}`);
  }
}

/** A listing (the catalog, a tags list) passed one of its bounds: too many pages or entries, or too long. */
export class ListingLimitError extends RegistryError {}

export type ManifestErrorReason =
  | "malformed"
  | "unknown-media-type"
  | "too-large"
  | "too-deep"
  | "too-many-children"
  | "digest-mismatch"
  | "missing-blob";

/** The registry answered, but the manifest (or a blob it needs) cannot be used. */
export class ManifestError extends RegistryError {
  constructor(
    subject: Subject,
    readonly reason: ManifestErrorReason,
    detail: string,
  ) {
    super(subject, `${reason}: ${detail}`);
  }
}

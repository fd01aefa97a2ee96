/**
 * The OpenAPI 3.1 description of every /api/v1 endpoint, served at
 * GET /api/v1/openapi.json. Limits and enumerations come from the code that
 * enforces them, so the document cannot drift from them; tests/openapi.test.ts
 * checks that every route is described and every described path is a route.
 */
import { ROLES, TOKEN_SCOPES } from "./auth/policy";
import { MAX_SCOPE_LENGTH, MAX_SCOPES, REGISTRY_TOKEN_PATH } from "./auth/registry-token.server";
import { CATEGORIES, LIMITS } from "./catalog/catalog-data";
import { TAG_SORTS } from "./catalog/gallery";
import { NAMESPACE_MAX_LENGTH } from "./catalog/names";
import { BADGES, DISPLAY_NAME_MAX } from "./publisher/admin.server";
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_NAME_MAX } from "./publisher/tokens.server";
import { ARCHITECTURES, OPERATING_SYSTEMS } from "./registry/platforms";
import { DEFAULT_PAGE_SIZE, DEFAULT_SUGGESTIONS, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, MAX_SUGGESTIONS } from "./search/query";
import { EXCERPT_WORDS, MAX_TOTAL_HITS } from "./search/rules";
import { SORTS } from "./search/types";
import { TAGS_PAGE_SIZE } from "./tag-query";

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type Schema = { [keyword: string]: unknown };

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  description?: string;
  schema: Schema;
}

interface ResponseObject {
  description: string;
  headers?: Record<string, { description: string; schema: Schema }>;
  content?: Record<string, { schema: Schema }>;
}

type Ref = { $ref: string };

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<Parameter | Ref>;
  requestBody?: { required: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, ResponseObject | Ref>;
  security?: Security;
}

export type PathItem = Partial<Record<HttpMethod, Operation>>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, Schema>;
    parameters: Record<string, Parameter>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, Schema>;
  };
}

// --- Small builders ---------------------------------------------------------

const ref = (kind: "schemas" | "parameters" | "responses", name: string): Ref => ({ $ref: `#/components/${kind}/${name}` });
const schema = (name: string) => ref("schemas", name);
const json = (body: Schema, description: string): ResponseObject => ({
  description,
  content: { "application/json": { schema: body } },
});
const jsonBody = (body: Schema) => ({ required: true, content: { "application/json": { schema: body } } });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, "null"], ...extra });
const object = (properties: Record<string, Schema>, required = Object.keys(properties), extra: Schema = {}): Schema => ({
  type: "object",
  properties,
  required,
  ...extra,
});
const errors = (...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 429>) =>
  Object.fromEntries(statuses.map((status) => [String(status), ref("responses", `E${status}`)]));
const integerQuery = (name: string, description: string, maximum: number, fallback: number): Parameter => ({
  name,
  in: "query",
  description,
  schema: { type: "integer", minimum: 1, maximum, default: fallback },
});
const listQuery = (name: string, description: string, values?: readonly string[]): Parameter => ({
  name,
  in: "query",
  description: `${description} May repeat: values of one parameter are OR-ed, parameters AND-ed.`,
  schema: { type: "array", items: values ? { type: "string", enum: [...values] } : { type: "string" } },
});

// Publisher and admin endpoints take a token, or a browser session that sends its CSRF token when changing state.
type Security = Array<Record<string, string[]>>;
const READ_SECURITY: Security = [{ bearerAuth: [] }, { sessionCookie: [] }];
const WRITE_SECURITY: Security = [{ bearerAuth: [] }, { sessionCookie: [], csrfToken: [] }];
// Managing a publisher (tokens, audit log) takes a signed-in owner or admin: tokens cannot.
const SESSION_READ_SECURITY: Security = [{ sessionCookie: [] }];
const SESSION_WRITE_SECURITY: Security = [{ sessionCookie: [], csrfToken: [] }];

const REPOSITORY_PATH = "/api/v1/repositories/{namespace}/{repository}";
const ADMIN_PUBLISHER = "/api/v1/admin/publishers/{id}";

// --- Schemas ----------------------------------------------------------------

const highlight: Schema = {
  type: "array",
  description: "Text as segments; `match` marks the parts that matched the query. Never HTML.",
  items: object({ text: { type: "string" }, match: { type: "boolean" } }),
};
const counts: Schema = { type: "object", additionalProperties: { type: "integer" } };
const strings: Schema = { type: "array", items: { type: "string" } };
const layer = object({ digest: { type: "string" }, mediaType: { type: "string" }, size: nullable("integer") });

/** Who a certificate names as signer, as it states it (never a verification by itself). */
const signer = {
  signer: nullable("string", { description: "The signing certificate's subject alternative name, else its subject." }),
  issuer: nullable("string", { description: "The OIDC issuer Fulcio recorded in the certificate." }),
};

const schemas: Record<string, Schema> = {
  Error: object(
    {
      error: { type: "string", description: "Why the request was refused, written to be shown as it is." },
      field: { type: "string", description: "The request field the error is about, when there is one." },
    },
    ["error"],
  ),
  Publisher: object({
    displayName: { type: "string", description: "The namespace's name when no publisher owns it." },
    verified: { type: "boolean" },
    official: { type: "boolean" },
  }),
  Repository: object({
    namespace: { type: "string" },
    name: { type: "string", description: "Within the namespace; may contain '/'." },
    fullName: { type: "string", examples: ["acme/tools/cli"] },
    registryPath: { type: "string", description: "The path to pull: top-level images have no namespace in it." },
    publisher: schema("Publisher"),
    shortDescription: { type: "string" },
    about: { type: "string", description: "Markdown." },
    usage: { type: "string", description: "Markdown." },
    categories: { type: "array", items: { type: "string", enum: [...CATEGORIES] } },
    defaultTag: nullable("string"),
    logo: nullable("string", { description: "URL or path of the repository's logo." }),
    pulls: { type: "integer" },
    updatedAt: { type: "string", format: "date-time", description: "Last time a tag was added, changed or removed." },
    tagCount: { type: "integer" },
  }),
  Platform: object({
    os: { type: "string" },
    architecture: { type: "string" },
    variant: nullable("string"),
    digest: { type: "string" },
    mediaType: { type: "string" },
    compressedSize: nullable("integer", { description: "Bytes; null when the manifest format records none." }),
  }),
  Tag: object({
    name: { type: "string" },
    digest: { type: "string" },
    mediaType: { type: "string" },
    kind: { type: "string", enum: ["oci-index", "oci-image", "docker-manifest-list", "docker-schema2", "docker-schema1", "artifact"] },
    artifactType: nullable("string"),
    compressedSize: nullable("integer"),
    pushedAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
    platforms: { type: "array", items: schema("Platform") },
  }),
  ImageDetails: object({
    layers: { type: "array", items: layer },
    entrypoint: nullable("array", { items: { type: "string" } }),
    cmd: nullable("array", { items: { type: "string" } }),
    envNames: { type: "array", items: { type: "string" }, description: "Names only: values can hold secrets." },
    exposedPorts: { type: "array", items: { type: "string", examples: ["80/tcp"] } },
    workingDir: nullable("string"),
    user: nullable("string"),
    labels: { type: "object", additionalProperties: { type: "string" } },
    history: {
      type: "array",
      items: object({
        created: nullable("string"),
        createdBy: nullable("string"),
        emptyLayer: { type: "boolean" },
        comment: nullable("string"),
      }),
    },
    truncated: { type: "boolean" },
  }),
  TagDetails: {
    allOf: [
      schema("Tag"),
      object({
        repository: { type: "string", description: "The repository's full name." },
        created: nullable("string", { format: "date-time" }),
        files: {
          type: ["array", "null"],
          description: "An artifact's files; null where the catalog has none.",
          items: { allOf: [layer, object({ title: nullable("string") })] },
        },
        chart: {
          oneOf: [schema("HelmChart"), { type: "null" }],
          description: "A Helm chart's metadata from its config; null for anything else.",
        },
        platforms: {
          type: "array",
          items: { allOf: [schema("Platform"), object({ details: { oneOf: [schema("ImageDetails"), { type: "null" }] } })] },
        },
        attachments: {
          type: "array",
          items: schema("Attachment"),
          description: "What is attached to the tag's manifest and its platforms' (see `subject`), oldest first.",
        },
      }),
    ],
  },
  HelmChart: object({
    name: nullable("string"),
    version: nullable("string"),
    appVersion: nullable("string"),
    description: nullable("string"),
    note: nullable("string", { description: "Why the chart's config could not be read (in full); the tag is indexed all the same." }),
  }),
  Attachment: {
    description:
      "A signature, SBOM, attestation or report attached to an image, as the tag page shows it. Signatures say what Galleon " +
      "verified: `verified` only after a check with the operator's cosign key over this image's digest.",
    allOf: [
      object({
        subject: { type: "string", description: "The digest of the manifest it describes: the tag's, or a platform's." },
        kind: { type: "string", enum: ["cosign-signature", "notation-signature", "sbom", "attestation", "vulnerability-report", "other"] },
        category: { type: "string", enum: ["signature", "sbom", "attestation", "vulnerability-report", "other"] },
        digest: { type: "string" },
        mediaType: { type: "string" },
        artifactType: nullable("string"),
        created: nullable("string", { format: "date-time", description: "Its org.opencontainers.image.created annotation." }),
        pushedAt: { type: "string", format: "date-time", description: "When Galleon first saw it." },
      }),
      {
        oneOf: [
          object({ kind: { const: "cosign-signature" }, signatures: { type: "array", items: object({ keyless: { type: "boolean" }, signer: signer.signer, issuer: signer.issuer, verification: schema("Verification") }) } }),
          object({ kind: { const: "notation-signature" }, envelope: { type: "string", enum: ["jws", "cose"] }, signer: nullable("string"), verification: schema("Verification") }),
          object({
            kind: { const: "sbom" },
            format: { type: "string", examples: ["SPDX-2.3", "CycloneDX 1.5"] },
            tool: nullable("string"),
            packageCount: { type: "integer" },
            packages: { type: "array", items: object({ name: { type: "string" }, version: nullable("string") }), description: "The first ones." },
            attested: { type: "boolean", description: "Carried in an in-toto attestation." },
            download: nullable("string", { description: "Where Galleon serves the document; null when it was not kept." }),
          }),
          object({ kind: { const: "attestation" }, predicateType: { type: "string" }, builder: nullable("string"), source: nullable("string"), ...signer }),
          object({
            kind: { const: "vulnerability-report" },
            format: { type: "string", enum: ["SARIF", "OpenVEX", "Trivy", "Grype"] },
            scanner: nullable("string"),
            date: nullable("string"),
            counts: { type: "object", additionalProperties: { type: "integer" }, description: "By severity, or by status for OpenVEX." },
          }),
          object({ kind: { const: "other" } }),
        ],
      },
    ],
  },
  Verification: object({
    state: { type: "string", enum: ["verified", "not-verified", "failed"] },
    reason: nullable("string", { description: "Why it is not verified, or failed; null when verified." }),
  }),
  TagList: object({
    total: { type: "integer" },
    page: { type: "integer" },
    pageSize: { type: "integer" },
    tags: { type: "array", items: schema("Tag") },
  }),
  SearchQuery: object({
    q: { type: "string" },
    filters: object(
      {
        os: strings,
        architecture: strings,
        categories: strings,
        namespace: strings,
        verified: { type: "boolean" },
        official: { type: "boolean" },
        signed: { type: "boolean" },
        sbom: { type: "boolean" },
      },
      [],
    ),
    sort: { type: "string", enum: [...SORTS] },
    page: { type: "integer" },
    pageSize: { type: "integer" },
  }),
  SearchHit: object(
    {
      fullName: { type: "string" },
      namespace: { type: "string" },
      name: { type: "string" },
      publisher: { type: "string" },
      shortDescription: { type: "string" },
      tags: strings,
      categories: strings,
      operatingSystems: strings,
      architectures: strings,
      verified: { type: "boolean" },
      official: { type: "boolean" },
      signed: { type: "boolean", description: "A signature is attached to an image of the repository (present, not necessarily verified)." },
      sbom: { type: "boolean", description: "An SBOM is attached to an image of the repository." },
      pulls: { type: "integer" },
      updatedAt: { type: "string", format: "date-time" },
      highlights: object({
        name: highlight,
        shortDescription: highlight,
        about: {
          ...highlight,
          description:
            "An excerpt of the About text, never all of it (the repository endpoint has it): about " +
            `${EXCERPT_WORDS} words around the matches, or its first sentences when nothing in it matched; empty when there is no About.`,
        },
      }),
    },
    undefined,
    { additionalProperties: false },
  ),
  SearchResult: object({
    query: schema("SearchQuery"),
    total: {
      type: "integer",
      maximum: MAX_TOTAL_HITS,
      description: `Matching repositories, up to ${MAX_TOTAL_HITS}: hits past that many are not reachable.`,
    },
    totalCapped: {
      type: "boolean",
      description: `More than ${MAX_TOTAL_HITS} repositories may match. Facet counts may then cover only ${MAX_TOTAL_HITS} of them (the most popular, or most recently updated with sort=updated).`,
    },
    page: { type: "integer" },
    pageSize: { type: "integer" },
    hits: { type: "array", items: schema("SearchHit") },
    facets: object({
      os: counts,
      architecture: counts,
      categories: counts,
      namespace: counts,
      verified: { type: "integer" },
      official: { type: "integer" },
      signed: { type: "integer" },
      sbom: { type: "integer" },
    }),
    tagMatch: {
      description: "q named a tag of a public repository (`nginx:1.27`); `exists` says whether the repository has it.",
      oneOf: [object({ repository: { type: "string" }, tag: { type: "string" }, exists: { type: "boolean" } }), { type: "null" }],
    },
    digestMatches: {
      description: "q was a digest prefix (`sha256:` and at least 12 hex digits): the public tags and platforms with it.",
      oneOf: [
        object({
          prefix: { type: "string" },
          digests: { type: "array", items: { type: "string" } },
          ambiguous: { type: "boolean" },
          truncated: { type: "boolean" },
          matches: {
            type: "array",
            items: object({
              digest: { type: "string" },
              repository: { type: "string" },
              tag: { type: "string" },
              platform: {
                oneOf: [object({ os: { type: "string" }, architecture: { type: "string" }, variant: nullable("string") }), { type: "null" }],
              },
            }),
          },
        }),
        { type: "null" },
      ],
    },
  }),
  Suggestions: object({
    query: object({ q: { type: "string" }, limit: { type: "integer" } }),
    suggestions: {
      type: "array",
      items: object({
        fullName: { type: "string" },
        namespace: { type: "string" },
        name: { type: "string" },
        shortDescription: { type: "string" },
        verified: { type: "boolean" },
        official: { type: "boolean" },
      }),
    },
  }),

  // Publisher side
  CatalogData: object({
    repository: { type: "string", description: '"<namespace>/<name>"' },
    registryPath: { type: "string" },
    visibility: { type: "string", enum: ["PUBLIC", "PRIVATE"] },
    revision: { type: "integer", description: "Bumped by every save; send it back as If-Match to refuse overwriting someone's save." },
    shortDescription: { type: "string" },
    about: { type: "string" },
    usage: { type: "string" },
    categories: { type: "array", items: { type: "string", enum: [...CATEGORIES] } },
    defaultTag: nullable("string"),
    logo: nullable("string"),
    inRegistry: { type: "boolean" },
    lastSyncedAt: nullable("string", { format: "date-time" }),
    syncError: nullable("string"),
  }),
  CatalogDataUpdate: object(
    {
      shortDescription: { type: "string", maxLength: LIMITS.shortDescription },
      about: { type: "string", maxLength: LIMITS.about, description: "Markdown." },
      usage: { type: "string", maxLength: LIMITS.usage, description: "Markdown." },
      categories: { type: "array", items: { type: "string", enum: [...CATEGORIES] }, maxItems: LIMITS.categories, uniqueItems: true },
      defaultTag: nullable("string", { description: "A tag name; null to choose automatically." }),
    },
    [],
    { additionalProperties: false, description: "Any subset of the fields; the others keep their values. Unknown fields are refused (400)." },
  ),
  VisibilityUpdate: object({ visibility: { type: "string", enum: ["PUBLIC", "PRIVATE"] } }, undefined, { additionalProperties: false }),
  NamespaceSettings: object({ newRepositoriesPublic: { type: "boolean" } }, undefined, { additionalProperties: false }),
  TokenRequest: object(
    {
      name: { type: "string", minLength: 1, maxLength: TOKEN_NAME_MAX },
      scope: { type: "string", enum: [...TOKEN_SCOPES], description: "READ reads catalog data; WRITE also edits it and changes visibility." },
      namespaces: { type: "array", items: { type: "string" }, default: [], description: "The publisher's namespaces it covers; empty for all, now and later." },
      expiresInDays: { type: "integer", minimum: 1, maximum: TOKEN_MAX_DAYS, default: TOKEN_DEFAULT_DAYS },
    },
    ["name", "scope"],
    { additionalProperties: false },
  ),
  Token: object(
    {
      id: { type: "integer" },
      name: { type: "string" },
      displayPrefix: { type: "string", description: "The token's first characters, to tell tokens apart." },
      scope: { type: "string", enum: [...TOKEN_SCOPES] },
      namespaces: { type: "array", items: { type: "string" } },
      createdAt: { type: "string", format: "date-time" },
      expiresAt: nullable("string", { format: "date-time" }),
      revokedAt: nullable("string", { format: "date-time" }),
      lastUsedAt: nullable("string", { format: "date-time" }),
    },
    ["id", "name", "displayPrefix", "scope", "namespaces"],
  ),
  AuditEntry: object({
    id: { type: "integer" },
    at: { type: "string", format: "date-time" },
    actor: { type: "string", examples: ["alice@example.com", 'token "ci" (glt_ab12cd…)', "operator root (cli)"] },
    via: { type: "string", enum: ["console", "api", "cli"] },
    action: { type: "string", examples: ["repository.catalog-data", "repository.visibility", "badge.grant"] },
    target: { type: "string" },
    detail: { type: "object", description: "What changed: field names and new values, never secrets." },
  }),

  // Admin
  Message: object({ message: { type: "string", description: "What was done, written to be shown as it is." } }),
  AdminPublisher: object({
    id: { type: "integer" },
    displayName: { type: "string" },
    verified: { type: "boolean" },
    official: { type: "boolean" },
    message: { type: "string" },
  }),
  MemberResult: {
    oneOf: [
      object({
        status: { const: "member", description: "The email has an account: it is a member now." },
        email: { type: "string" },
        role: { type: "string", enum: [...ROLES] },
        message: { type: "string" },
      }),
      object({
        status: { const: "invited" },
        email: { type: "string" },
        role: { type: "string", enum: [...ROLES] },
        link: { type: "string", format: "uri", description: "The invitation link to pass on. Shown only in this answer." },
        expiresAt: { type: "string", format: "date-time" },
        message: { type: "string" },
      }),
    ],
  },
};

// --- Paths ------------------------------------------------------------------

const repositoryParameters = [ref("parameters", "namespace"), ref("parameters", "repository")];
const ifMatch: Parameter = {
  name: "If-Match",
  in: "header",
  description: 'The revision the change is based on, as `"<revision>"`: 409 when someone saved since.',
  schema: { type: "string", examples: ['"7"'] },
};
const publisherId: Parameter = { name: "id", in: "path", required: true, description: "The publisher's id.", schema: { type: "integer" } };

const catalogDataResponse = (description: string) => ({
  ...json(schema("CatalogData"), description),
  headers: { ETag: { description: 'The revision, as `"<revision>"`.', schema: { type: "string" } } },
});

const scopeParameter: Parameter = {
  name: "scope",
  in: "query",
  description: `Repeatable; each may hold several, space-separated: \`repository:<name>:pull,push\`, \`registry:catalog:*\`. At most ${MAX_SCOPES}.`,
  schema: { type: "string", maxLength: MAX_SCOPE_LENGTH },
};
const registryTokenResponses = {
  "200": json(
    object(
      {
        token: { type: "string", description: "An ES256 JWT for the registry." },
        access_token: { type: "string", description: "The same token (OAuth2 name)." },
        expires_in: { type: "integer", description: "Seconds it is valid." },
        issued_at: { type: "string", format: "date-time" },
        refresh_token: { type: "string", description: "With offline access and credentials: use it with grant_type=refresh_token." },
      },
      ["token", "access_token", "expires_in", "issued_at"],
    ),
    "A token granting what was asked and allowed; scopes not allowed are left out.",
  ),
  ...errors(400, 401, 429),
};
const REGISTRY_SECURITY: Security = [{}, { registryBasic: [] }];

const paths: Record<string, PathItem> = {
  [REGISTRY_TOKEN_PATH]: {
    get: {
      operationId: "getRegistryToken",
      summary: "A registry token (the token specification)",
      description:
        "Anonymous: pull of public repositories. An API token: READ pulls, WRITE pulls and pushes, in its namespaces. The indexer's service credential: pull everywhere and the catalog.",
      tags: ["registry"],
      security: REGISTRY_SECURITY,
      parameters: [
        { name: "service", in: "query", required: true, description: "The registry's `auth.token.service`.", schema: { type: "string" } },
        scopeParameter,
        { name: "offline_token", in: "query", description: "`true`: also a refresh token.", schema: { type: "string", enum: ["true", "false"] } },
        { name: "account", in: "query", description: "The user name, as clients send it; informational.", schema: { type: "string" } },
        { name: "client_id", in: "query", schema: { type: "string" } },
      ],
      responses: registryTokenResponses,
    },
    post: {
      operationId: "postRegistryToken",
      summary: "A registry token (the OAuth2 form, as containerd clients ask)",
      tags: ["registry"],
      requestBody: {
        required: true,
        content: {
          "application/x-www-form-urlencoded": {
            schema: object(
              {
                grant_type: { type: "string", enum: ["password", "refresh_token"] },
                service: { type: "string" },
                scope: { type: "string" },
                username: { type: "string" },
                password: { type: "string", description: "An API token (`glt_…`) or the service credential." },
                refresh_token: { type: "string" },
                access_type: { type: "string", enum: ["offline", "online"] },
                client_id: { type: "string" },
              },
              ["grant_type", "service"],
              { maxProperties: 16 },
            ),
          },
        },
      },
      responses: registryTokenResponses,
    },
  },
  "/api/v1/search": {
    get: {
      operationId: "search",
      summary: "Search public repositories",
      description: "The search page's parameters and results. Unknown parameters and filter values are refused (400), so a typo is not an empty result.",
      tags: ["public"],
      parameters: [
        { name: "q", in: "query", description: "Text; or a tag reference (`nginx:1.27`); or a digest prefix.", schema: { type: "string", maxLength: MAX_QUERY_LENGTH } },
        { name: "sort", in: "query", schema: { type: "string", enum: [...SORTS], default: "relevance" } },
        integerQuery("page", "1-based.", MAX_PAGE, 1),
        integerQuery("pageSize", "Hits per page.", MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
        listQuery("os", "Operating system.", OPERATING_SYSTEMS),
        listQuery("arch", "Architecture.", ARCHITECTURES),
        listQuery("category", "Category.", CATEGORIES),
        listQuery("namespace", "Namespace."),
        { name: "verified", in: "query", description: "Only verified publishers.", schema: { type: "string", enum: ["true"] } },
        { name: "official", in: "query", description: "Only official images.", schema: { type: "string", enum: ["true"] } },
        { name: "signed", in: "query", description: "Only repositories with a signature attached to an image (present, not necessarily verified).", schema: { type: "string", enum: ["true"] } },
        { name: "sbom", in: "query", description: "Only repositories with an SBOM attached to an image.", schema: { type: "string", enum: ["true"] } },
      ],
      responses: { "200": json(schema("SearchResult"), "Hits, totals, facets and what q looked up."), ...errors(400) },
    },
  },
  "/api/v1/attachments/{id}/sbom": {
    get: {
      operationId: "getSbom",
      summary: "Download an SBOM attached to an image",
      description:
        "An SPDX or CycloneDX document attached to an image of a public repository, as the indexer kept it (documents up to 1 MiB); the tag page links to it. Private and unknown ones are the same 404.",
      tags: ["public"],
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
      responses: {
        "200": { description: "The SBOM document as it was pushed.", content: { "application/json": { schema: { type: "object" } } } },
        ...errors(404),
      },
    },
  },
  "/api/v1/suggest": {
    get: {
      operationId: "suggest",
      summary: "Repositories to suggest while typing",
      tags: ["public"],
      parameters: [
        { name: "q", in: "query", description: "What was typed so far.", schema: { type: "string", maxLength: MAX_QUERY_LENGTH } },
        integerQuery("limit", "At most this many.", MAX_SUGGESTIONS, DEFAULT_SUGGESTIONS),
      ],
      responses: { "200": json(schema("Suggestions"), "Suggestions, best first."), ...errors(400) },
    },
  },
  [REPOSITORY_PATH]: {
    get: {
      operationId: "getRepository",
      summary: "A public repository",
      tags: ["public"],
      parameters: repositoryParameters,
      responses: { "200": json(schema("Repository"), "The repository."), ...errors(404) },
    },
  },
  [`${REPOSITORY_PATH}/tags`]: {
    get: {
      operationId: "listTags",
      summary: "A public repository's tags",
      tags: ["public"],
      parameters: [
        ...repositoryParameters,
        { name: "filter", in: "query", description: "Part of the tag name.", schema: { type: "string", maxLength: 128 } },
        { name: "sort", in: "query", schema: { type: "string", enum: [...TAG_SORTS], default: "semver" } },
        integerQuery("page", "1-based.", 10_000, 1),
        integerQuery("pageSize", "Tags per page.", 100, TAGS_PAGE_SIZE),
      ],
      responses: { "200": json(schema("TagList"), "A page of tags."), ...errors(400, 404) },
    },
  },
  [`${REPOSITORY_PATH}/tags/{tag}`]: {
    get: {
      operationId: "getTag",
      summary: "A public tag, with its platforms' details, an artifact's files, a Helm chart's metadata and what is attached to it",
      tags: ["public"],
      parameters: [...repositoryParameters, { name: "tag", in: "path", required: true, schema: { type: "string" } }],
      responses: { "200": json(schema("TagDetails"), "The tag."), ...errors(404) },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      operationId: "getOpenApi",
      summary: "This document",
      tags: ["public"],
      responses: { "200": json({ type: "object" }, "The OpenAPI 3.1 description of the API.") },
    },
  },

  [`${REPOSITORY_PATH}/catalog-data`]: {
    get: {
      operationId: "getCatalogData",
      summary: "What the catalog says about a repository, public or private",
      description: "Permission read. A repository you may not read is 404, like an unknown one.",
      tags: ["publisher"],
      security: READ_SECURITY,
      parameters: repositoryParameters,
      responses: { "200": catalogDataResponse("The catalog data."), ...errors(401, 404) },
    },
    put: {
      operationId: "putCatalogData",
      summary: "Edit a repository's descriptions, categories and default tag",
      description: "Permission edit. Validated whole: nothing is stored when any field is refused.",
      tags: ["publisher"],
      security: WRITE_SECURITY,
      parameters: [...repositoryParameters, ifMatch],
      requestBody: jsonBody(schema("CatalogDataUpdate")),
      responses: { "200": catalogDataResponse("Saved."), ...errors(400, 401, 403, 404, 409, 413, 415) },
    },
  },
  [`${REPOSITORY_PATH}/visibility`]: {
    put: {
      operationId: "putVisibility",
      summary: "Make a repository public or private",
      description: "Permission visibility. Made private, it leaves search, pages, feeds and the sitemap at once.",
      tags: ["publisher"],
      security: WRITE_SECURITY,
      parameters: [...repositoryParameters, ifMatch],
      requestBody: jsonBody(schema("VisibilityUpdate")),
      responses: { "200": catalogDataResponse("Saved."), ...errors(400, 401, 403, 404, 409, 415) },
    },
  },
  [`${REPOSITORY_PATH}/logo`]: {
    put: {
      operationId: "putLogo",
      summary: "Upload a repository's logo",
      description: "PNG, JPEG or WebP, at most 500 KB and 60 to 2048 pixels per side; re-encoded by the server. SVG is refused. Permission edit.",
      tags: ["publisher"],
      security: WRITE_SECURITY,
      parameters: repositoryParameters,
      requestBody: {
        required: true,
        content: Object.fromEntries(["image/png", "image/jpeg", "image/webp"].map((type) => [type, { schema: { type: "string", contentMediaType: type } }])),
      },
      responses: { "200": catalogDataResponse("Saved."), ...errors(400, 401, 403, 404, 413, 415) },
    },
    delete: {
      operationId: "deleteLogo",
      summary: "Remove a repository's uploaded logo",
      tags: ["publisher"],
      security: WRITE_SECURITY,
      parameters: repositoryParameters,
      responses: { "200": catalogDataResponse("Removed."), ...errors(401, 403, 404) },
    },
  },
  "/api/v1/markdown/preview": {
    post: {
      operationId: "previewMarkdown",
      summary: "Render Markdown as the public pages would",
      description: "Any signed-in principal. Sanitized like the public pages; limited in size like About.",
      tags: ["publisher"],
      security: WRITE_SECURITY,
      requestBody: jsonBody(object({ markdown: { type: "string", maxLength: LIMITS.about } }, undefined, { additionalProperties: false })),
      responses: { "200": json(object({ html: { type: "string" } }), "The HTML."), ...errors(400, 401, 403, 413, 415) },
    },
  },
  "/api/v1/namespaces/{namespace}/settings": {
    put: {
      operationId: "putNamespaceSettings",
      summary: "Change a namespace's settings",
      description: "Permission manage.",
      tags: ["publisher"],
      security: WRITE_SECURITY,
      parameters: [ref("parameters", "namespace")],
      requestBody: jsonBody(schema("NamespaceSettings")),
      responses: {
        "200": json(object({ namespace: { type: "string" }, newRepositoriesPublic: { type: "boolean" } }), "Saved."),
        ...errors(400, 401, 403, 404, 415),
      },
    },
  },
  "/api/v1/publishers/{id}/tokens": {
    get: {
      operationId: "listTokens",
      summary: "A publisher's API tokens (never their secrets)",
      description: "Owners and admins, signed in: tokens cannot manage tokens.",
      tags: ["publisher"],
      security: SESSION_READ_SECURITY,
      parameters: [publisherId],
      responses: { "200": json(object({ tokens: { type: "array", items: schema("Token") } }), "The tokens, newest first."), ...errors(401, 403, 404) },
    },
    post: {
      operationId: "createToken",
      summary: "Create an API token",
      description: "Owners and admins, signed in. The secret is in this answer only.",
      tags: ["publisher"],
      security: SESSION_WRITE_SECURITY,
      parameters: [publisherId],
      requestBody: jsonBody(schema("TokenRequest")),
      responses: {
        "201": json({ allOf: [schema("Token"), object({ token: { type: "string", description: "The secret, `glt_…`: shown once." } })] }, "Created."),
        ...errors(400, 401, 403, 404, 415),
      },
    },
  },
  "/api/v1/publishers/{id}/tokens/{tokenId}": {
    delete: {
      operationId: "revokeToken",
      summary: "Revoke an API token at once",
      tags: ["publisher"],
      security: SESSION_WRITE_SECURITY,
      parameters: [publisherId, { name: "tokenId", in: "path", required: true, schema: { type: "integer" } }],
      responses: { "204": { description: "Revoked." }, ...errors(401, 403, 404) },
    },
  },
  "/api/v1/publishers/{id}/audit": {
    get: {
      operationId: "listAudit",
      summary: "A publisher's audit log, newest first",
      description: "Owners and admins, signed in.",
      tags: ["publisher"],
      security: SESSION_READ_SECURITY,
      parameters: [
        publisherId,
        { name: "before", in: "query", description: "The last id seen: the next page starts after it.", schema: { type: "integer" } },
      ],
      responses: { "200": json(object({ entries: { type: "array", items: schema("AuditEntry") } }), "A page of entries."), ...errors(400, 401, 403, 404) },
    },
  },

  "/api/v1/admin/publishers": {
    post: {
      operationId: "adminCreatePublisher",
      summary: "Create a publisher",
      description: "Admins only: anyone else gets 404.",
      tags: ["admin"],
      security: WRITE_SECURITY,
      requestBody: jsonBody(object({ displayName: { type: "string", minLength: 1, maxLength: DISPLAY_NAME_MAX } }, undefined, { additionalProperties: false })),
      responses: {
        "201": json(object({ id: { type: "integer" }, displayName: { type: "string" }, message: { type: "string" } }), "Created."),
        ...errors(400, 401, 403, 404, 415),
      },
    },
  },
  [`${ADMIN_PUBLISHER}/badges/{badge}`]: {
    put: {
      operationId: "adminGrantBadge",
      summary: "Grant a publisher a badge",
      description: "Admins only. Search shows the badge once the indexer has republished the publisher's repositories.",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId, ref("parameters", "badge")],
      responses: { "200": json(schema("AdminPublisher"), "Granted."), ...errors(401, 403, 404) },
    },
    delete: {
      operationId: "adminRevokeBadge",
      summary: "Revoke a publisher's badge",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId, ref("parameters", "badge")],
      responses: { "200": json(schema("AdminPublisher"), "Revoked."), ...errors(401, 403, 404) },
    },
  },
  [`${ADMIN_PUBLISHER}/members`]: {
    post: {
      operationId: "adminInviteMember",
      summary: "Add a member, or invite them",
      description: "Admins only. An email with an account becomes a member at once; otherwise the answer carries an invitation link to pass on (Galleon sends no mail).",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId],
      requestBody: jsonBody(object({ email: { type: "string", format: "email" }, role: { type: "string", enum: [...ROLES] } }, undefined, { additionalProperties: false })),
      responses: { "201": json(schema("MemberResult"), "Added or invited."), ...errors(400, 401, 403, 404, 415) },
    },
  },
  [`${ADMIN_PUBLISHER}/members/{userId}`]: {
    put: {
      operationId: "adminSetMemberRole",
      summary: "Change a member's role",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId, ref("parameters", "userId")],
      requestBody: jsonBody(object({ role: { type: "string", enum: [...ROLES] } }, undefined, { additionalProperties: false })),
      responses: { "200": json(schema("Message"), "Changed."), ...errors(400, 401, 403, 404, 415) },
    },
    delete: {
      operationId: "adminRemoveMember",
      summary: "Remove a member from a publisher",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId, ref("parameters", "userId")],
      responses: { "200": json(schema("Message"), "Removed."), ...errors(401, 403, 404) },
    },
  },
  "/api/v1/admin/namespaces/{namespace}": {
    put: {
      operationId: "adminAssignNamespace",
      summary: "Give a namespace to a publisher",
      description: "Admins only. Creates the namespace if needed; reserved gallery paths are refused. A namespace another publisher owns moves only with `move: true` (409 otherwise).",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [ref("parameters", "namespace")],
      requestBody: jsonBody(object({ publisherId: { type: "integer" }, move: { type: "boolean", default: false } }, ["publisherId"], { additionalProperties: false })),
      responses: {
        "200": json(object({ namespace: { type: "string" }, publisherId: { type: "integer" }, message: { type: "string" } }), "Assigned."),
        ...errors(400, 401, 403, 404, 409, 415),
      },
    },
  },
};

const errorStatuses = {
  400: "The request is invalid: a path that is not valid percent-encoded UTF-8, or a parameter or body field that is not; `field` names the field when there is one.",
  401: "No credentials, or unknown, expired or revoked ones.",
  403: "Not allowed (permission, token scope), a session's state-changing request without its CSRF token, or a state-changing request sent by another site's page (an `Origin` that is not the gallery's).",
  404: "Not found, or not visible to you: both answer alike.",
  405: "The path does not answer this method; `Allow` lists the methods it does.",
  409: "Someone saved since the revision in If-Match, or the change must be asked for explicitly.",
  413: "The body is too large.",
  415: "The body's content type is not accepted.",
  429: "Too many failed credentials from this account or address: try again after `Retry-After` seconds.",
} as const;

const errorResponse = (status: number, description: string): ResponseObject => ({
  ...json(schema("Error"), description),
  ...(status === 405 && {
    headers: { Allow: { description: "The methods the path answers, e.g. `GET, HEAD, OPTIONS`.", schema: { type: "string", pattern: "^[A-Z]+(, [A-Z]+)*$" } } },
  }),
});

const STATE_CHANGING: ReadonlySet<string> = new Set(["post", "put", "delete", "patch"]);

/**
 * What proxy.ts refuses before any operation runs, added to every operation
 * it can reach rather than listed by hand: an undecodable path parameter
 * (400), a state-changing request from another site's page (403). Its third
 * refusal, a method a path does not answer (405, `E405`), reaches no
 * documented operation: the info's description points to it.
 */
function withProxyRefusals(documented: Record<string, PathItem>): Record<string, PathItem> {
  return Object.fromEntries(
    Object.entries(documented).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => [
          method,
          {
            ...operation,
            responses: {
              ...operation.responses,
              ...(path.includes("{") && errors(400)),
              ...(STATE_CHANGING.has(method) && errors(403)),
            },
          },
        ]),
      ),
    ]),
  );
}

export const openApiDocument: OpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Galleon API",
    version: "1",
    description:
      "The public gallery (search, repositories, tags) and the publisher side (catalog data, visibility, logos, tokens, audit log, admin). " +
      "Errors are JSON `{error, field?}`. Repository names may contain '/': send them unescaped in the path. " +
      "A method that a path does not answer is refused with 405 and an `Allow` header (`#/components/responses/E405`), " +
      "before any operation runs, as are an undecodable path (400) and a state-changing request from another site's page (403).",
  },
  tags: [
    { name: "public", description: "Public repositories only; no credentials." },
    { name: "publisher", description: "A publisher's repositories: an API token, or a signed-in browser session." },
    { name: "admin", description: "The site operator's operations: admins only." },
    { name: "registry", description: "The registry's token server (Docker Registry token authentication): what registry clients call." },
  ],
  paths: withProxyRefusals(paths),
  components: {
    schemas,
    parameters: {
      namespace: {
        name: "namespace",
        in: "path",
        required: true,
        description: "The first segment of the registry path; `library` for top-level images.",
        schema: { type: "string", maxLength: NAMESPACE_MAX_LENGTH },
      },
      repository: {
        name: "repository",
        in: "path",
        required: true,
        description: "The repository's name within the namespace; may contain '/' (`tools/cli`).",
        schema: { type: "string" },
      },
      badge: { name: "badge", in: "path", required: true, schema: { type: "string", enum: [...BADGES] } },
      userId: { name: "userId", in: "path", required: true, description: "The member's account id.", schema: { type: "integer" } },
    },
    responses: Object.fromEntries(
      Object.entries(errorStatuses).map(([status, description]) => [`E${status}`, errorResponse(Number(status), description)]),
    ),
    securitySchemes: {
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        description: "A publisher's API token (`glt_…`), created by its owners in the console. READ or WRITE, for some or all of its namespaces.",
      },
      registryBasic: {
        type: "http",
        scheme: "basic",
        description: "At the token endpoint: any user name and an API token (`glt_…`) as the password, or the indexer's service credential. Account passwords are refused.",
      },
      sessionCookie: {
        type: "apiKey",
        in: "cookie",
        name: "galleon_session",
        description: "A signed-in browser session (named `__Host-galleon_session` when the gallery is served over https).",
      },
      csrfToken: {
        type: "apiKey",
        in: "header",
        name: "X-CSRF-Token",
        description: "The session's CSRF token: required with the session cookie on every state-changing request.",
      },
    },
  },
};

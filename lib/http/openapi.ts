/**
 * The OpenAPI 3.1 description of every /api/v1 endpoint, served at
 * GET /api/v1/openapi.json. It assembles paths, parameters and shared
 * responses; every body's schema is the zod schema that validates it or
 * describes it (lib/schemas), and limits and enumerations come from the code
 * that enforces them, so the document cannot drift from either.
 * tests/openapi.test.ts checks that every route is described and every
 * described path is a route.
 */
import { z } from "zod";
import { MAX_SCOPE_LENGTH, MAX_SCOPES, REGISTRY_TOKEN_PATH } from "../auth/registry-token.server";
import { CATEGORIES } from "../catalog/catalog-data";
import { TAG_SORTS } from "../catalog/gallery";
import { NAMESPACE_MAX_LENGTH } from "../catalog/names";
import { BADGES } from "../publisher/admin.server";
import { ARCHITECTURES, OPERATING_SYSTEMS } from "../registry/platforms";
import {
  AdminPublisher,
  AssignedNamespace,
  CreatedPublisher,
  MemberInvitation,
  MemberResult,
  MemberRole,
  Message,
  NamespaceAssignment,
  PublisherCreation,
} from "../schemas/admin";
import { ApiError, Repository, SearchResult, Suggestions, TagDetails, TagList } from "../schemas/public";
import {
  AuditPage,
  CatalogData,
  CatalogDataUpdate,
  CreatedToken,
  MarkdownHtml,
  MarkdownPreview,
  NamespaceSettings,
  NamespaceSettingsResult,
  TokenList,
  TokenRequest,
  VisibilityUpdate,
} from "../schemas/publisher";
import { RegistryToken, RegistryTokenForm } from "../schemas/registry-token";
import { DEFAULT_PAGE_SIZE, DEFAULT_SUGGESTIONS, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, MAX_SUGGESTIONS } from "../search/query";
import { SORTS } from "../search/types";
import { TAGS_PAGE_SIZE } from "./tag-list-query";

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
const json = (body: Schema, description: string): ResponseObject => ({
  description,
  content: { "application/json": { schema: body } },
});
const jsonBody = (body: Schema) => ({ required: true, content: { "application/json": { schema: body } } });
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

/**
 * Every body schema, from the zod schemas that validate requests and describe
 * answers (lib/schemas): each one named with `.meta({ id })` is a component,
 * and the schemas refer to each other by $ref.
 */
function componentSchemas(): Record<string, Schema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: "draft-2020-12",
    io: "input",
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }) => {
      // zod bounds every integer to the safe range: true of any JSON number the API writes, so not worth saying.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  // Components live inside this document: no dialect or id of their own.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _, $id: __, ...body }]) => [id, body as Schema]));
}

/** A $ref to the component a zod schema is, by the id its `.meta()` gives it. */
function schema(zodSchema: z.ZodType): Ref {
  const id = z.globalRegistry.get(zodSchema)?.id;
  if (!id) throw new Error("a body schema needs .meta({ id }) to be a component");
  return ref("schemas", id);
}

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
  ...json(schema(CatalogData), description),
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
    schema(RegistryToken),
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
            schema: schema(RegistryTokenForm),
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
      responses: { "200": json(schema(SearchResult), "Hits, totals, facets and what q looked up."), ...errors(400) },
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
      responses: { "200": json(schema(Suggestions), "Suggestions, best first."), ...errors(400) },
    },
  },
  [REPOSITORY_PATH]: {
    get: {
      operationId: "getRepository",
      summary: "A public repository",
      tags: ["public"],
      parameters: repositoryParameters,
      responses: { "200": json(schema(Repository), "The repository."), ...errors(404) },
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
      responses: { "200": json(schema(TagList), "A page of tags."), ...errors(400, 404) },
    },
  },
  [`${REPOSITORY_PATH}/tags/{tag}`]: {
    get: {
      operationId: "getTag",
      summary: "A public tag, with its platforms' details, an artifact's files, a Helm chart's metadata and what is attached to it",
      tags: ["public"],
      parameters: [...repositoryParameters, { name: "tag", in: "path", required: true, schema: { type: "string" } }],
      responses: { "200": json(schema(TagDetails), "The tag."), ...errors(404) },
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
      requestBody: jsonBody(schema(CatalogDataUpdate)),
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
      requestBody: jsonBody(schema(VisibilityUpdate)),
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
      requestBody: jsonBody(schema(MarkdownPreview)),
      responses: { "200": json(schema(MarkdownHtml), "The HTML."), ...errors(400, 401, 403, 413, 415) },
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
      requestBody: jsonBody(schema(NamespaceSettings)),
      responses: {
        "200": json(schema(NamespaceSettingsResult), "Saved."),
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
      responses: { "200": json(schema(TokenList), "The tokens, newest first."), ...errors(401, 403, 404) },
    },
    post: {
      operationId: "createToken",
      summary: "Create an API token",
      description: "Owners and admins, signed in. The secret is in this answer only.",
      tags: ["publisher"],
      security: SESSION_WRITE_SECURITY,
      parameters: [publisherId],
      requestBody: jsonBody(schema(TokenRequest)),
      responses: {
        "201": json(schema(CreatedToken), "Created."),
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
      responses: { "200": json(schema(AuditPage), "A page of entries."), ...errors(400, 401, 403, 404) },
    },
  },

  "/api/v1/admin/publishers": {
    post: {
      operationId: "adminCreatePublisher",
      summary: "Create a publisher",
      description: "Admins only: anyone else gets 404.",
      tags: ["admin"],
      security: WRITE_SECURITY,
      requestBody: jsonBody(schema(PublisherCreation)),
      responses: {
        "201": json(schema(CreatedPublisher), "Created."),
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
      responses: { "200": json(schema(AdminPublisher), "Granted."), ...errors(401, 403, 404) },
    },
    delete: {
      operationId: "adminRevokeBadge",
      summary: "Revoke a publisher's badge",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId, ref("parameters", "badge")],
      responses: { "200": json(schema(AdminPublisher), "Revoked."), ...errors(401, 403, 404) },
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
      requestBody: jsonBody(schema(MemberInvitation)),
      responses: { "201": json(schema(MemberResult), "Added or invited."), ...errors(400, 401, 403, 404, 415) },
    },
  },
  [`${ADMIN_PUBLISHER}/members/{userId}`]: {
    put: {
      operationId: "adminSetMemberRole",
      summary: "Change a member's role",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId, ref("parameters", "userId")],
      requestBody: jsonBody(schema(MemberRole)),
      responses: { "200": json(schema(Message), "Changed."), ...errors(400, 401, 403, 404, 415) },
    },
    delete: {
      operationId: "adminRemoveMember",
      summary: "Remove a member from a publisher",
      tags: ["admin"],
      security: WRITE_SECURITY,
      parameters: [publisherId, ref("parameters", "userId")],
      responses: { "200": json(schema(Message), "Removed."), ...errors(401, 403, 404) },
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
      requestBody: jsonBody(schema(NamespaceAssignment)),
      responses: {
        "200": json(schema(AssignedNamespace), "Assigned."),
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
  ...json(schema(ApiError), description),
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
    schemas: componentSchemas(),
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

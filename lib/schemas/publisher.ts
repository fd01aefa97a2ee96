/**
 * The publisher API's request and answer bodies. Request bodies are strict
 * (an unknown field is refused, so a typo is not silently ignored) and check
 * the shape; the rules the services also enforce for the console's forms
 * (lengths, categories, roles) are documented here from the same constants
 * and refused by the services with their own messages (decision 0023).
 */
import { z } from "zod";
import { TOKEN_SCOPES } from "@/lib/auth/policy";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import { LIMITS, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_NAME_MAX } from "@/lib/config/limits";
import { dateTime } from "./public";

const VISIBILITIES = ["PUBLIC", "PRIVATE"] as const;
const categories = z.array(z.string().meta({ enum: [...CATEGORIES] }));

export const CatalogData = z
  .object({
    repository: z.string().describe('"<namespace>/<name>"'),
    registryPath: z.string(),
    visibility: z.enum(VISIBILITIES),
    revision: z.int().describe("Bumped by every save; send it back as If-Match to refuse overwriting someone's save."),
    shortDescription: z.string(),
    about: z.string(),
    usage: z.string(),
    categories: z.array(z.enum(CATEGORIES)),
    defaultTag: z.string().nullable(),
    logo: z.string().nullable(),
    inRegistry: z.boolean(),
    lastSyncedAt: dateTime().nullable(),
    syncError: z.string().nullable(),
  })
  .meta({ id: "CatalogData" });

export const CatalogDataUpdate = z
  .strictObject({
    shortDescription: z.string().meta({ maxLength: LIMITS.shortDescription }).optional(),
    about: z.string().meta({ maxLength: LIMITS.about, description: "Markdown." }).optional(),
    usage: z.string().meta({ maxLength: LIMITS.usage, description: "Markdown." }).optional(),
    categories: categories.meta({ maxItems: LIMITS.categories, uniqueItems: true }).optional(),
    defaultTag: z.string().nullable().describe("A tag name; null to choose automatically.").optional(),
  })
  .meta({ id: "CatalogDataUpdate", description: "Any subset of the fields; the others keep their values. Unknown fields are refused (400)." });

export const VisibilityUpdate = z.strictObject({ visibility: z.enum(VISIBILITIES) }).meta({ id: "VisibilityUpdate" });

export const NamespaceSettings = z.strictObject({ newRepositoriesPublic: z.boolean() }).meta({ id: "NamespaceSettings" });

export const NamespaceSettingsResult = z
  .object({ namespace: z.string(), newRepositoriesPublic: z.boolean() })
  .meta({ id: "NamespaceSettingsResult" });

export const MarkdownPreview = z.strictObject({ markdown: z.string().meta({ maxLength: LIMITS.about }) }).meta({ id: "MarkdownPreview" });

export const MarkdownHtml = z.object({ html: z.string() }).meta({ id: "MarkdownHtml" });

export const TokenRequest = z
  .strictObject({
    name: z.string().meta({ minLength: 1, maxLength: TOKEN_NAME_MAX }),
    scope: z.enum(TOKEN_SCOPES).describe("READ reads catalog data; WRITE also edits it and changes visibility."),
    namespaces: z.array(z.string()).default([]).describe("The publisher's namespaces it covers; empty for all, now and later."),
    expiresInDays: z.int().default(TOKEN_DEFAULT_DAYS).meta({ minimum: 1, maximum: TOKEN_MAX_DAYS }),
  })
  .meta({ id: "TokenRequest" });

export const Token = z
  .object({
    id: z.int(),
    name: z.string(),
    displayPrefix: z.string().describe("The token's first characters, to tell tokens apart."),
    scope: z.enum(TOKEN_SCOPES),
    namespaces: z.array(z.string()),
    createdAt: dateTime().optional(),
    expiresAt: dateTime().nullable().optional(),
    revokedAt: dateTime().nullable().optional(),
    lastUsedAt: dateTime().nullable().optional(),
  })
  .meta({ id: "Token" });

export const TokenList = z.object({ tokens: z.array(Token) }).meta({ id: "TokenList" });

export const CreatedToken = Token.and(z.object({ token: z.string().describe("The secret, `glt_…`: shown once.") })).meta({
  id: "CreatedToken",
});

export const AuditEntry = z
  .object({
    id: z.int(),
    at: dateTime(),
    actor: z.string().meta({ examples: ["alice@example.com", 'token "ci" (glt_ab12cd…)', "operator root (cli)"] }),
    via: z.enum(["console", "api", "cli"]),
    action: z.string().meta({ examples: ["repository.catalog-data", "repository.visibility", "badge.grant"] }),
    target: z.string(),
    detail: z.record(z.string(), z.unknown()).describe("What changed: field names and new values, never secrets."),
  })
  .meta({ id: "AuditEntry" });

export const AuditPage = z.object({ entries: z.array(AuditEntry) }).meta({ id: "AuditPage" });

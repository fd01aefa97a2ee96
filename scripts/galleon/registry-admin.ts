/**
 * `galleon admin token|repository|namespace|registry-key …`: what an operator
 * needs for registry access without a browser session. Changes go through the
 * same audited services as the console; the audit log names the operator.
 */
import { activateSigningKey, registryKeysDir, retirePreviousKey, stageSigningKey, trustedKeyIds } from "@/lib/auth/registry-keys.server";
import { TOKEN_SCOPES, type TokenScope } from "@/lib/auth/policy";
import type { Visibility } from "@/lib/catalog/catalog-data";
import { getCatalog } from "@/lib/catalog/database.server";
import { changeNamespaceSettings } from "@/lib/publisher/publishers.server";
import { changeVisibility } from "@/lib/publisher/repository-editing.server";
import { TOKEN_DEFAULT_DAYS } from "@/lib/config/limits";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/publisher/tokens.server";
import { administer, DATABASE_HELP } from "./operator";
import { CliError, type Command, required, usageError, type Values, wholeNumber } from "./cli";

const publisherHelp = "--publisher <p>      The publisher: its id, or one of its namespaces";

/** A publisher named by id or by one of its namespaces. */
async function publisherOf(values: Values): Promise<number> {
  const given = required(values, "publisher");
  if (/^\d+$/.test(given)) return wholeNumber(given, "--publisher");
  const namespace = await getCatalog().namespace.findUnique({ where: { name: given }, select: { publisherId: true } });
  if (namespace?.publisherId == null) throw new CliError(`no publisher owns the namespace "${given}"`);
  return namespace.publisherId;
}

/** "public" → "PUBLIC", refusing anything else. */
function visibilityArgument(value: string | undefined, what: string): Visibility {
  const visibility = value?.toUpperCase();
  if (visibility !== "PUBLIC" && visibility !== "PRIVATE") throw usageError(`${what} is public or private`);
  return visibility;
}

function keyCommand(name: string, summary: string, help: string, step: (dir: string) => unknown): Command {
  return {
    name: `admin registry-key ${name}`,
    summary,
    usage: "",
    options: {},
    help: [help, "Keys live in $GALLEON_REGISTRY_TOKEN_KEYS (default: registry-token/ beside the catalog)."],
    async run() {
      const dir = registryKeysDir();
      step(dir);
      console.log(`trusted keys (bundle ${dir}/bundle.pem), the signing one first:\n${trustedKeyIds(dir).join("\n")}`);
    },
  };
}

export const registryAdminCommands: Command[] = [
  {
    name: "admin token create",
    summary: "Create a publisher's API token (registry pulls and pushes, the publisher API); printed once",
    usage: "--publisher <id|namespace> --scope <READ|WRITE> --name <name> [--namespace <ns>]… [--days <n>]",
    options: {
      publisher: { type: "string" },
      scope: { type: "string" },
      name: { type: "string" },
      namespace: { type: "string", multiple: true },
      days: { type: "string" },
    },
    help: [
      publisherHelp,
      "--scope <scope>      READ (pull, read catalog data) or WRITE (also push, edit, change visibility)",
      "--name <name>        What the token is for, e.g. ci-deploy",
      "--namespace <ns>     Limit it to these namespaces of the publisher (repeatable); all of them by default",
      `--days <n>           Days until it expires (default ${TOKEN_DEFAULT_DAYS})`,
      DATABASE_HELP,
    ],
    async run(values) {
      const scope = required(values, "scope").toUpperCase();
      if (!(TOKEN_SCOPES as readonly string[]).includes(scope)) throw usageError(`--scope is ${TOKEN_SCOPES.join(" or ")}`);
      const name = required(values, "name");
      const days = typeof values.days === "string" ? wholeNumber(values.days, "--days") : TOKEN_DEFAULT_DAYS;
      const namespaces = (values.namespace as string[] | undefined) ?? [];
      await administer(async (auth) => {
        const publisherId = await publisherOf(values);
        const { secret } = await createApiToken(getCatalog(), auth, publisherId, {
          name,
          scope: scope as TokenScope,
          namespaces,
          expiresInDays: days,
        });
        return { message: secret };
      });
    },
  },
  {
    name: "admin token list",
    summary: "List a publisher's API tokens (never their secrets)",
    usage: "--publisher <id|namespace>",
    options: { publisher: { type: "string" } },
    help: [publisherHelp, DATABASE_HELP],
    async run(values) {
      await administer(async () => {
        const tokens = await listApiTokens(getCatalog(), await publisherOf(values));
        const now = new Date();
        const status = (t: (typeof tokens)[number]) =>
          t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active";
        const lines = tokens.map((t) =>
          [
            t.id,
            t.name,
            `${t.displayPrefix}…`,
            t.scope,
            t.namespaces.join(",") || "all",
            status(t),
            `expires ${t.expiresAt?.toISOString() ?? "never"}`,
            `last used ${t.lastUsedAt?.toISOString() ?? "never"}`,
          ].join("\t"),
        );
        return { message: lines.join("\n") || "no tokens" };
      });
    },
  },
  {
    name: "admin token revoke",
    summary: "Revoke an API token at once",
    usage: "<token id>",
    options: {},
    help: ["<token id>           As `galleon admin token list` shows it", DATABASE_HELP],
    async run(_values, [id]) {
      if (!id) throw usageError("name the token's id");
      const tokenId = wholeNumber(id, "the token id");
      await administer(async (auth) => {
        await revokeApiToken(getCatalog(), auth, tokenId);
        return { message: `token ${tokenId} revoked` };
      });
    },
  },
  {
    name: "admin repository visibility",
    summary: "Make a repository public or private (in the gallery and at the registry)",
    usage: "<path> <public|private>",
    options: {},
    help: ["<path>               The registry path, e.g. acme/tools/cli or nginx", DATABASE_HELP],
    async run(_values, [path, value]) {
      if (!path) throw usageError("name the repository's path");
      const visibility = visibilityArgument(value, "the visibility");
      await administer(async (auth) => {
        await changeVisibility({ db: getCatalog(), auth, search: null }, path, visibility);
        return { message: `${path} is now ${visibility.toLowerCase()}` };
      });
    },
  },
  {
    name: "admin namespace settings",
    summary: "Whether repositories discovered in a namespace start public or private",
    usage: "<namespace> --new-repositories <public|private>",
    options: { "new-repositories": { type: "string" } },
    help: ["--new-repositories   public or private", DATABASE_HELP],
    async run(values, [namespace]) {
      if (!namespace) throw usageError("name the namespace");
      const visibility = visibilityArgument(required(values, "new-repositories"), "--new-repositories");
      await administer(async (auth) => {
        await changeNamespaceSettings(getCatalog(), auth, namespace, visibility === "PUBLIC");
        return { message: `new repositories in ${namespace} start ${visibility.toLowerCase()}` };
      });
    },
  },
  keyCommand(
    "show",
    "Print the registry keys the bundle trusts, making the first pair if there is none",
    "Run it before the registry first starts: the registry reads its bundle only then.",
    () => {},
  ),
  keyCommand(
    "stage",
    "Key rotation, step 1: make the next signing key and add its certificate to the bundle",
    "Then restart the registry so that it trusts the new certificate.",
    stageSigningKey,
  ),
  keyCommand(
    "activate",
    "Key rotation, step 2: sign with the staged key; the previous certificate stays trusted",
    "Tokens signed before keep working until they expire.",
    activateSigningKey,
  ),
  keyCommand(
    "retire",
    "Key rotation, step 3: drop the previous key's certificate from the bundle",
    "Once the previous key's tokens have expired; then restart the registry.",
    retirePreviousKey,
  ),
];

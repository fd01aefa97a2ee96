/** `galleon catalog …`: a repository's catalog data through the publisher API, with an API token. */
import { readFile, stat } from "node:fs/promises";
import { CLI_USER_AGENT } from "@/lib/auth/principal.server";
import { type CatalogData, LIMITS } from "@/lib/catalog/catalog-data";
import { CliError, type Command, usageError, type Values, wholeNumber } from "./cli";
import { VERSION } from "./version";

const SERVER_OPTIONS = { url: { type: "string" } } as const;
const SERVER_HELP = [
  "--url <url>          The gallery (default: $GALLEON_URL)",
  "Authenticates with the API token in $GALLEON_TOKEN.",
];

interface Server {
  url: string;
  token: string;
}

function server(values: Values): Server {
  const url = (values.url as string | undefined) || process.env.GALLEON_URL;
  if (!url) throw usageError("no server: set GALLEON_URL to the gallery's address (e.g. https://gallery.example.com) or pass --url");
  const token = process.env.GALLEON_TOKEN;
  if (!token) {
    throw new CliError(
      "no API token: set GALLEON_TOKEN to a token of your publisher (the console's API tokens page creates one; WRITE to change catalog data)",
    );
  }
  return { url: url.replace(/\/+$/, ""), token };
}

/** The repository argument, checked: "<namespace>/<repository>". */
function repositoryName(argument: string | undefined): string {
  const segments = argument?.split("/") ?? [];
  if (segments.length < 2 || segments.some((s) => s === "")) {
    throw usageError(`name the repository as <namespace>/<repository> (e.g. acme/tools/cli${argument ? `, not "${argument}"` : ""})`);
  }
  return argument!;
}

/** Sends a request to the publisher API; a refusal becomes a CliError with the server's own message. */
async function call(
  target: Server,
  method: "GET" | "PUT",
  repository: string,
  endpoint: "catalog-data" | "visibility",
  options: { body?: unknown; revision?: number } = {},
): Promise<CatalogResponse> {
  const url = `${target.url}/api/v1/repositories/${repository.split("/").map(encodeURIComponent).join("/")}/${endpoint}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        "user-agent": `${CLI_USER_AGENT}/${VERSION}`,
        accept: "application/json",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(options.revision === undefined ? {} : { "if-match": `"${options.revision}"` }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw new CliError(`cannot reach ${target.url}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
  }
  const body = (await response.json().catch(() => null)) as (CatalogResponse & { error?: string; field?: string }) | null;
  if (response.ok && body) return body;
  throw new CliError(refusal(response.status, body?.error, body?.field, repository));
}

/** The server's message, and what to do about it. */
function refusal(status: number, error: string | undefined, field: string | undefined, repository: string): string {
  const said = error ? `${error}${field ? ` (field: ${field})` : ""}` : `the server answered ${status}`;
  switch (status) {
    case 401:
      return `not signed in (401): ${said}. Check GALLEON_TOKEN: the token may be mistyped, expired or revoked.`;
    case 403:
      return `refused (403): ${said}. The token's scope or namespaces do not allow this: a WRITE token of the repository's publisher can.`;
    case 404:
      return `${repository}: not found (404). It does not exist, or the token's publisher does not own it.`;
    case 409:
      return `conflict (409): ${said}`;
    default:
      return `refused (${status}): ${said}`;
  }
}

type CatalogResponse = CatalogData & { repository: string; revision: number; visibility: string };

/** Reads a Markdown file for a field, refusing one over the field's limit before anything is sent. */
async function readMarkdown(file: string, field: "about" | "usage"): Promise<string> {
  const limit = LIMITS[field];
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new CliError(`cannot read ${file} (for --${field}): no such file`);
  }
  // UTF-8 takes at most 4 bytes a character: a larger file is over the limit without reading it.
  if (size > limit * 4) throw new CliError(`${file} is ${size} bytes: --${field} takes at most ${limit} characters`);
  const text = await readFile(file, "utf8");
  if (text.length > limit) throw new CliError(`${file} has ${text.length} characters: --${field} takes at most ${limit}`);
  return text;
}

const put: Command = {
  name: "catalog put",
  summary: "Change what the gallery says about a repository",
  usage: "<namespace>/<repository> [options]",
  options: {
    ...SERVER_OPTIONS,
    about: { type: "string" },
    usage: { type: "string" },
    description: { type: "string" },
    categories: { type: "string" },
    "default-tag": { type: "string" },
    visibility: { type: "string" },
    "if-revision": { type: "string" },
  },
  help: [
    "--about <file>       The About text, Markdown (e.g. README.md)",
    "--usage <file>       The Usage text, Markdown",
    `--description <text> The short description (at most ${LIMITS.shortDescription} characters)`,
    `--categories <a,b>   Up to ${LIMITS.categories} categories, comma-separated ("" for none)`,
    '--default-tag <tag>  The tag shown first ("" to choose automatically)',
    "--visibility <v>     public or private",
    "--if-revision <n>    Save only if the repository is still at revision n (from `catalog get`)",
    ...SERVER_HELP,
  ],
  async run(values, [repository]) {
    const name = repositoryName(repository);
    const visibility = (values.visibility as string | undefined)?.toUpperCase();
    if (visibility !== undefined && visibility !== "PUBLIC" && visibility !== "PRIVATE") {
      throw usageError(`--visibility is public or private, not "${values.visibility}"`);
    }
    const description = values.description as string | undefined;
    if (description !== undefined && description.length > LIMITS.shortDescription) {
      throw new CliError(`--description has ${description.length} characters: at most ${LIMITS.shortDescription}`);
    }
    const categories = values.categories as string | undefined;
    const defaultTag = values["default-tag"] as string | undefined;
    const data: Partial<CatalogData> = {
      ...(values.about !== undefined && { about: await readMarkdown(values.about as string, "about") }),
      ...(values.usage !== undefined && { usage: await readMarkdown(values.usage as string, "usage") }),
      ...(description !== undefined && { shortDescription: description }),
      ...(categories !== undefined && { categories: categories.split(",").map((c) => c.trim()).filter(Boolean) }),
      ...(defaultTag !== undefined && { defaultTag: defaultTag || null }),
    };
    const changesData = Object.keys(data).length > 0;
    if (!changesData && !visibility) throw usageError("nothing to change: give at least one of the options (see --help)");
    let revision = values["if-revision"] === undefined ? undefined : wholeNumber(values["if-revision"] as string, "--if-revision");

    const target = server(values);
    let saved: CatalogResponse | undefined;
    if (changesData) {
      saved = await call(target, "PUT", name, "catalog-data", { body: data, revision });
      // The visibility change builds on this save, not on the revision given.
      if (revision !== undefined) revision = saved.revision;
    }
    if (visibility) saved = await call(target, "PUT", name, "visibility", { body: { visibility }, revision });
    console.log(`Saved ${saved!.repository}: revision ${saved!.revision}, ${saved!.visibility.toLowerCase()}.`);
  },
};

const get: Command = {
  name: "catalog get",
  summary: "Print a repository's catalog data as JSON",
  usage: "<namespace>/<repository> [--url <url>]",
  options: SERVER_OPTIONS,
  help: SERVER_HELP,
  async run(values, [repository]) {
    const name = repositoryName(repository);
    console.log(JSON.stringify(await call(server(values), "GET", name, "catalog-data"), null, 2));
  },
};

export const catalogCommands = [put, get];

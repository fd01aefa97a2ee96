/**
 * Checks real answers against what the OpenAPI document says of them: a JSON
 * body matching its schema and every header it names. `undocumentedIn` checks
 * a refusal against `#/components/responses/E<status>` (the proxy's answers in
 * tests/openapi.test.ts, the built app's in tests/e2e/hardening.spec.ts);
 * `undocumentedAnswer` checks any answer against its operation's response
 * for its status (tests/e2e/api.spec.ts, tests/e2e/authorization.spec.ts).
 */
import Ajv2020 from "ajv/dist/2020.js";
import type { OpenApiDocument } from "@/lib/http/openapi";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type DocumentedResponse = { $ref?: string; headers?: Record<string, unknown>; content?: Record<string, unknown> };

/** A JSON pointer to `tokens`, as a URI fragment. */
const pointer = (...tokens: string[]) => tokens.map((token) => encodeURIComponent(token.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/");

/** What of `answer` the response at `at` (a pointer into the document) does not describe. */
function undocumentedBy(document: OpenApiDocument, at: string, answer: Answer): string[] {
  let documented = at.split("/").map((token) => decodeURIComponent(token).replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>((value, token) => (value as Record<string, unknown> | undefined)?.[token], document) as DocumentedResponse | undefined;
  if (!documented) return [`status ${answer.status} is not documented at ${at}`];
  if (documented.$ref) return undocumentedBy(document, documented.$ref.slice(2), answer);
  // Schemas refer to each other within the document: Ajv resolves them against it.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document as object, "openapi");
  const problems: string[] = [];
  const check = (what: string, schemaAt: string, value: unknown) => {
    const validate = ajv.compile({ $ref: `openapi#/${at}/${schemaAt}` });
    if (!validate(value)) problems.push(`${what}: ${ajv.errorsText(validate.errors)}`);
  };
  const contentType = String(answer.headers["content-type"] ?? "");
  if (documented.content?.["application/json"]) {
    if (!contentType.startsWith("application/json")) problems.push(`content-type is ${contentType || "missing"}, not JSON`);
    else check("body", pointer("content", "application/json", "schema"), JSON.parse(answer.body));
  }
  for (const name of Object.keys(documented.headers ?? {})) {
    const value = answer.headers[name.toLowerCase()];
    if (value === undefined) problems.push(`the ${name} header is missing`);
    else check(name, pointer("headers", name, "schema"), value);
  }
  return problems;
}

/** What of a refusal `answer` the document does not describe, as messages: none when it matches. */
export function undocumentedIn(document: OpenApiDocument, answer: Answer): string[] {
  if (!document.components.responses[`E${answer.status}`]) return [`status ${answer.status} is not among the document's responses`];
  return undocumentedBy(document, pointer("components", "responses", `E${answer.status}`), answer);
}

/** The documented path a request path is an instance of: the most specific one ({repository} may hold "/"). */
function documentedPath(document: OpenApiDocument, requested: string): string | undefined {
  const matching = Object.keys(document.paths).filter((template) => {
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (part === "{repository}" ? ".+" : part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")))
      .join("");
    return new RegExp(`^${source}$`).test(requested);
  });
  const staticLength = (template: string) => template.replace(/\{[^}]+\}/g, "").length;
  return matching.sort((a, b) => staticLength(b) - staticLength(a))[0];
}

/** What of the answer to `method url` the document does not describe, as messages: none when it matches. */
export function undocumentedAnswer(document: OpenApiDocument, method: string, url: string, answer: Answer): string[] {
  const requested = new URL(url, "http://gallery.test").pathname;
  const template = documentedPath(document, requested);
  const operation = template && document.paths[template]?.[method.toLowerCase() as keyof (typeof document.paths)[string]];
  if (!template || !operation) return [`${method.toUpperCase()} ${requested} is not documented`];
  return undocumentedBy(document, pointer("paths", template, method.toLowerCase(), "responses", String(answer.status)), answer);
}

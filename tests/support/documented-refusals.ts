/**
 * Checks a refusal against what the OpenAPI document says of its status
 * (`#/components/responses/E<status>`): a JSON body matching its schema and
 * every header it names. Used on the proxy's answers in tests/openapi.test.ts
 * and on the built app's in tests/e2e/hardening.spec.ts.
 */
import Ajv2020 from "ajv/dist/2020.js";
import type { OpenApiDocument } from "@/lib/openapi";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type DocumentedResponse = { headers?: Record<string, unknown>; content?: Record<string, unknown> };

/** What of `answer` the document does not describe, as messages: none when it matches. */
export function undocumentedIn(document: OpenApiDocument, answer: Answer): string[] {
  const documented = document.components.responses[`E${answer.status}`] as DocumentedResponse | undefined;
  if (!documented) return [`status ${answer.status} is not among the document's responses`];
  // Schemas refer to each other within the document: Ajv resolves them against it.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document as object, "openapi");
  const problems: string[] = [];
  const check = (what: string, pointer: string, value: unknown) => {
    const validate = ajv.compile({ $ref: `openapi#/components/responses/E${answer.status}/${pointer}` });
    if (!validate(value)) problems.push(`${what}: ${ajv.errorsText(validate.errors)}`);
  };
  const contentType = String(answer.headers["content-type"] ?? "");
  if (documented.content?.["application/json"]) {
    if (!contentType.startsWith("application/json")) problems.push(`content-type is ${contentType || "missing"}, not JSON`);
    else check("body", "content/application~1json/schema", JSON.parse(answer.body));
  }
  for (const name of Object.keys(documented.headers ?? {})) {
    const value = answer.headers[name.toLowerCase()];
    if (value === undefined) problems.push(`the ${name} header is missing`);
    else check(name, `headers/${name}/schema`, value);
  }
  return problems;
}

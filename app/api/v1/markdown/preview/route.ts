import { readJsonBody, withPublisher } from "@/lib/http/api.server";
import { checkBody } from "@/lib/publisher/body";
import { previewMarkdown } from "@/lib/publisher/repositories.server";

/** POST /api/v1/markdown/preview {markdown} → {html}: the public pages' own rendering and sanitizing. */
export function POST(request: Request): Promise<Response> {
  return withPublisher(request, async () => {
    const { markdown } = checkBody(await readJsonBody(request), { markdown: "string" }, ["markdown"]);
    return Response.json({ html: previewMarkdown(markdown) });
  });
}

import { readJsonBody, withPublisher } from "@/lib/http/publisher-routes.server";
import { parseBody } from "@/lib/publisher/body";
import { previewMarkdown } from "@/lib/publisher/repository-editing.server";
import { MarkdownPreview } from "@/lib/schemas/publisher";

/** POST /api/v1/markdown/preview {markdown} → {html}: the public pages' own rendering and sanitizing. */
export function POST(request: Request): Promise<Response> {
  return withPublisher(request, async () => {
    const { markdown } = parseBody(MarkdownPreview, await readJsonBody(request));
    return Response.json({ html: previewMarkdown(markdown) });
  });
}

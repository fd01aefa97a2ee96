import { auditEndpoint } from "@/lib/publisher/api.server";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return auditEndpoint(request, (await params).id);
}

import { tokensEndpoint } from "@/lib/publisher/api.server";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context): Promise<Response> {
  return tokensEndpoint(request, (await params).id);
}

export const POST = GET;

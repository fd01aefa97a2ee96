import { tokenEndpoint } from "@/lib/publisher/api.server";

type Context = { params: Promise<{ id: string; tokenId: string }> };

export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  const { id, tokenId } = await params;
  return tokenEndpoint(request, id, tokenId);
}

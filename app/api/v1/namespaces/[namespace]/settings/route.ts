import { namespaceSettingsEndpoint } from "@/lib/publisher/api.server";

type Context = { params: Promise<{ namespace: string }> };

export async function PUT(request: Request, { params }: Context): Promise<Response> {
  return namespaceSettingsEndpoint(request, (await params).namespace);
}

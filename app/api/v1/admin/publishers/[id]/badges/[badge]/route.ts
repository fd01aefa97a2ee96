import { getCatalog } from "@/lib/catalog/client";
import { badgeOf, withAdmin } from "@/lib/publisher/admin-api.server";
import { setBadge } from "@/lib/publisher/admin.server";
import { idOf } from "@/lib/publisher/body";

type Context = { params: Promise<{ id: string; badge: string }> };

/** PUT grants the badge (verified or official), DELETE revokes it. */
export function PUT(request: Request, { params }: Context): Promise<Response> {
  return change(request, params, true);
}

export function DELETE(request: Request, { params }: Context): Promise<Response> {
  return change(request, params, false);
}

function change(request: Request, params: Context["params"], granted: boolean): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { id, badge } = await params;
    return Response.json(await setBadge(getCatalog(), auth, { publisherId: idOf(id), badge: badgeOf(badge), granted }));
  });
}

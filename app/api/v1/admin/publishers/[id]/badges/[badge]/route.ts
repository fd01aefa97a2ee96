import { getCatalog } from "@/lib/catalog/database.server";
import { withAdmin } from "@/lib/http/publisher-routes.server";
import { badgeOf, setBadge } from "@/lib/publisher/admin.server";
import { idOf } from "@/lib/publisher/body";

type Context = { params: Promise<{ id: string; badge: string }> };

/** PUT grants the badge (verified or official). */
export function PUT(request: Request, { params }: Context): Promise<Response> {
  return setBadgeTo(true, request, params);
}

/** DELETE revokes the badge. */
export function DELETE(request: Request, { params }: Context): Promise<Response> {
  return setBadgeTo(false, request, params);
}

function setBadgeTo(granted: boolean, request: Request, params: Context["params"]): Promise<Response> {
  return withAdmin(request, async (auth) => {
    const { id, badge } = await params;
    return Response.json(await setBadge(getCatalog(), auth, { publisherId: idOf(id), badge: badgeOf(badge), granted }));
  });
}

import type { NextRequest } from "next/server";
import { answerForm, clearCookie, readSessionForm, seeOther } from "@/lib/http/auth-forms.server";
import { endSession, sessionCookie } from "@/lib/auth/sessions.server";
import { getCatalog } from "@/lib/catalog/database.server";

/** Signs out: the session is revoked on the server and its cookie cleared. */
export async function POST(request: NextRequest): Promise<Response> {
  return answerForm(async () => {
    const { token } = await readSessionForm(request);
    if (token) await endSession(getCatalog(), token);
    return clearCookie(seeOther("/"), sessionCookie());
  });
}

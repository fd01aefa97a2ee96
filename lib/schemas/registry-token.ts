/** The registry token server's form and answer (the token specification's shapes, as documented). */
import { z } from "zod";
import { dateTime } from "./public";

/** What both grants may send; `scope` repeats, one field per scope. */
const tokenFormCommon = {
  service: z.string().optional(),
  scope: z.array(z.string()),
  access_type: z.string().describe("`offline`: also a refresh token.").optional(),
  client_id: z.string().optional(),
};

export const RegistryTokenForm = z
  .discriminatedUnion("grant_type", [
    z.object({
      grant_type: z.literal("password"),
      username: z.string(),
      password: z.string().min(1).describe("An API token (`glt_…`) or the service credential."),
      ...tokenFormCommon,
    }),
    z.object({ grant_type: z.literal("refresh_token"), refresh_token: z.string().min(1), ...tokenFormCommon }),
  ])
  .meta({ id: "RegistryTokenForm" });

export const RegistryToken = z.object({
  token: z.string().describe("An ES256 JWT for the registry."),
  access_token: z.string().describe("The same token (OAuth2 name)."),
  expires_in: z.int().describe("Seconds it is valid."),
  issued_at: dateTime(),
  refresh_token: z.string().describe("With offline access and credentials: use it with grant_type=refresh_token.").optional(),
}).meta({ id: "RegistryToken" });

/** The registry token server's form and answer (the token specification's shapes, as documented). */
import { z } from "zod";
import { dateTime } from "./public";

export const RegistryTokenForm = z
  .object({
    grant_type: z.enum(["password", "refresh_token"]),
    service: z.string(),
    scope: z.string().optional(),
    username: z.string().optional(),
    password: z.string().describe("An API token (`glt_…`) or the service credential.").optional(),
    refresh_token: z.string().optional(),
    access_type: z.enum(["offline", "online"]).optional(),
    client_id: z.string().optional(),
  })
  .meta({ id: "RegistryTokenForm", maxProperties: 16 });

export const RegistryToken = z.object({
  token: z.string().describe("An ES256 JWT for the registry."),
  access_token: z.string().describe("The same token (OAuth2 name)."),
  expires_in: z.int().describe("Seconds it is valid."),
  issued_at: dateTime(),
  refresh_token: z.string().describe("With offline access and credentials: use it with grant_type=refresh_token.").optional(),
}).meta({ id: "RegistryToken" });

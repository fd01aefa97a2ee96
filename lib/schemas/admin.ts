/** The admin API's request and answer bodies (see ./publisher.ts for what request schemas check themselves). */
import { z } from "zod";
import { ROLES } from "@/lib/auth/policy";
import { DISPLAY_NAME_MAX } from "@/lib/config/limits";
import { dateTime } from "./public";

const role = z.enum(ROLES);
/** A role as a request names it: the service refuses any other, with its own message. */
const requestedRole = z.string().meta({ enum: [...ROLES] });

export const PublisherCreation = z
  .strictObject({ displayName: z.string().meta({ minLength: 1, maxLength: DISPLAY_NAME_MAX }) })
  .meta({ id: "PublisherCreation" });

export const MemberInvitation = z
  .strictObject({ email: z.string().meta({ format: "email" }), role: requestedRole })
  .meta({ id: "MemberInvitation" });

export const MemberRole = z.strictObject({ role: requestedRole }).meta({ id: "MemberRole" });

export const NamespaceAssignment = z
  .strictObject({ publisherId: z.int(), move: z.boolean().meta({ default: false }).optional() })
  .meta({ id: "NamespaceAssignment" });

export const Message = z.object({ message: z.string().describe("What was done, written to be shown as it is.") }).meta({ id: "Message" });

export const CreatedPublisher = z.object({ id: z.int(), displayName: z.string(), message: z.string() }).meta({ id: "CreatedPublisher" });

export const AssignedNamespace = z
  .object({ namespace: z.string(), publisherId: z.int(), message: z.string() })
  .meta({ id: "AssignedNamespace" });

export const AdminPublisher = z
  .object({ id: z.int(), displayName: z.string(), verified: z.boolean(), official: z.boolean(), message: z.string() })
  .meta({ id: "AdminPublisher" });

export const MemberResult = z
  .discriminatedUnion("status", [
    z.object({
      status: z.literal("member").describe("The email has an account: it is a member now."),
      email: z.string(),
      role,
      message: z.string(),
    }),
    z.object({
      status: z.literal("invited"),
      email: z.string(),
      role,
      link: z.string().meta({ format: "uri" }).describe("The invitation link to pass on. Shown only in this answer."),
      expiresAt: dateTime(),
      message: z.string(),
    }),
  ])
  .meta({ id: "MemberResult" });

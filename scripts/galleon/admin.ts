/**
 * `galleon admin …`: the operator's commands, run in a shell on the server
 * against the catalog at DATABASE_URL, through the same audited operations as
 * the admin page. The audit log names the OS user: "operator <user> (cli)".
 */
import { getCatalog } from "@/lib/catalog/database.server";
import {
  adminOverview,
  assignNamespaceTo,
  BADGES,
  type Badge,
  createAccount,
  createPublisher,
  inviteMember,
  setBadge,
} from "@/lib/publisher/admin.server";
import { type Command, required, usageError, type Values, wholeNumber } from "./cli";
import { administer, DATABASE_HELP } from "./operator";
import { readPassword } from "./password";
import { registryAdminCommands } from "./registry-admin";

const publisherOption = { publisher: { type: "string" } } as const;
const publisherHelp = "--publisher <id>     The publisher's id (see `galleon admin publisher list`)";
const publisherId = (values: Values) => wholeNumber(required(values, "publisher"), "--publisher");

function badgeCommand(granted: boolean): Command {
  return {
    name: `admin badge ${granted ? "grant" : "revoke"}`,
    summary: `${granted ? "Grant" : "Revoke"} a publisher's verified or official badge`,
    usage: `<${BADGES.join("|")}> --publisher <id>`,
    options: publisherOption,
    help: [publisherHelp, DATABASE_HELP],
    async run(values, [badge]) {
      if (!(BADGES as readonly string[]).includes(badge ?? "")) throw usageError(`name the badge: ${BADGES.join(" or ")}`);
      const id = publisherId(values);
      await administer((auth) => setBadge(getCatalog(), auth, { publisherId: id, badge: badge as Badge, granted }));
    },
  };
}

export const adminCommands: Command[] = [
  {
    name: "admin user create",
    summary: "Create an account that signs in with a password (the first admin, for one)",
    usage: "--email <email> [--admin]",
    options: { email: { type: "string" }, admin: { type: "boolean" } },
    help: [
      "--email <email>      The account's email",
      "--admin              Make it an admin of the gallery",
      "The password is read from standard input (one line), or asked for when it is a terminal; never from the command line.",
      DATABASE_HELP,
    ],
    async run(values) {
      const email = required(values, "email");
      const password = await readPassword();
      await administer((auth) => createAccount(getCatalog(), auth, { email, password, admin: values.admin === true }));
    },
  },
  {
    name: "admin publisher create",
    summary: "Create a publisher",
    usage: "--name <display name>",
    options: { name: { type: "string" } },
    help: ["--name <name>        The name the gallery shows", DATABASE_HELP],
    async run(values) {
      const displayName = required(values, "name");
      await administer((auth) => createPublisher(getCatalog(), auth, { displayName }));
    },
  },
  {
    name: "admin publisher list",
    summary: "List publishers with their ids, badges, namespaces and members",
    usage: "",
    options: {},
    help: [DATABASE_HELP],
    async run() {
      await administer(async (auth) => {
        const { publishers, unassignedNamespaces } = await adminOverview(getCatalog(), auth.principal);
        const lines = publishers.map((p) =>
          [
            `${p.id}\t${p.displayName}${p.verified ? " [verified]" : ""}${p.official ? " [official]" : ""}`,
            `\tnamespaces: ${p.namespaces.join(", ") || "none"}`,
            `\tmembers: ${p.members.map((m) => `${m.email} (${m.role})`).join(", ") || "none"}`,
          ].join("\n"),
        );
        lines.push(`Namespaces without a publisher: ${unassignedNamespaces.join(", ") || "none"}`);
        return { message: lines.join("\n") };
      });
    },
  },
  {
    name: "admin namespace assign",
    summary: "Give a namespace to a publisher",
    usage: "<namespace> --publisher <id> [--move]",
    options: { ...publisherOption, move: { type: "boolean" } },
    help: [publisherHelp, "--move               Take it from the publisher that owns it now", DATABASE_HELP],
    async run(values, [namespace]) {
      if (!namespace) throw usageError("name the namespace");
      const id = publisherId(values);
      await administer((auth) => assignNamespaceTo(getCatalog(), auth, { namespace, publisherId: id, move: values.move === true }));
    },
  },
  {
    name: "admin member invite",
    summary: "Add someone to a publisher: at once if they have an account, else print an invitation link to pass on",
    usage: "--publisher <id> --email <email> --role <OWNER|EDITOR>",
    options: { ...publisherOption, email: { type: "string" }, role: { type: "string" } },
    help: [
      publisherHelp,
      "--email <email>      Who to add",
      "--role <role>        OWNER or EDITOR",
      "Links point at $GALLEON_PUBLIC_URL: set it to the gallery's public address.",
      DATABASE_HELP,
    ],
    async run(values) {
      const input = { publisherId: publisherId(values), email: required(values, "email"), role: required(values, "role").toUpperCase() };
      await administer(async (auth) => {
        const result = await inviteMember(getCatalog(), auth, input);
        return { message: result.status === "invited" ? `${result.message}\n${result.link}` : result.message };
      });
    },
  },
  badgeCommand(true),
  badgeCommand(false),
  ...registryAdminCommands,
];

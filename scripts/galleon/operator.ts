/** How `galleon admin …` commands act: as the operator, audited, with the catalog closed after. */
import { userInfo } from "node:os";
import type { Authentication } from "@/lib/auth/principal.server";
import { closeCatalog } from "@/lib/catalog/database.server";
import { PublisherError } from "@/lib/publisher/errors";
import { CliError } from "./cli";

export const DATABASE_HELP = "Runs against the catalog at $DATABASE_URL (default file:./data/catalog.db).";

function operator(): Authentication {
  return { principal: { kind: "operator", osUser: userInfo().username }, via: "cli", session: null };
}

/** Runs an admin operation: its refusals are reported as they are, and the catalog is closed after. */
export async function administer(work: (auth: Authentication) => Promise<{ message: string }>): Promise<void> {
  try {
    console.log((await work(operator())).message);
  } catch (error) {
    if (error instanceof PublisherError) throw new CliError(error.message);
    throw error;
  } finally {
    await closeCatalog();
  }
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { AdminView } from "@/components/admin/AdminView";
import { getSignedIn } from "@/lib/auth/current.server";
import { isAdmin } from "@/lib/auth/policy";
import { getCatalog } from "@/lib/catalog/database.server";
import { adminOverview } from "@/lib/publisher/admin.server";

export const metadata: Metadata = { title: "Administration", robots: { index: false } };

/** The operator's page. Anyone else, signed in or not, gets the site's 404: it does not say it exists. */
export default async function AdminPage() {
  const signedIn = await getSignedIn();
  if (!signedIn || !isAdmin(signedIn.principal)) notFound();
  return <AdminView overview={await adminOverview(getCatalog(), signedIn.principal)} csrfToken={signedIn.csrfToken} />;
}

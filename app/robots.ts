import type { MetadataRoute } from "next";
import { siteUrl } from "@/lib/config/environment";

export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/api/", "/search"] },
    sitemap: new URL("/sitemap.xml", siteUrl()).toString(),
  };
}

import type { SearchDocument } from "@/lib/search/types";

export const TEST_NOW = Date.UTC(2026, 0, 15);

/** A search document for `fullName` ("namespace/name"), plain but for `fields`. */
export function testDocument(fullName: string, fields: Partial<SearchDocument> = {}): SearchDocument {
  const slash = fullName.indexOf("/");
  return {
    fullName,
    namespace: fullName.slice(0, slash),
    name: fullName.slice(slash + 1),
    publisher: "",
    shortDescription: "",
    about: "",
    tags: ["latest"],
    categories: [],
    operatingSystems: ["linux"],
    architectures: ["amd64"],
    verified: false,
    official: false,
    signed: false,
    sbom: false,
    pulls: 0,
    updatedAt: TEST_NOW,
    ...fields,
  };
}

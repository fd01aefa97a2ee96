/**
 * `npm run seed`: pushes the sample images to the registry at
 * GALLEON_REGISTRY_URL and writes the sample catalog data to DATABASE_URL.
 */
import { closeCatalog, getCatalog } from "@/lib/catalog/database.server";
import { DEFAULT_REGISTRY_URL } from "@/lib/config/environment";
import { seedCatalog } from "./catalog";
import { seedRegistry } from "./registry";

const registryUrl = process.env.GALLEON_REGISTRY_URL || DEFAULT_REGISTRY_URL;
const report = await seedRegistry(registryUrl);
const tags = Object.values(report).reduce((sum, repository) => sum + Object.keys(repository).length, 0);
await seedCatalog(getCatalog());
await closeCatalog();
console.log(`Seeded ${Object.keys(report).length} repositories (${tags} tags) into ${registryUrl} and the catalog`);

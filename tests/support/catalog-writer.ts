/**
 * One of the two processes of the concurrent-writers test: writes through the
 * catalog's real write paths, 4 at a time, and prints what was acknowledged.
 * Usage: tsx catalog-writer.ts <catalog file> <writer name> <writes>
 */
import { createCatalog } from "@/lib/catalog/database.server";
import { saveRepository } from "@/lib/catalog/publishing";
import { writeTransaction } from "@/lib/catalog/transaction";

const [file, writer, count] = process.argv.slice(2);
if (!file || !writer || !count) throw new Error("usage: catalog-writer <file> <writer> <writes>");
const db = createCatalog(file);
const acknowledged: string[] = [];
const failures: string[] = [];

async function write(i: number): Promise<void> {
  const key = `${writer}-${i}`;
  if (i % 2 === 0) {
    await saveRepository(db, `${writer}/repo-${i}`, { shortDescription: key, categories: ["databases"] });
    return;
  }
  // Read, then write what was read plus one: a lost update would show in the final count.
  await writeTransaction(db, async (tx) => {
    const shared = await tx.repository.findUniqueOrThrow({ where: { path: "shared/counter" } });
    await tx.tag.create({
      data: { repositoryId: shared.id, name: key, digest: `sha256:${key}`, mediaType: "test", kind: "oci-image" },
    });
    await tx.repository.update({ where: { id: shared.id }, data: { pulls: shared.pulls + 1 } });
  });
}

await Promise.all(
  Array.from({ length: 4 }, async (_, lane) => {
    for (let i = lane; i < Number(count); i += 4) {
      try {
        await write(i);
        acknowledged.push(`${writer}-${i}`);
      } catch (error) {
        failures.push(`${writer}-${i}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }),
);
await db.$disconnect();
process.stdout.write(JSON.stringify({ acknowledged, failures }));

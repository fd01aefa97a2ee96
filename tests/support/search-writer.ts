/**
 * A separate process writing to an embedded search index, as `npm run reindex`
 * does beside the indexer: argv is the index file, a name prefix and a count.
 * Each write replaces one document and removes another, so both write paths run.
 */
import { EmbeddedSearchEngine } from "@/lib/search/embedded/engine";
import { testDocument } from "./search-documents";

const [file, prefix, count] = process.argv.slice(2);
const engine = new EmbeddedSearchEngine(file!);
await engine.setup();
for (let i = 0; i < Number(count); i++) {
  // A namespace of its own per write makes the write start with a read (its id), then insert.
  await engine.replace([testDocument(`${prefix}-${i}/app`, { tags: [`t${i}`], categories: [`c${i % 7}`] })]);
  if (i % 3 === 0) await engine.remove([`${prefix}-${i - 1}/app`]);
}
await engine.close();

/**
 * What Markdown costs pages and reindexing, for realistic 20 KB Abouts: a
 * cold render (what a page paid before the catalog stored renderings, and
 * still pays for a row of an older renderer), serving the stored rendering
 * from a real, migrated catalog, and the Markdown time of building 100,000
 * search documents from stored text, against parsing each About as before.
 * Figures, not assertions. Goals: a cold About ≤ 10 ms to serve; ≤ 30 s of
 * Markdown in a 100k reindex.
 *
 *   tsx bench/markdown.ts      (BENCH_MARKDOWN_SAMPLES=20, BENCH_MARKDOWN_DOCUMENTS=100000)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { toSearchDocument } from "@/indexer/documents";
import { createCatalog } from "@/lib/catalog/database.server";
import { getPublicRepository } from "@/lib/catalog/gallery";
import { renderStaleRepositories, saveRepository } from "@/lib/catalog/publishing";
import { getRepositoryForSearch } from "@/lib/catalog/repositories";
import { markdownToPlainText } from "@/lib/markdown/plain-text";
import { renderMarkdown } from "@/lib/markdown/render";

const SAMPLES = Number(process.env.BENCH_MARKDOWN_SAMPLES || 20);
const DOCUMENTS = Number(process.env.BENCH_MARKDOWN_DOCUMENTS || 100_000);
const ABOUT_SIZE = 20_000;

/** An About as publishers write them: headings, prose with links and code, lists, a table, fences, quotes. */
function realisticAbout(seed: number): string {
  const section = (i: number) =>
    [
      `## ${["Features", "Configuration", "Supported tags", "Volumes", "Networking", "Upgrading"][i % 6]} ${seed}.${i}`,
      `Run **acme-${seed}** with \`docker run -p 8080:80 acme/web:${i}\` and read [the documentation](https://example.com/docs/${seed}/${i}) ` +
        `for _every_ option. Version ${i} adds ~~old~~ new defaults; see [usage](#usage) and https://example.com/changelog.`,
      `- Listens on port ${8000 + i}\n- Writes to \`/data/${i}\`\n- Logs as JSON to stdout, one line per request\n  - nested detail ${seed}`,
      `| Tag | Size | Notes |\n|:---|---:|---|\n| latest | ${12 + i} MB | stable |\n| ${i}.0-alpine | ${5 + i} MB | smaller |`,
      "```sh\n" + `docker pull registry.example.com/acme/web:${i}\ndocker run --rm -e LEVEL=${seed} acme/web:${i}\n` + "```",
      `> Note: release ${i} of build ${seed} changes how the cache is kept between restarts.[^${i}]\n\n[^${i}]: Since ${2020 + (i % 6)}.`,
    ].join("\n\n");
  let about = `# Acme web ${seed}\n\n![logo](https://example.com/logo-${seed}.png)\n\n`;
  for (let i = 0; about.length < ABOUT_SIZE; i++) about += section(i) + "\n\n";
  return about;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds `run` takes on each of `count` inputs, after a warm-up on another. */
function timeEach<T>(count: number, input: (i: number) => T, run: (value: T) => unknown): number[] {
  run(input(-1));
  return Array.from({ length: count }, (_, i) => {
    const value = input(i);
    const start = performance.now();
    run(value);
    return performance.now() - start;
  });
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const s = (value: number) => `${(value / 1000).toFixed(1)} s`;
const abouts = Array.from({ length: SAMPLES }, (_, i) => realisticAbout(i));
console.log(`Markdown: ${SAMPLES} distinct Abouts of ${Math.round(abouts[0]!.length / 1000)} KB`);

const render = median(timeEach(SAMPLES, (i) => abouts.at(i)!, renderMarkdown));
const plainText = median(timeEach(SAMPLES, (i) => abouts.at(i)!, markdownToPlainText));
console.log(`  cold render (sanitized HTML):         ${ms(render)} median`);
console.log(`  plain text for search:                ${ms(plainText)} median`);

const dir = mkdtempSync(path.join(tmpdir(), "galleon-bench-markdown-"));
const file = path.join(dir, "catalog.db");
try {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${file}` }, stdio: "pipe" });
  const db = createCatalog(file);
  const paths = abouts.map((_, i) => `acme/web-${i}`);
  const saves: number[] = [];
  for (const [i, repositoryPath] of paths.entries()) {
    const start = performance.now();
    await saveRepository(db, repositoryPath, { visibility: "PUBLIC", about: abouts[i]!, usage: abouts[(i + 1) % SAMPLES]! });
    saves.push(performance.now() - start);
  }
  await db.repository.updateMany({ data: { inRegistry: true } });
  console.log(`  save of About and Usage, rendered:    ${ms(median(saves))} median (paid once per edit)`);

  // Each page a distinct repository, as past any render cache.
  const reads: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    const repository = await getPublicRepository(db, "acme", `web-${i}`);
    if (!repository?.aboutHtml) throw new Error("the stored rendering is missing");
    reads.push(performance.now() - start);
  }
  console.log(`  cold page About, stored (catalog read): ${ms(median(reads))} median (goal ≤ 10 ms)`);

  // 100k documents from the stored rows, cycling over the samples; the
  // whole of toSearchDocument counts as Markdown time, an upper bound.
  const rows = await Promise.all(paths.map((p) => getRepositoryForSearch(db, p)));
  let documentsMs = 0;
  for (let i = 0; i < DOCUMENTS; i++) {
    const row = rows[i % SAMPLES]!;
    const start = performance.now();
    toSearchDocument(row);
    documentsMs += performance.now() - start;
  }
  console.log(`  ${DOCUMENTS} search documents, stored text: ${s(documentsMs)} (goal ≤ 30 s)`);
  console.log(`  ${DOCUMENTS} search documents, parsed as before: ${s(plainText * DOCUMENTS)} (extrapolated, every About 20 KB)`);

  await db.repository.updateMany({ data: { renderVersion: 0 } });
  const start = performance.now();
  await renderStaleRepositories(db);
  const perRow = (performance.now() - start) / SAMPLES;
  console.log(
    `  one-time rendering of older rows by reindex: ${ms(perRow)} a repository, ${s(perRow * DOCUMENTS)} for ${DOCUMENTS} (extrapolated)`,
  );
  await db.$disconnect();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Validates Atom documents with a real validator: xmllint against RFC 4287's RELAX NG grammar. */
import { spawnSync } from "node:child_process";
import path from "node:path";

const SCHEMA = path.join(import.meta.dirname, "atom.rng");
const local = (name: string) => `*[local-name()='${name}']`;
/** RFC 4287's Schematron rule, which RELAX NG cannot say: a feed has an author unless every entry has one. */
const AUTHOR_RULE = `boolean(/${local("feed")}/${local("author")} or not(/${local("feed")}/${local("entry")}[not(${local("author")})]))`;

export function xmllint(args: string[], xml: string) {
  const run = spawnSync("xmllint", args, { input: xml, encoding: "utf8" });
  if (run.error) throw new Error(`xmllint could not run (scripts/setup.sh installs libxml2-utils): ${run.error.message}`);
  return run;
}

/** The validator's complaints about `xml`; empty when it is valid Atom. */
export function atomErrors(xml: string): string[] {
  const schema = xmllint(["--noout", "--relaxng", SCHEMA, "-"], xml);
  if (schema.status !== 0) return schema.stderr.trim().split("\n");
  const author = xmllint(["--xpath", AUTHOR_RULE, "-"], xml);
  return author.stdout.trim() === "true" ? [] : ["a feed needs an author unless every entry has one"];
}

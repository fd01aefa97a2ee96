/**
 * `galleon`: publishers' catalog data through the API (`galleon catalog …`,
 * with an API token) and the operator's administration on the server
 * (`galleon admin …`, against the catalog database).
 */
import { parseArgs } from "node:util";
import { CliError, type Command, usageError } from "./cli";
import { VERSION } from "./version";

// Loaded on demand: the admin commands open the catalog database, which `catalog` never needs.
const GROUPS: Record<string, { summary: string; load: () => Promise<Command[]> }> = {
  catalog: {
    summary: "A repository's catalog data, through the gallery's API (GALLEON_URL, GALLEON_TOKEN)",
    load: async () => (await import("./catalog")).catalogCommands,
  },
  admin: {
    summary: "Administration, in a shell on the server (DATABASE_URL)",
    load: async () => (await import("./admin")).adminCommands,
  },
};

const isHelp = (arg: string | undefined) => arg === "--help" || arg === "-h" || arg === "help";

function commandHelp(command: Command): string {
  return [
    `Usage: galleon ${command.name} ${command.usage}`.trimEnd(),
    "",
    command.summary,
    "",
    ...command.help.map((line) => `  ${line}`),
  ].join("\n");
}

function listHelp(prefix: string, commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: galleon ${prefix ? `${prefix} ` : ""}<command> [options]`,
    "",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `galleon <command> --help` for a command's options.",
  ].join("\n");
}

async function main(args: string[]): Promise<void> {
  const [first] = args;
  if (first === "--version") return console.log(VERSION);
  const group = first === undefined ? undefined : GROUPS[first];
  if (!group) {
    const all = (await Promise.all(Object.values(GROUPS).map((g) => g.load()))).flat();
    console.log(`galleon ${VERSION}: the Galleon container image gallery's command line\n\n${listHelp("", all)}`);
    if (!isHelp(first) && first !== undefined) throw usageError(`unknown command "${first}"`);
    return;
  }
  const commands = await group.load();
  // The longest name the arguments start with: "admin user create".
  const command = commands
    .filter((c) => c.name.split(" ").every((word, i) => args[i] === word))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!command) {
    const words = args.slice(1).filter((arg) => !arg.startsWith("-"));
    const prefix = [first, ...words].join(" ");
    const matching = commands.filter((c) => c.name.startsWith(`${prefix} `));
    console.log(listHelp(matching.length > 0 ? prefix : first!, matching.length > 0 ? matching : commands));
    if (matching.length === 0) throw usageError(`unknown command "galleon ${prefix}"`);
    return;
  }
  const rest = args.slice(command.name.split(" ").length);
  if (rest.some(isHelp)) return console.log(commandHelp(command));
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${(error as Error).message}\nRun \`galleon ${command.name} --help\` for its options.`);
  }
  await command.run(parsed.values, parsed.positionals);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof CliError)) throw error;
  console.error(`galleon: ${error.message}`);
  process.exitCode = error.exitCode;
}

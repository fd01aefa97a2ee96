/** What every `galleon` command shares: how it is described, and how it fails. */
import type { parseArgs, ParseArgsConfig } from "node:util";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = ReturnType<typeof parseArgs>["values"];

export interface Command {
  /** The words that select it: "catalog put". */
  name: string;
  summary: string;
  /** Arguments after the name, for the usage line. */
  usage: string;
  options: Options;
  /** One line per option (and about the arguments). */
  help: string[];
  run(values: Values, positionals: string[]): Promise<void>;
}

/** A failure to report as `galleon: <message>` with a non-zero exit code (2 for usage mistakes). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, 2);

/** The value of a required string option. */
export function required(values: Values, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw usageError(`--${name} is required`);
  return value;
}

/** A non-negative whole number given as an option or argument. */
export function wholeNumber(value: string, what: string): number {
  if (!/^\d{1,9}$/.test(value)) throw usageError(`${what} must be a whole number, got "${value}"`);
  return Number(value);
}

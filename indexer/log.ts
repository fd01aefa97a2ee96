/** Structured logs: one JSON object per line on stderr, so stdout stays free for output. */

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** GALLEON_LOG_LEVEL, default info. */
export function logLevel(value = process.env.GALLEON_LOG_LEVEL): LogLevel {
  return value && value in RANK ? (value as LogLevel) : "info";
}

export function createLogger(component: string, minimum: LogLevel = logLevel()): Logger {
  const write = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (RANK[level] < RANK[minimum]) return;
    const errorFields = fields.error instanceof Error ? { error: fields.error.message } : {};
    const line = { time: new Date().toISOString(), level, component, msg: message, ...fields, ...errorFields };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** Reads a password without it ever being on the command line (where `ps` and shell history would show it). */
import { CliError } from "./cli";

/** From a terminal: asked for twice, not echoed. Otherwise: the first line of standard input. */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
  }
  const password = await askHidden("Password: ");
  if ((await askHidden("Password again: ")) !== password) throw new CliError("the passwords differ");
  return password;
}

function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve) => {
    let value = "";
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === "\u0003") process.exit(130); // Ctrl-C
        if (key === "\r" || key === "\n") {
          stdin.off("data", onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write("\n");
          resolve(value);
          return;
        }
        value = key === "\u007f" ? value.slice(0, -1) : value + key;
      }
    };
    stdin.on("data", onData);
  });
}

// What a subcommand needs from the process, passed in so tests can run commands in-process.
// (Structurally the same as src/verify/io.ts's CommandIo, so `serve` and `verify` fit the table.)

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Stops a running command (as Ctrl-C does); default: SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

export const processCliIo = (): CliIo => ({
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
});

/** Makes a server-supplied string safe for a terminal: control characters (ANSI escapes, CR) are escaped. */
export function printable(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

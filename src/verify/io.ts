// What the `verify` and `serve` subcommands need from the process, passed in so that tests can
// run them in-process.
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Stops a long-running command (as Ctrl-C does); default: SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

export const processIo = (): CommandIo => ({
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
});

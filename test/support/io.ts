// A CliIo that records what a command prints, for running subcommands in-process.
import type { CliIo } from "../../src/cli/io.js";

export interface CapturedIo {
  readonly io: CliIo;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Stops the command, as Ctrl-C would. */
  abort(): void;
}

export function captureIo(env: Record<string, string | undefined> = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  return {
    io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env, signal: controller.signal },
    stdout: () => out.join(""),
    stderr: () => err.join(""),
    abort: () => controller.abort(),
  };
}

/** Polls `check` every 10 ms, for at most `ms`. */
export async function waitFor(check: () => boolean, ms = 2000): Promise<void> {
  for (let waited = 0; waited < ms && !check(); waited += 10) await new Promise((r) => setTimeout(r, 10));
}

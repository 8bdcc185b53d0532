// A CliIo that records what a command prints, for running subcommands in-process.
import { main } from "../../src/cli/index.js";
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

/** What a command run in-process printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `apinizer-connections argv...` in-process (src/cli/index.ts `main`) with `env` as its
 * whole environment; `extra` replaces parts of the io (a terminal, colour, a signal). With
 * `recorder` (a test server), also returns the requests it received during the run.
 */
export async function cli(
  argv: string[],
  env: Record<string, string | undefined> = {},
  extra: Partial<CliIo> = {},
): Promise<CliRun> {
  const c = captureIo(env);
  const code = await main(argv, { ...c.io, ...extra });
  return { code, out: c.stdout(), err: c.stderr() };
}

/** `cli(...)` plus the requests `server` received while the command ran. */
export async function cliRecorded<R>(
  server: { readonly requests: readonly R[] },
  argv: string[],
  env: Record<string, string | undefined> = {},
  extra: Partial<CliIo> = {},
): Promise<CliRun & { requests: R[] }> {
  const before = server.requests.length;
  const run = await cli(argv, env, extra);
  return { ...run, requests: server.requests.slice(before) };
}

// Runs the CLI as a real process: the suite's build of the package (test/support/build-once.ts,
// waited for as this module loads), as `npx apinizer-connections` runs it. For what only a real
// process shows: exit codes, signals, pipes, what a command loads.
import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtDist } from "../../support/built.js";

export const CLI = join(await builtDist(), "cli/index.js");

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Started {
  readonly child: ChildProcess;
  /** Everything on stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly finished: Promise<Finished>;
}

/**
 * Starts `apinizer-connections ...args` with only `env` (plus PATH, and the run's TMPDIR so that
 * whatever the command leaves in a temp folder is seen by the suite's litter check) as its environment.
 */
export function startCli(args: readonly string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Started {
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], {
    env: { PATH: process.env["PATH"] ?? "", TMPDIR: tmpdir(), PACT_DO_NOT_TRACK: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: string[] = [];
  const err: string[] = [];
  child.stdout?.setEncoding("utf8").on("data", (t: string) => out.push(t));
  child.stderr?.setEncoding("utf8").on("data", (t: string) => err.push(t));
  const finished = new Promise<Finished>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout: out.join(""), stderr: err.join("") })),
  );
  return { child, stdout: () => out.join(""), stderr: () => err.join(""), finished };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return startCli(args, env).finished;
}

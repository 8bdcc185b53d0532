// Runs the CLI as a real process, straight from the TypeScript sources: Node 22 compiles them
// (`--experimental-transform-types`, as some sources use parameter properties, which plain type
// stripping refuses) and ts-hooks.mjs maps the `.js` import specifiers to the `.ts` files. For
// what only a real process shows: exit codes, signals, pipes, what a command loads.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const HOOKS = fileURLToPath(new URL("./ts-hooks.mjs", import.meta.url));
const TYPESCRIPT = ["--experimental-transform-types", "--disable-warning=ExperimentalWarning"];
export const CLI_SOURCE = fileURLToPath(new URL("../../../src/cli/index.ts", import.meta.url));

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

/** Starts `apinizer-connections ...args` with only `env` (plus PATH) as its environment. */
export function startCli(args: readonly string[], env: Record<string, string> = {}, nodeArgs: string[] = []): Started {
  const child = spawn(process.execPath, [...TYPESCRIPT, ...nodeArgs, "--import", HOOKS, CLI_SOURCE, ...args], {
    env: { PATH: process.env["PATH"] ?? "", PACT_DO_NOT_TRACK: "true", ...env },
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

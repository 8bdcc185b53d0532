// The two command lines being compared, in one place: when verify's flags change, change them here.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file runs from build/bench-verify/bench/verify/). */
export const ROOT = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");

export interface Target {
  /** The stand-in's base URL. */
  readonly baseUrl: string;
  /** The project the fixtures go into. */
  readonly project: string;
  /** One pact file. */
  readonly pact: string;
}

/** A program to start: argv after `node`, plus its environment (the token goes only there). */
export interface Command {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

const env = (token: string) => ({ APINIZER_TOKEN: token, PACT_DO_NOT_TRACK: "true" });

/** The project's own verify (needs `npm run build`): `--workers N` only when given. */
export function verifyCommand(t: Target, token: string, workers?: number): Command {
  const cli = path.join(ROOT, "dist/cli/index.js");
  const args = [cli, "verify", "--base-url", t.baseUrl, "--project", t.project, "--pact", t.pact];
  if (workers !== undefined) args.push("--workers", String(workers));
  return { args, env: env(token) };
}

/** A bare Pact Verifier run with minimal equivalent state handlers (bare-pact.ts). */
export function barePactCommand(t: Target, token: string): Command {
  const script = fileURLToPath(new URL("./bare-pact.js", import.meta.url));
  return { args: [script, "--base-url", t.baseUrl, "--project", t.project, "--pact", t.pact], env: env(token) };
}

/** Whether the built verify knows `--workers` (the lead's rewrite adds it), from its `--help`. */
export function verifySupportsWorkers(): boolean {
  const help = spawnSync(process.execPath, [path.join(ROOT, "dist/cli/index.js"), "verify", "--help"], {
    encoding: "utf8",
  });
  return help.status === 0 && help.stdout.includes("--workers");
}

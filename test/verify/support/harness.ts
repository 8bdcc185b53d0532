// Runs `verify` in-process against a stand-in (possibly a misbehaving variant) and captures
// what it prints. The native Pact Verifier prints its own log straight to the process's stdout;
// the report, the pre-flight messages and the exit code are what `run` returns here.
import { resolve } from "node:path";
import { run } from "../../../src/cli/verify.js";
import { type ServeOptions, type StandIn, type StandInBehaviour, serve } from "../../../src/provider/index.js";
import { captureIo } from "../../support/io.js";

const root = resolve(import.meta.dirname, "../../..");

/** The contract under test: the committed one, as `verify` finds it by default. */
export const pactPath = resolve(root, "contracts");

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runVerify(argv: string[], env: Record<string, string | undefined>): Promise<Captured> {
  const c = captureIo({ PACT_DO_NOT_TRACK: "true", ...env });
  const code = await run(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

export const TOKEN = "tok-sensitivity-9f3c";

/** Starts a stand-in with `behaviour`, verifies the contract against it, closes it. */
export async function verifyVariant(
  behaviour: StandInBehaviour,
  options: Omit<ServeOptions, "behaviour" | "token"> = {},
  extraArgs: string[] = [],
): Promise<Captured & { standIn: StandIn }> {
  const standIn = await serve({ ...options, behaviour, token: TOKEN });
  try {
    const result = await runVerify(
      ["--base-url", standIn.url, "--project", standIn.projects()[0] ?? "MyProject", "--pact", pactPath, ...extraArgs],
      { APINIZER_TOKEN: TOKEN },
    );
    return { ...result, standIn };
  } finally {
    await standIn.close();
  }
}

/** The report's FAIL blocks: each verdict line with its indented detail lines. */
export function failures(stdout: string): string[] {
  const blocks: string[] = [];
  for (const line of stdout.split("\n")) {
    if (/^FAIL/.test(line)) blocks.push(line);
    else if (line.startsWith("        ") && blocks.length && !/^(PASS|FAIL)/.test(line))
      blocks[blocks.length - 1] += `\n${line}`;
    else if (!line.startsWith("        ")) blocks.push("");
  }
  return blocks.filter((b) => b.startsWith("FAIL"));
}

/** The FAIL block of the interaction given exactly these states (joined as the report does). */
export function failureGiven(stdout: string, ...stateNames: string[]): string | undefined {
  const given = `given: ${stateNames.join(" AND ")}`;
  return failures(stdout).find((b) => b.split("\n").some((l) => l.trim() === given));
}

export const passCount = (stdout: string) => stdout.split("\n").filter((l) => /^PASS/.test(l)).length;

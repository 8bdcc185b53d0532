// `apinizer-connections verify`: flags and environment in (verify-options.ts), the verify stage's
// programmatic API in the middle, the terminal, JUnit and JSON report out. With --junit every run
// writes the file, whatever stops it; the old file is removed first, so a stale one never survives.
import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { redactor } from "../rules/secrets.js";
import type { VerificationReport, VerifyOutcome } from "../verify/api.js";
import * as verifyStage from "../verify/index.js";
import { UsageError } from "./args.js";
import { interruptExit, parseCommand, usageError } from "./command.js";
import { type CliIo, interruptSignal, printable, processIo, useColor } from "./io.js";
import { secretsOf } from "./target.js";
import { settingsOf, type VerifySettings } from "./verify-options.js";
import { VERIFY_EXIT_CODES, verifySpec } from "./verify-spec.js";

export { VERIFY_EXIT_CODES, verifySpec as spec };

type Redact = (text: string) => string;

/** What the command uses of the verify stage (tests pass a stand-in for it). */
export type VerifyApi = Pick<typeof verifyStage, "verify" | "formatReport" | "formatJUnit" | "reportOfProblem">;

/** Where the run's machine-readable results go; each path already resolved. */
interface Outputs {
  readonly junit?: string | undefined;
  readonly report?: string | undefined;
  readonly json: boolean;
}

/** The first line of every run: where the requests go, and what is verified. */
export function targetLine(settings: VerifySettings, env: CliIo["env"]): string {
  const t = settings.target;
  const where =
    t.kind === "server"
      ? `${t.baseUrl}, project ${printable(JSON.stringify(t.projectName))} (a real server: the run creates and removes its own fixtures there)`
      : "the built-in Apinizer stand-in on a loopback port (no real server is contacted)";
  const what =
    settings.source.kind === "broker"
      ? `the pacts of the Pact Broker at ${settings.source.broker.url}`
      : "the pacts in";
  const files = settings.source.kind === "files" ? ` ${settings.source.paths.join(", ")}` : "";
  const ignored =
    t.kind === "stand-in" && (env["APINIZER_BASE_URL"] ?? "").trim() !== ""
      ? "\n  (APINIZER_BASE_URL is set but not used: pass --base-url-from-env to verify that server)"
      : "";
  return `Verifying ${what}${files} against ${where}${ignored}`;
}

/** Writes the JUnit and JSON report files; a file that cannot be written is said, and returned as false. */
function writeOutputs(
  api: VerifyApi,
  io: CliIo,
  outputs: Outputs,
  report: VerificationReport,
  redact: Redact,
): boolean {
  let ok = true;
  const write = (path: string | undefined, text: () => string, what: string) => {
    if (path === undefined) return;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, redact(text()));
    } catch (error) {
      ok = false;
      io.stderr(`verify: cannot write the ${what} to ${path}: ${redact(printable((error as Error).message))}\n`);
    }
  };
  write(outputs.junit, () => api.formatJUnit(report), "JUnit file");
  write(outputs.report, () => JSON.stringify(report, null, 2), "JSON report");
  if (outputs.json) io.stdout(`${redact(JSON.stringify(report))}\n`);
  return ok;
}

/** Ends a run that stopped before verifying anything: says why, and still writes every requested output. */
function problemRun(
  api: VerifyApi,
  io: CliIo,
  outputs: Outputs,
  outcome: VerifyOutcome,
  problem: string,
  redact: Redact,
) {
  if (outputs.junit === undefined && outputs.report === undefined && !outputs.json) return;
  try {
    writeOutputs(api, io, outputs, api.reportOfProblem(outcome, problem), redact);
  } catch (error) {
    io.stderr(`verify: cannot write the reports: ${redact(printable((error as Error).message))}\n`);
  }
}

function exitOf(outcome: VerifyOutcome, signal: AbortSignal): number {
  if (outcome === "interrupted") return interruptExit(signal);
  return VERIFY_EXIT_CODES[outcome].code;
}

/**
 * Removes an old output file, so that no earlier run's result can be mistaken for this one's.
 * Only a file: anything else stays, and writing there fails later with a message.
 */
function removeStale(path: string | undefined): void {
  if (path === undefined) return;
  try {
    unlinkSync(path);
  } catch {
    // Absent (ENOENT), or not a file: nothing to remove.
  }
}

export async function run(argv: readonly string[], io: CliIo = processIo(), api: VerifyApi = verifyStage) {
  const parsed = parseCommand(verifySpec, argv, io);
  if (parsed.exit !== undefined) return parsed.exit;
  const redact = redactor(secretsOf(io.env));
  const cwd = io.cwd ?? process.cwd();
  const { values } = parsed.parsed;
  const outputs: Outputs = {
    junit: values.junit === undefined ? undefined : resolve(cwd, values.junit),
    report: values.report === undefined ? undefined : resolve(cwd, values.report),
    json: values.json === true,
  };
  removeStale(outputs.junit);
  removeStale(outputs.report);

  let settings: VerifySettings;
  try {
    settings = settingsOf(parsed.parsed, io.env, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problemRun(api, io, outputs, "usage", error.message, redact);
    return usageError(verifySpec, io, error.message);
  }
  // Progress goes to stdout, or to stderr when stdout carries the JSON report.
  const progress = (text: string) => (outputs.json ? io.stderr : io.stdout)(`${redact(text)}\n`);
  progress(targetLine(settings, io.env));

  const { signal, dispose } = interruptSignal(io.signal);
  let report: VerificationReport;
  try {
    report = await api.verify({
      ...settings,
      signal,
      output: { line: progress, native: (text) => io.stderr(redact(text.endsWith("\n") ? text : `${text}\n`)) },
    });
  } catch (error) {
    const message = `internal error: ${printable((error as Error).message ?? String(error))}`;
    problemRun(api, io, outputs, "cannot-run", message, redact);
    io.stderr(`${redact(`verify: ${message}`)}\n`);
    return VERIFY_EXIT_CODES.internal.code;
  } finally {
    dispose();
  }
  if (!outputs.json) io.stdout(redact(api.formatReport(report, { color: useColor(io, "stdout") })));
  const written = writeOutputs(api, io, outputs, report, redact);
  const code = exitOf(report.outcome, signal);
  return code === 0 && !written ? VERIFY_EXIT_CODES["cannot-run"].code : code;
}

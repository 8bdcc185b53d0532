// Where `verify`'s results go: the terminal as the run goes, and the JUnit and JSON report
// files, which every run writes (an old file is removed at the start, so a stale one never
// survives; output-file.ts says how files are written).
import { shellWord } from "../rules/shell.js";
import type * as verifyStage from "../verify/index.js";
import { FIXTURE_PREFIX, type VerificationReport, type VerifyOutcome, type VerifyOutput } from "../verify/index.js";
import { PROGRAM } from "./command.js";
import { type CliIo, printable, signalOf, terminalText, useColor } from "./io.js";
import { writeOutputFile } from "./output-file.js";
import { phaseProgress } from "./progress.js";
import type { VerifySettings } from "./verify-options.js";

/** What the command uses of the verify stage (tests pass a stand-in for it). */
export type VerifyApi = Pick<
  typeof verifyStage,
  "verify" | "formatReport" | "formatInteraction" | "formatJUnit" | "reportOfProblem"
>;

type Redact = (text: string) => string;

/** Where the run's machine-readable results go; each path already resolved. */
export interface Outputs {
  readonly junit?: string | undefined;
  readonly report?: string | undefined;
  /** The report as JSON on stdout; progress then goes to stderr. */
  readonly json: boolean;
}

/**
 * Writes the JUnit and JSON report files (writeOutputFile: like a shell's `>`, every write
 * checked); resolves false when one could not be written (said on stderr).
 */
export async function writeOutputs(
  api: VerifyApi,
  io: CliIo,
  outputs: Outputs,
  report: VerificationReport,
  redact: Redact,
): Promise<boolean> {
  let ok = true;
  const write = async (path: string | undefined, text: () => string, what: string) => {
    if (path === undefined) return;
    try {
      await writeOutputFile(path, redact(text()));
    } catch (error) {
      ok = false;
      const reason = redact(printable((error as Error).message));
      io.stderr(`${PROGRAM} verify: cannot write the ${what} to ${redact(printable(path))}: ${reason}\n`);
    }
  };
  await write(outputs.junit, () => api.formatJUnit(report, redact), "JUnit file");
  await write(outputs.report, () => JSON.stringify(report, null, 2), "JSON report");
  return ok;
}

/** Ends a run that stopped before verifying anything: every requested output still says why. */
export async function writeProblem(
  api: VerifyApi,
  io: CliIo,
  outputs: Outputs,
  problem: { outcome: VerifyOutcome; text: string },
  redact: Redact,
): Promise<void> {
  const report = api.reportOfProblem(problem.outcome, redact(problem.text));
  // With --json, stdout always holds the one report a pipeline parses (printed first: a usage
  // error found while parsing writes no file and must not wait for one).
  if (outputs.json) io.stdout(`${redact(JSON.stringify(report))}\n`);
  await writeOutputs(api, io, outputs, report, redact);
}

/**
 * The terminal side of a run: progress lines and each interaction's verdict as they come (stdout,
 * or stderr with --json), the native verifier's log on stderr. `notes` follow the run's first line
 * (which names the target).
 */
export function terminalOutput(
  api: VerifyApi,
  io: CliIo,
  outputs: Outputs,
  redact: Redact,
  notes: readonly string[],
): VerifyOutput {
  const stream = outputs.json ? "stderr" : "stdout";
  const live = phaseProgress(io);
  const print = (text: string) => {
    live.hide();
    io[stream](`${terminalText(redact(text))}\n`);
  };
  let pending = [...notes];
  return {
    line: (text) => {
      print(text);
      for (const note of pending) print(note);
      pending = [];
    },
    result: (result) => print(api.formatInteraction(result, { color: useColor(io, stream) })),
    native: (text) => {
      live.hide();
      io.stderr(terminalText(redact(text.endsWith("\n") ? text : `${text}\n`)));
    },
    progress: live.progress,
  };
}

/** Notes for the first lines: an APINIZER_BASE_URL that this run does not use. */
export function notesOf(settings: VerifySettings, env: CliIo["env"]): string[] {
  return settings.target.kind === "stand-in" && (env["APINIZER_BASE_URL"] ?? "").trim() !== ""
    ? ["  (APINIZER_BASE_URL is set but not used: pass --base-url-from-env to verify that server)"]
    : [];
}

/**
 * Said at once on Ctrl-C or SIGTERM against a real server (the verify stage says what it stops
 * and cleans up): the command that removes this run's fixtures if the cleanup is cut short.
 */
export function interruptNotice(settings: VerifySettings, runId: string, signal: AbortSignal): string | undefined {
  const t = settings.target;
  if (t.kind !== "server") return undefined;
  const command = [PROGRAM, "cleanup", "--base-url", shellWord(t.baseUrl), "--project", shellWord(t.projectName)];
  return `Interrupted (${signalOf(signal)}): this run's fixtures (${FIXTURE_PREFIX}${runId}-*) are being removed. If that is cut short, remove them with:\n  ${printable([...command, "--run-id", runId].join(" "))}`;
}

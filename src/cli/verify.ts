import { resolve } from "node:path";
import { redactor } from "../rules/secrets.js";
import * as verifyStage from "../verify/index.js";
import { newRunId, type VerificationReport, type VerifyOutcome } from "../verify/index.js";
import { UsageError } from "./args.js";
import { interruptExit, PROGRAM, parseCommand, usageError } from "./command.js";
import { type CliIo, interruptSignal, printable, processIo, terminalText, useColor } from "./io.js";
import { removeStaleFile } from "./output-file.js";
import { secretsInEnvironment } from "./target.js";
import { plainHttpWarning } from "./transport.js";
import { checkPactPaths, settingsOf, type VerifySettings } from "./verify-options.js";
import {
  interruptNotice,
  notesOf,
  type Outputs,
  terminalOutput,
  type VerifyApi,
  writeOutputs,
  writeProblem,
} from "./verify-output.js";
import { VERIFY_EXIT_CODES, verifySpec } from "./verify-spec.js";

export { VERIFY_EXIT_CODES, type VerifyApi, verifySpec as spec };

function exitOf(outcome: VerifyOutcome, signal: AbortSignal): number {
  return outcome === "interrupted" ? interruptExit(signal) : VERIFY_EXIT_CODES[outcome].code;
}

/**
 * Runs `verify` with `argv` (after the command name); resolves to its exit code (VERIFY_EXIT_CODES).
 * `api` is the verify stage (tests pass a stand-in for it).
 */
export async function run(argv: readonly string[], io: CliIo = processIo(), api: VerifyApi = verifyStage) {
  const redact = redactor(secretsInEnvironment(io.env));
  // A command line that cannot be parsed: with --json, the usage report is the JSON on stdout.
  const parsed = parseCommand(verifySpec, argv, io, (message) => {
    if (argv.includes("--json"))
      void writeProblem(api, io, { json: true }, { outcome: "usage", text: message }, redact);
    return usageError(verifySpec, io, message);
  });
  if (parsed.exit !== undefined) return parsed.exit;
  const cwd = io.cwd ?? process.cwd();
  const { values } = parsed.parsed;
  const outputs: Outputs = {
    junit: values.junit === undefined ? undefined : resolve(cwd, values.junit),
    report: values.report === undefined ? undefined : resolve(cwd, values.report),
    json: values.json === true,
  };
  await removeStaleFile(outputs.junit);
  await removeStaleFile(outputs.report);

  let settings: VerifySettings;
  try {
    settings = settingsOf(parsed.parsed, io.env, cwd);
    checkPactPaths(settings.source, values.pact);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await writeProblem(api, io, outputs, { outcome: "usage", text: error.message }, redact);
    return usageError(verifySpec, io, error.message);
  }

  const warning = plainHttpWarning(io.env, [
    [settings.target.kind === "server" ? settings.target.baseUrl : undefined, "the server"],
    [
      settings.source.kind === "broker" && settings.source.broker.auth !== undefined
        ? settings.source.broker.url
        : undefined,
      "the Pact Broker",
    ],
  ]);
  if (warning !== undefined) io.stderr(`${PROGRAM} verify: ${warning}\n`);
  // Chosen here, so that an interrupted run can name the cleanup command at once.
  const runId = newRunId();
  const { signal, dispose } = interruptSignal(io.signal);
  const notice = () => {
    const text = interruptNotice(settings, runId, signal);
    if (text !== undefined) io.stderr(`${redact(text)}\n`);
  };
  signal.addEventListener("abort", notice, { once: true });
  let report: VerificationReport;
  try {
    const output = terminalOutput(api, io, outputs, redact, notesOf(settings, io.env));
    report = await api.verify({ ...settings, runId, signal, output });
  } catch (error) {
    const text = `internal error: ${printable((error as Error).message ?? String(error))}`;
    await writeProblem(api, io, outputs, { outcome: "cannot-run", text }, redact);
    io.stderr(`${redact(`${PROGRAM} verify: ${text}`)}\n`);
    return VERIFY_EXIT_CODES.internal.code;
  } finally {
    signal.removeEventListener("abort", notice);
    dispose();
  }
  // Files first: a report file that cannot be written makes the run's verdict "cannot-run" (exit 4),
  // and what is printed must say so.
  const written = await writeOutputs(api, io, outputs, report, redact);
  const shown: VerificationReport =
    written || (report.outcome !== "verified" && report.outcome !== "failed")
      ? report
      : {
          ...report,
          outcome: "cannot-run",
          problems: [...report.problems, "a report file could not be written (see above)"],
        };
  if (outputs.json) io.stdout(`${redact(JSON.stringify(shown))}\n`);
  // A problem of the command line found by the stage (an unreadable --pact, a --project it refuses):
  // one verdict, the usage error on stderr, as for one found while parsing; no report on stdout.
  if (shown.outcome === "usage") return usageError(verifySpec, io, redact(shown.problems[0] ?? "usage error"));
  if (!outputs.json) io.stdout(terminalText(redact(api.formatReport(shown, { color: useColor(io, "stdout") }))));
  return exitOf(shown.outcome, signal);
}

// `apinizer-connections cleanup`: finds this tool's own verify fixtures in a project (by their name
// prefix and the marker in their description, through List Connections) and removes them.
import { redactor } from "../rules/secrets.js";
import * as verifyStage from "../verify/index.js";
import { type CleanupReport, isRunId } from "../verify/index.js";
import { type OptionTable, type Parsed, parseDuration, parseTimeout, UsageError } from "./args.js";
import {
  type CommandSpec,
  HELP_OPTION,
  INTERNAL_EXIT,
  INTERRUPT_EXITS,
  interruptExit,
  PROGRAM,
  parseSettings,
  USAGE_EXIT,
} from "./command.js";
import { type CliIo, interruptSignal, printable, printReport, processIo, terminalText } from "./io.js";
import { phaseProgress } from "./progress.js";
import {
  checkName,
  PROXY_VARIABLES,
  REQUEST_OPTIONS,
  SERVER_OPTIONS,
  secretsInEnvironment,
  serverUrl,
  tokenFrom,
} from "./target.js";
import { plainHttpWarning, transportFrom } from "./transport.js";

const OPTIONS = {
  ...SERVER_OPTIONS,
  project: {
    type: "string",
    value: "NAME",
    env: ["APINIZER_TEST_PROJECT"],
    description: "The project to clean up (required).",
    group: "Target",
  },
  "run-id": {
    type: "string",
    value: "ID",
    description:
      "Only the fixtures of this verify run (act-verify-<ID>-...; every run prints its ID first). Default: every run's.",
    group: "Selection",
  },
  "dry-run": { type: "boolean", description: "List what would be removed; remove nothing.", group: "Selection" },
  force: {
    type: "boolean",
    description:
      "Also remove fixtures of runs that may still be in progress (their lease, written in each fixture's description, has not expired). Without it they are left alone and counted.",
    group: "Selection",
  },
  "older-than": {
    type: "string",
    value: "DURATION",
    description:
      'Also remove fixtures made at least this long ago (e.g. "2h", "1d"), whatever their lease says: for runs killed long ago on a runner whose clock is off.',
    group: "Selection",
  },
  ...REQUEST_OPTIONS,
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** The exit code of each CleanupReport outcome (src/verify/api.ts). */
export const CLEANUP_EXIT_CODES = {
  clean: { code: 0, meaning: "no fixture of this tool found" },
  listed: { code: 0, meaning: "--dry-run: the fixtures found are listed, nothing was removed" },
  removed: { code: 0, meaning: "every fixture found was removed and confirmed gone" },
  "in-use": {
    code: 0,
    meaning: "only fixtures of runs that may still be in progress were found: left alone and counted (see --force)",
  },
  left: { code: 1, meaning: "some fixtures could not be removed: each is listed with the command that removes it" },
  ...USAGE_EXIT,
  failed: {
    code: 3,
    meaning: "the project's connections could not be listed: server unreachable, token refused, project missing",
  },
  ...INTERNAL_EXIT,
  ...INTERRUPT_EXITS,
} as const;

export const spec: CommandSpec<typeof OPTIONS, typeof CLEANUP_EXIT_CODES> = {
  name: "cleanup",
  synopsis: "--base-url URL --project NAME [--run-id ID] [--force] [options]",
  description:
    "Finds the fixtures that verify runs create in a project (names starting act-verify-, with this tool's marker in their description) through List Connections, and deletes each, confirming it is gone. Nothing else is touched. Use it after a run that was killed before it could clean up, or with the command a run printed for a fixture it left.\n\nEach fixture records which run made it and until when that run may still need it (its lease). Without --run-id, fixtures whose lease has not expired are left alone and counted, so that a cleanup never pulls fixtures from under a run in progress; --force or --older-than removes them. Fixtures of earlier versions (no lease) count as expired.",
  options: OPTIONS,
  environment: [
    { name: "APINIZER_TOKEN", description: "Personal API Access Token (required). Never printed, never an argument." },
    { name: "APINIZER_BASE_URL", description: "The server's URL, read only with --base-url-from-env." },
    PROXY_VARIABLES,
    { name: "NO_COLOR", description: "Any non-empty value turns colour off (colour is only used on a terminal)." },
  ],
  exitCodes: CLEANUP_EXIT_CODES,
  examples: [
    {
      comment: "see what a killed run left behind",
      command: "apinizer-connections cleanup --base-url https://staging.example.com --project ContractTests --dry-run",
    },
    {
      comment: "remove one run's fixtures",
      command:
        "apinizer-connections cleanup --base-url https://staging.example.com --project ContractTests --run-id 3f9a1c0b7d2e",
    },
    {
      comment: "also remove fixtures of runs that may still be in progress but started over a day ago",
      command:
        "apinizer-connections cleanup --base-url https://staging.example.com --project ContractTests --older-than 1d",
    },
  ],
};

function settingsOf({ values, origin }: Parsed<typeof OPTIONS>, env: CliIo["env"]) {
  const baseUrl = serverUrl(values, env);
  if (baseUrl === undefined) throw new UsageError("--base-url URL (or --base-url-from-env) is required");
  if (values.project === undefined) throw new UsageError("--project is required (or APINIZER_TEST_PROJECT)");
  const runId = values["run-id"];
  if (runId !== undefined && !isRunId(runId)) {
    throw new UsageError("--run-id must be the run id a verify run printed (12 characters 0-9, a-f)");
  }
  return {
    baseUrl,
    projectName: checkName(values.project, origin.project ?? "--project"),
    token: tokenFrom(env, "APINIZER_TOKEN", "a Personal API Access Token") as string,
    runId,
    dryRun: values["dry-run"] === true,
    force: values.force === true,
    olderThanMs: values["older-than"] === undefined ? undefined : parseDuration(values["older-than"], "--older-than"),
    ...parseTimeout(values.timeout ?? "", origin.timeout),
    fetch: transportFrom(env),
  };
}

function exitOf(report: CleanupReport, signal: AbortSignal): number {
  if (report.outcome === "interrupted") return interruptExit(signal);
  return CLEANUP_EXIT_CODES[report.outcome].code;
}

/** What the command uses of the verify stage (tests pass a stand-in for it). */
export type CleanupApi = Pick<typeof verifyStage, "cleanup" | "formatCleanup">;

/** Runs `cleanup`; resolves to its exit code (CLEANUP_EXIT_CODES). `api` is the verify stage (tests pass a stand-in). */
export async function run(argv: readonly string[], io: CliIo = processIo(), api: CleanupApi = verifyStage) {
  const parsed = parseSettings(spec, argv, io, (p) => settingsOf(p, io.env));
  if (parsed.exit !== undefined) return parsed.exit;
  const { settings } = parsed;
  const json = parsed.parsed.values.json === true;
  const redact = redactor(secretsInEnvironment(io.env));
  const warning = plainHttpWarning(io.env, [[settings.baseUrl, "the server"]]);
  if (warning !== undefined) io.stderr(`${PROGRAM} cleanup: ${warning}\n`);
  const live = phaseProgress(io);
  const progress = (text: string) => {
    live.hide();
    (json ? io.stderr : io.stdout)(`${terminalText(redact(text))}\n`);
  };
  const project = printable(JSON.stringify(settings.projectName));
  progress(
    `Looking for verify fixtures in project ${project} at ${settings.baseUrl}${settings.dryRun ? " (dry run: nothing is removed)" : ""}`,
  );
  const { signal, dispose } = interruptSignal(io.signal);
  let report: CleanupReport;
  try {
    report = await api.cleanup({
      ...settings,
      signal,
      output: { line: progress, result: () => {}, progress: live.progress },
    });
  } finally {
    dispose();
  }
  const code = exitOf(report, signal);
  // Problems on stderr, in the program's voice; stdout keeps the results (or the one JSON object).
  for (const problem of report.problems) io.stderr(`${PROGRAM} cleanup: ${terminalText(redact(problem))}\n`);
  printReport(io, redact, json, report, code, (color) => api.formatCleanup(report, { color }));
  return code;
}

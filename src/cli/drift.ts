// `apinizer-connections drift`: how a server's own published OpenAPI description of Delete
// Connection differs from this project's spec (statuses, parameters, response schemas).
import { redactor } from "../rules/secrets.js";
import type { DriftReport } from "../verify/index.js";
import * as verifyStage from "../verify/index.js";
import { type OptionTable, type Parsed, parseTimeout, UsageError } from "./args.js";
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
import { type CliIo, interruptSignal, printReport, processIo } from "./io.js";
import {
  httpUrlOf,
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
  "spec-url": {
    type: "string",
    value: "URL",
    description:
      "Where the server publishes its OpenAPI document. Default: the usual locations under the base URL. APINIZER_TOKEN is sent only when this URL is on the base URL's host.",
    group: "Target",
  },
  ...REQUEST_OPTIONS,
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** The exit code of each DriftReport outcome (src/verify/api.ts). */
export const DRIFT_EXIT_CODES = {
  same: { code: 0, meaning: "the server's description of Delete Connection matches this project's spec" },
  drift: { code: 1, meaning: "differences found (listed side by side)" },
  ...USAGE_EXIT,
  "no-spec": { code: 3, meaning: "the server publishes no OpenAPI document (at the locations tried)" },
  failed: { code: 3, meaning: "the server could not be reached, or its document could not be read" },
  ...INTERNAL_EXIT,
  ...INTERRUPT_EXITS,
} as const;

export const spec: CommandSpec<typeof OPTIONS, typeof DRIFT_EXIT_CODES> = {
  name: "drift",
  synopsis: "--base-url URL [--spec-url URL] [options]",
  description:
    "Fetches the OpenAPI document a server publishes about itself, finds its Delete Connection operation and reports, side by side, how its statuses, parameters and response schemas differ from this project's spec. Read-only: nothing is created or deleted.",
  options: OPTIONS,
  environment: [
    {
      name: "APINIZER_TOKEN",
      description: "Optional: sent to the server when it protects its API description. Never printed.",
    },
    { name: "APINIZER_BASE_URL", description: "The server's URL, read only with --base-url-from-env." },
    PROXY_VARIABLES,
    { name: "NO_COLOR", description: "Any non-empty value turns colour off (colour is only used on a terminal)." },
  ],
  exitCodes: DRIFT_EXIT_CODES,
  examples: [
    {
      comment: "compare a staging server's own description with this project's spec",
      command: "apinizer-connections drift --base-url https://staging.example.com",
    },
  ],
};

function settingsOf({ values, origin }: Parsed<typeof OPTIONS>, env: CliIo["env"]) {
  const baseUrl = serverUrl(values, env);
  if (baseUrl === undefined) throw new UsageError("--base-url URL (or --base-url-from-env) is required");
  const specUrl = values["spec-url"] === undefined ? undefined : httpUrlOf(values["spec-url"], "--spec-url");
  const token = tokenFrom(env, "APINIZER_TOKEN", false);
  // The token is the base URL's origin's (scheme, host and port): another origin never receives it.
  const sameHost = specUrl === undefined || new URL(specUrl).origin === new URL(baseUrl).origin;
  return {
    settings: {
      baseUrl,
      specUrl,
      token: sameHost ? token : undefined,
      ...parseTimeout(values.timeout ?? "", origin.timeout),
      fetch: transportFrom(env),
    },
    tokenWithheld: token !== undefined && !sameHost ? withheldBecause(baseUrl, specUrl as string) : undefined,
  };
}

/** Why the token is not sent to --spec-url, as precisely as the two URLs allow (another host, or only another port or scheme). */
function withheldBecause(baseUrl: string, specUrl: string): string {
  const base = new URL(baseUrl);
  const spec = new URL(specUrl);
  if (base.hostname !== spec.hostname) return "--spec-url is on another host than --base-url";
  const port = (u: URL) => u.port || (u.protocol === "https:" ? "443" : "80");
  const differs = [
    ...(base.protocol === spec.protocol
      ? []
      : [`scheme ${spec.protocol.slice(0, -1)}, not ${base.protocol.slice(0, -1)}`]),
    ...(port(base) === port(spec) ? [] : [`port ${port(spec)}, not ${port(base)}`]),
  ];
  return `--spec-url is on the same host as --base-url but another origin (${differs.join("; ")})`;
}

function exitOf(report: DriftReport, signal: AbortSignal): number {
  return report.outcome === "interrupted" ? interruptExit(signal) : DRIFT_EXIT_CODES[report.outcome].code;
}

/** What the command uses of the verify stage (tests pass a stand-in for it). */
export type DriftApi = Pick<typeof verifyStage, "drift" | "formatDrift">;

/** Runs `drift`; resolves to its exit code (DRIFT_EXIT_CODES). `api` is the verify stage (tests pass a stand-in). */
export async function run(argv: readonly string[], io: CliIo = processIo(), api: DriftApi = verifyStage) {
  const parsed = parseSettings(spec, argv, io, (p) => settingsOf(p, io.env));
  if (parsed.exit !== undefined) return parsed.exit;
  const chosen = parsed.settings;
  const redact = redactor(secretsInEnvironment(io.env));
  if (chosen.tokenWithheld !== undefined) {
    io.stderr(`${PROGRAM} drift: ${chosen.tokenWithheld}: APINIZER_TOKEN is not sent there\n`);
  }
  const warning =
    chosen.settings.token === undefined
      ? undefined
      : plainHttpWarning(io.env, [[chosen.settings.baseUrl, "the server"]]);
  if (warning !== undefined) io.stderr(`${PROGRAM} drift: ${warning}\n`);
  const { signal, dispose } = interruptSignal(io.signal);
  let report: DriftReport;
  try {
    report = await api.drift({ ...chosen.settings, signal });
  } finally {
    dispose();
  }
  const code = exitOf(report, signal);
  printReport(io, redact, parsed.parsed.values.json === true, report, code, (color) =>
    api.formatDrift(report, { color }),
  );
  return code;
}

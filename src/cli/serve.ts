// `apinizer-connections serve`: runs the in-memory Apinizer stand-in until Ctrl-C.
import { DEFAULT_PROJECT, serve } from "../provider/index.js";
import { type OptionTable, type Parsed, parseCount, UsageError } from "./args.js";
import {
  type CommandSpec,
  HELP_OPTION,
  INTERNAL_EXIT,
  interruptExit,
  parseCommand,
  USAGE_EXIT,
  usageError,
} from "./command.js";
import { type CliIo, interruptSignal, processIo } from "./io.js";
import { checkName, tokenFrom } from "./target.js";

const OPTIONS = {
  port: {
    type: "string",
    value: "N",
    default: "0",
    description: "The port to listen on; 0 picks a free one (printed at start).",
    group: "Server",
  },
  host: {
    type: "string",
    value: "HOST",
    default: "127.0.0.1",
    description: "The interface to bind. Anything but loopback lets other machines reach the stand-in (and its token).",
    group: "Server",
  },
  project: {
    type: "string",
    value: "NAME",
    multiple: true,
    default: DEFAULT_PROJECT,
    description: "A project that exists.",
    group: "Content",
  },
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** serve runs until it is stopped, so a stop by signal is its usual end (after a clean shutdown). */
export const SERVE_EXIT_CODES = {
  ...USAGE_EXIT,
  "cannot-listen": { code: 3, meaning: "cannot listen: the port is in use, a privileged port, an unknown address" },
  ...INTERNAL_EXIT,
  interrupted: { code: 130, meaning: "stopped by Ctrl-C (SIGINT), the usual way to stop it" },
  terminated: { code: 143, meaning: "stopped by SIGTERM" },
} as const;

export const spec: CommandSpec<typeof OPTIONS, typeof SERVE_EXIT_CODES> = {
  name: "serve",
  synopsis: "[--port N] [--host HOST] [--project NAME]...",
  description:
    "Runs the in-memory Apinizer stand-in (Delete, Create, Get and List Connection, and the healthcheck) until Ctrl-C. Everything lives in memory and is gone when it stops.",
  options: OPTIONS,
  environment: [
    {
      name: "APINIZER_TOKEN",
      description: "The one token the stand-in accepts; when it is not set a random one is made up and printed.",
    },
  ],
  exitCodes: SERVE_EXIT_CODES,
  examples: [{ comment: "run the stand-in on port 8080", command: "apinizer-connections serve --port 8080" }],
};

function settingsOf({ values }: Parsed<typeof OPTIONS>, env: CliIo["env"]) {
  const projects = (values.project ?? []).map((p) => checkName(p, "--project"));
  const host = values.host ?? "127.0.0.1";
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) throw new UsageError("--host must be a host name or an IP address");
  return {
    port: parseCount(values.port ?? "", "--port", 0, 65535),
    host,
    projects,
    token: tokenFrom(env, "APINIZER_TOKEN", false),
  };
}

export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseCommand(spec, argv, io);
  if (parsed.exit !== undefined) return parsed.exit;
  let settings: ReturnType<typeof settingsOf>;
  try {
    settings = settingsOf(parsed.parsed, io.env);
  } catch (error) {
    if (error instanceof UsageError) return usageError(spec, io, error.message);
    throw error;
  }
  const { signal, dispose } = interruptSignal(io.signal);
  try {
    let standIn: Awaited<ReturnType<typeof serve>>;
    try {
      const { token, ...rest } = settings;
      standIn = await serve({ ...rest, ...(token === undefined ? {} : { token }) });
    } catch (error) {
      io.stderr(`serve: cannot start the stand-in: ${(error as Error).message}\n`);
      return SERVE_EXIT_CODES["cannot-listen"].code;
    }
    const first = settings.projects[0] ?? DEFAULT_PROJECT;
    io.stdout(
      [
        `Apinizer stand-in listening on ${standIn.url}`,
        `  projects: ${settings.projects.join(", ")}`,
        settings.token === undefined
          ? `  token:    ${standIn.token}   (random; set APINIZER_TOKEN to choose one)`
          : "  token:    the value of APINIZER_TOKEN",
        `  try:      curl -X DELETE -H "Authorization: Bearer <token>" ${standIn.url}/apiops/projects/${encodeURIComponent(first)}/connections/my-email-connection/`,
        "Press Ctrl-C to stop.",
        "",
      ].join("\n"),
    );
    if (!signal.aborted) await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
    await standIn.close();
    io.stdout("Apinizer stand-in stopped.\n");
    return interruptExit(signal);
  } finally {
    dispose();
  }
}

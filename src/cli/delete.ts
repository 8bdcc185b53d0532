// `apinizer-connections delete`: deletes one connection with the typed client.
// Loads the client only (never Pact, never the stand-in).

import { MAX_RETRIES } from "../client/client.js";
import {
  type ConnectionErrorKind,
  createConnectionsClient,
  DEFAULT_TIMEOUT_MS,
  type DeleteConnectionResult,
} from "../client/index.js";
import { parseOptions, parseTimeout, UsageError } from "./args.js";
import { type CliIo, interruptSignal, printable, processIo } from "./io.js";

/** The exit code of each outcome of `delete`. Listed in --help and returned in --json output. */
export const DELETE_EXIT_CODES = {
  deleted: 0,
  usage: 2,
  "invalid-argument": 2,
  "connection-not-found": 3,
  "bad-request": 4,
  unauthorized: 5,
  "project-not-found": 6,
  "http-error": 7,
  "unexpected-response": 8,
  network: 9,
  timeout: 10,
  interrupted: 130,
} as const satisfies Record<ConnectionErrorKind | "deleted" | "usage" | "interrupted", number>;

const OPTIONS = {
  project: { type: "string" },
  connection: { type: "string" },
  "base-url": { type: "string" },
  "ignore-missing": { type: "boolean" },
  timeout: { type: "string" },
  retries: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const deleteHelp = `Usage: apinizer-connections delete --project NAME --connection NAME [options]

Deletes one connection: DELETE {base URL}/apiops/projects/{project}/connections/{connection}/
The deletion is permanent. Names are sent percent-encoded as one path segment; a name that could
address anything else ("..", "a/b", control characters, over 255 characters, ...) is refused
before any request is sent.

Options:
  --project NAME       project name (required; case-sensitive)
  --connection NAME    connection name (required; case-insensitive on the server)
                       (a name starting with "-" must be written --connection=-name)
  --base-url URL       management console URL, e.g. https://demo.apinizer.com
                       (default: $APINIZER_BASE_URL)
  --ignore-missing     a connection that does not exist is not an error (exit 0)
  --timeout DURATION   time limit for the whole call, retries included. A plain number is
                       SECONDS ("30", "2.5"); "1500ms" and "10s" are accepted too (default 30)
  --retries N          retry network errors and HTTP 502/503/504 up to N times with backoff
                       (default 0, at most ${MAX_RETRIES}); never 4xx, timeouts or a 200
  --json               print the outcome as one JSON object on stdout (with "exitCode")
  -h, --help           this help

Environment:
  APINIZER_TOKEN       Personal API Access Token (required). Never accepted as an argument:
                       command lines leak into process lists and shell history.
  APINIZER_BASE_URL    base URL when --base-url is not given

Exit codes:
  0    deleted, or not found with --ignore-missing
  2    usage error or invalid argument (nothing was sent)
  3    connection-not-found   (400, the connection does not exist)
  4    bad-request            (any other 400)
  5    unauthorized           (401, check APINIZER_TOKEN)
  6    project-not-found      (404)
  7    http-error             (an undocumented status: 3xx, 5xx, 204, ...)
  8    unexpected-response    (a documented status with a body not in the documented shape)
  9    network                (connection refused, DNS, reset)
  10   timeout                (no complete answer within --timeout)
  130  interrupted            (Ctrl-C; the connection may or may not have been deleted)
`;

function parseRetries(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_RETRIES) {
    throw new UsageError(`--retries must be a whole number from 0 to ${MAX_RETRIES}`);
  }
  return Number(value);
}

function exitCodeOf(result: DeleteConnectionResult, interrupted: boolean): number {
  if (result.ok) return DELETE_EXIT_CODES.deleted;
  if (result.kind === "network" && result.aborted === true && interrupted) return DELETE_EXIT_CODES.interrupted;
  return DELETE_EXIT_CODES[result.kind];
}

function describe(result: DeleteConnectionResult, project: string, connection: string): string {
  const names = `connection ${printable(JSON.stringify(connection))} in project ${printable(JSON.stringify(project))}`;
  if (result.ok) {
    return result.deleted ? `Deleted ${names}.` : `Nothing to delete: ${names} does not exist (--ignore-missing).`;
  }
  const status = result.status === undefined ? "" : ` (HTTP ${result.status})`;
  const hint =
    result.kind === "unauthorized"
      ? " (check APINIZER_TOKEN)"
      : result.kind === "connection-not-found"
        ? " (use --ignore-missing to treat this as done)"
        : "";
  return `error: ${result.kind}${status}: ${printable(result.message)}${hint}`;
}

export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes("--json");
  const usage = (message: string): number => {
    if (json) {
      io.stdout(`${JSON.stringify({ ok: false, kind: "usage", message, exitCode: DELETE_EXIT_CODES.usage })}\n`);
    }
    io.stderr(`delete: ${message}\nRun 'apinizer-connections delete --help' for usage.\n`);
    return DELETE_EXIT_CODES.usage;
  };

  let values: ReturnType<typeof parseOptions<typeof OPTIONS>>;
  try {
    values = parseOptions(argv, OPTIONS);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }
  if (values.help === true) {
    io.stdout(deleteHelp);
    return 0;
  }

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  let retries = 0;
  try {
    if (values.project === undefined) throw new UsageError("--project is required");
    if (values.connection === undefined) throw new UsageError("--connection is required");
    if (values.timeout !== undefined) timeoutMs = parseTimeout(values.timeout);
    if (values.retries !== undefined) retries = parseRetries(values.retries);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    throw error;
  }
  const baseUrl = values["base-url"] ?? io.env["APINIZER_BASE_URL"];
  if (baseUrl === undefined || baseUrl === "") return usage("no base URL: pass --base-url or set APINIZER_BASE_URL");
  const token = io.env["APINIZER_TOKEN"];
  if (token === undefined || token === "") return usage("APINIZER_TOKEN is not set (a Personal API Access Token)");

  let client: ReturnType<typeof createConnectionsClient>;
  try {
    client = createConnectionsClient({ baseUrl, token, timeoutMs, retries });
  } catch (error) {
    // The client's option errors never contain the token.
    return usage((error as Error).message.replace(/^createConnectionsClient: /, "").replace(/^baseUrl/, "base URL"));
  }

  const { signal, dispose } = interruptSignal(io.signal);
  let result: DeleteConnectionResult;
  try {
    result = await client.deleteConnection(
      { projectName: values.project, connectionName: values.connection },
      { ignoreMissing: values["ignore-missing"] === true, signal },
    );
  } finally {
    dispose();
  }
  const exitCode = exitCodeOf(result, signal.aborted);
  if (json) {
    io.stdout(`${JSON.stringify({ ...result, exitCode })}\n`);
  } else if (result.ok) {
    io.stdout(`${describe(result, values.project, values.connection)}\n`);
  } else {
    io.stderr(`${describe(result, values.project, values.connection)}\n`);
  }
  if (result.ok && result.deleted && result.data.deploymentResult.success !== true) {
    io.stderr(
      "warning: the connection was deleted, but the server reports that removing it from the workers failed (deploymentResult.success: false)\n",
    );
  }
  return exitCode;
}

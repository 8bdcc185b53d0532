// `apinizer-connections delete`: deletes one connection with the typed client.
// Loads the client only (never Pact, never the stand-in).
import {
  createConnectionsClient,
  type DeleteConnectionResult,
  type FetchFunction,
  MAX_RETRIES,
} from "../client/index.js";
import { REDACTED, redactor } from "../rules/secrets.js";
import { durationText, parseCount, parseTimeout, UsageError } from "./args.js";
import { interruptExit, PROGRAM, parseCommand, usageError } from "./command.js";
import { describeResult, exitNameOf, type Sent } from "./delete-output.js";
import { DELETE_EXIT_CODES, deleteSpec } from "./delete-spec.js";
import { type CliIo, interruptSignal, paint, processIo, signalOf, useColor } from "./io.js";
import { jsonText } from "./json-text.js";
import { baseUrlOf, checkName, tokenFrom } from "./target.js";
import { plainHttpWarning, transportFrom } from "./transport.js";

export { DELETE_EXIT_CODES, deleteSpec as spec };

type Values = NonNullable<ReturnType<typeof parseCommand<typeof deleteSpec.options>>["parsed"]>["values"];

interface DeleteRequest {
  readonly projectName: string;
  readonly connectionName: string;
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly retries: number;
}

/** Every check of the arguments and environment, before any request; throws UsageError. */
function requestOf(values: Values, origin: { "base-url"?: string }, env: CliIo["env"]): DeleteRequest {
  const dryRun = values["dry-run"] === true;
  if (values.project === undefined) throw new UsageError("--project is required");
  if (values.connection === undefined) throw new UsageError("--connection is required");
  const projectName = checkName(values.project, "--project");
  const connectionName = checkName(values.connection, "--connection");
  const timeoutMs = parseTimeout(values.timeout ?? "");
  const retries = parseCount(values.retries ?? "", "--retries", 0, MAX_RETRIES);
  if (values["base-url"] === undefined) throw new UsageError("no base URL: pass --base-url or set APINIZER_BASE_URL");
  const baseUrl = baseUrlOf(values["base-url"], origin["base-url"] ?? "--base-url");
  // --dry-run sends nothing, so it runs without a token (a stand-in value, redacted like a real one).
  const token = tokenFrom(env, "APINIZER_TOKEN", dryRun ? false : "a Personal API Access Token") ?? DRY_RUN_TOKEN;
  return { projectName, connectionName, baseUrl, token, timeoutMs, retries };
}

/** The token --dry-run shows when APINIZER_TOKEN is unset (never sent: a dry run sends nothing). */
const DRY_RUN_TOKEN = "APINIZER_TOKEN-is-not-set";

/** A fetch that records what the client would send and sends nothing (--dry-run). */
function recordingFetch(sent: Sent[]): FetchFunction {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const headers = Object.fromEntries(new Headers(init?.headers ?? request?.headers));
    sent.push({ method: init?.method ?? request?.method ?? "GET", url: String(request?.url ?? input), headers });
    throw new Error("dry run: not sent");
  };
}

/** Prints each attempt's method, URL and status to stderr (--verbose); the token is never in them. */
function verboseFetch(io: CliIo, redact: (text: string) => string, fetch: FetchFunction): FetchFunction {
  return async (input, init) => {
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const url = input instanceof Request ? input.url : String(input);
    io.stderr(redact(`> ${method} ${url}\n`));
    const started = performance.now();
    try {
      const response = await fetch(input, init);
      io.stderr(`< ${response.status} (${Math.round(performance.now() - started)} ms)\n`);
      return response;
    } catch (error) {
      io.stderr(`< no answer (${Math.round(performance.now() - started)} ms)\n`);
      throw error;
    }
  };
}

/** Runs `delete` with `argv` (after the command name); resolves to its exit code (DELETE_EXIT_CODES). Never rejects for bad input. */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes("--json");
  const redact = redactor([io.env["APINIZER_TOKEN"]]);
  // The client redacts what it returns; the serialized output is redacted again (a JSON-escaped echo in `body`).
  // jsonText: `data` nests as deeply as the server's answer did.
  const printJson = (value: object) => io.stdout(`${redact(jsonText(value))}\n`);
  const onUsage = (message: string): number => {
    if (json) printJson({ ok: false, kind: "usage", message, exitCode: DELETE_EXIT_CODES.usage.code });
    return usageError(deleteSpec, io, message);
  };
  const parsed = parseCommand(deleteSpec, argv, io, onUsage);
  if (parsed.exit !== undefined) return parsed.exit;
  const { values, origin } = parsed.parsed;
  const dryRun = values["dry-run"] === true;
  const sent: Sent[] = [];
  let request: DeleteRequest;
  let transport: FetchFunction;
  try {
    request = requestOf(values, origin, io.env);
    transport = dryRun ? recordingFetch(sent) : transportFrom(io.env);
  } catch (error) {
    if (error instanceof UsageError) return onUsage(error.message);
    throw error;
  }
  const fetch = values.verbose === true && !dryRun ? verboseFetch(io, redact, transport) : transport;
  const warning = dryRun ? undefined : plainHttpWarning(io.env, [[request.baseUrl, "the server"]]);
  if (warning !== undefined) io.stderr(`${PROGRAM} delete: ${warning}\n`);
  const client = createConnectionsClient({ ...request, retries: dryRun ? 0 : request.retries, fetch });
  const { signal, dispose } = interruptSignal(io.signal);
  let result: DeleteConnectionResult;
  try {
    result = await client.deleteConnection(request, { ignoreMissing: values["ignore-missing"] === true, signal });
  } finally {
    dispose();
  }
  if (dryRun) {
    if (request.token === DRY_RUN_TOKEN)
      io.stderr(`${PROGRAM} delete: note: APINIZER_TOKEN is not set; a real run needs it\n`);
    return printDryRun(io, sent, json ? printJson : undefined, redact);
  }

  const interrupted = signal.aborted && !result.ok && result.kind === "network" && result.aborted === true;
  const exitCode = interrupted ? interruptExit(signal) : DELETE_EXIT_CODES[exitNameOf(result)].code;
  if (json) {
    printJson({ ...result, ...(interrupted ? { interrupted: signalOf(signal) } : {}), exitCode });
    return exitCode;
  }
  // The client counts in milliseconds; the user is answered in the unit of their --timeout.
  const given = values.timeout ?? "";
  const shown =
    !result.ok && result.kind === "timeout"
      ? {
          ...result,
          message: result.message.replace(`${request.timeoutMs} ms`, durationText(request.timeoutMs, given)),
        }
      : result;
  const text = describeResult(shown, request, interrupted ? signalOf(signal) : undefined);
  const stream = text.ok ? "stdout" : "stderr";
  // A problem speaks in the program's voice (on stderr); a success is the result a script reads (stdout).
  const voice = text.ok ? "" : `${PROGRAM} delete: `;
  io[stream](`${voice}${paint(useColor(io, stream), text.ok ? "green" : "red", text.head)}${redact(text.rest)}\n`);
  if (text.warning !== undefined) {
    io.stderr(`${PROGRAM} delete: ${paint(useColor(io, "stderr"), "yellow", "warning:")} ${text.warning}\n`);
  }
  return exitCode;
}

/** Prints the request --dry-run would have sent: method, URL, headers (the token redacted). */
function printDryRun(
  io: CliIo,
  sent: readonly Sent[],
  printJson: ((v: object) => void) | undefined,
  redact: (text: string) => string,
): number {
  const request = sent[0];
  if (request === undefined) throw new Error("dry run: the client sent no request");
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      name.toLowerCase() === "authorization" ? value.replace(/^(Bearer\s+).*$/i, `$1${REDACTED}`) : value,
    ]),
  );
  if (printJson !== undefined) {
    printJson({ dryRun: true, request: { method: request.method, url: request.url, headers }, exitCode: 0 });
  } else {
    const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
    io.stdout(
      redact(`Would send (--dry-run; nothing was sent):\n  ${request.method} ${request.url}\n${lines.join("\n")}\n`),
    );
  }
  return DELETE_EXIT_CODES.deleted.code;
}

// `apinizer-connections delete`: deletes one or many connections with the typed client, each
// backed up first with --backup. Loads the client only (never Pact, never the stand-in).
import { type ConnectionsClient, createConnectionsClient, type FetchFunction } from "../client/index.js";
import { REDACTED, redactor } from "../rules/secrets.js";
import { UsageError } from "./args.js";
import { BACKUP_FORMAT, BACKUP_VERSION, backupPathOf, makePrivateDir, writeBackup } from "./backup-files.js";
import { interruptExit, PROGRAM, parseCommand, usageError } from "./command.js";
import { type Done, describeDone, outcomeOf, printSummary, type Sent } from "./delete-output.js";
import { type DeleteRequest, DRY_RUN_TOKEN, requestOf } from "./delete-request.js";
import { DELETE_EXIT_CODES, deleteSpec, SEVERITY } from "./delete-spec.js";
import { type CliIo, interruptSignal, paint, printable, processIo, signalOf, useColor } from "./io.js";
import { jsonText } from "./json-text.js";
import { progressReporter } from "./progress.js";
import { plainHttpWarning, transportFrom } from "./transport.js";

export { DELETE_EXIT_CODES, deleteSpec as spec };

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

/** The worst of several outcomes (SEVERITY), as an exit code. */
function worstExit(names: readonly (keyof typeof DELETE_EXIT_CODES)[]): number {
  const worst = SEVERITY.find((name) => names.includes(name)) ?? "deleted";
  return DELETE_EXIT_CODES[worst].code;
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
  let request: DeleteRequest;
  let transport: FetchFunction | undefined;
  try {
    request = await requestOf(values, origin, io);
    transport = dryRun ? undefined : transportFrom(io.env);
  } catch (error) {
    if (error instanceof UsageError) return onUsage(error.message);
    throw error;
  }
  const { projectName, connectionNames, backupDir } = request;
  const ignoreMissing = values["ignore-missing"] === true;
  const many = connectionNames.length > 1;

  if (dryRun || transport === undefined) {
    if (request.token === DRY_RUN_TOKEN)
      io.stderr(`${PROGRAM} delete: note: APINIZER_TOKEN is not set; a real run needs it\n`);
    return dryRunAll(io, request, json ? printJson : undefined, redact);
  }
  const warning = plainHttpWarning(io.env, [[request.baseUrl, "the server"]]);
  if (warning !== undefined) io.stderr(`${PROGRAM} delete: ${warning}\n`);
  if (backupDir !== undefined) {
    try {
      makePrivateDir(backupDir);
    } catch (error) {
      return backupUnusable(io, json ? printJson : undefined, backupDir, error);
    }
  }

  const fetch = values.verbose === true ? verboseFetch(io, redact, transport) : transport;
  const client = createConnectionsClient({ ...request, fetch });
  const { signal, dispose } = interruptSignal(io.signal);
  const progress = many
    ? progressReporter(io, { label: "connections deleted", total: connectionNames.length })
    : undefined;
  const stderrTerminal = io.tty?.stderr === true;
  const finished: Done[] = [];
  const report = (done: Done): void => {
    finished.push(done);
    progress?.update(finished.length);
    const name = outcomeOf(done, ignoreMissing);
    const interrupted = done.stopped === true ? signalOf(signal) : undefined;
    const exitCode = interrupted !== undefined ? interruptExit(signal) : DELETE_EXIT_CODES[name].code;
    if (json) {
      const where = many ? { projectName, connectionName: done.connectionName } : {};
      const backup = done.backup === undefined ? {} : { backup: done.backup };
      printJson({ ...where, ...done.result, ...backup, ...(interrupted ? { interrupted } : {}), exitCode });
      return;
    }
    const text = describeDone(done, projectName, ignoreMissing, interrupted);
    const stream = text.ok ? "stdout" : "stderr";
    // A line on a terminal's stderr first clears the progress line it would otherwise run into.
    const clear = progress !== undefined && stream === "stderr" && stderrTerminal ? "\r\u001b[K" : "";
    // A problem speaks in the program's voice (on stderr); a success is the result a script reads (stdout).
    const voice = text.ok ? "" : `${PROGRAM} delete: `;
    io[stream](
      `${clear}${voice}${paint(useColor(io, stream), text.ok ? "green" : "red", text.head)}${redact(text.rest)}\n`,
    );
    if (text.warning !== undefined) {
      io.stderr(`${PROGRAM} delete: ${paint(useColor(io, "stderr"), "yellow", "warning:")} ${text.warning}\n`);
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (!signal.aborted && next < connectionNames.length) {
      const name = connectionNames[next++] as string;
      report(await deleteOne(client, request, name, ignoreMissing, signal));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(request.concurrency, connectionNames.length) }, worker));
  } finally {
    dispose();
    progress?.finish();
  }

  const notSent = connectionNames.slice(next).map((connectionName) => ({ connectionName, result: undefined }));
  const outcomes = finished.map((done) => outcomeOf(done, ignoreMissing));
  const interrupted = signal.aborted ? signalOf(signal) : undefined;
  const exitCode = interrupted !== undefined ? interruptExit(signal) : worstExit(outcomes);
  if (!many) return exitCode;
  printSummary(io, json ? printJson : undefined, redact, { finished, notSent, ignoreMissing, interrupted, exitCode });
  return exitCode;
}

/** Deletes one connection (backing it up first with --backup); what it came to. */
async function deleteOne(
  client: ConnectionsClient,
  request: DeleteRequest,
  connectionName: string,
  ignoreMissing: boolean,
  signal: AbortSignal,
): Promise<Done> {
  const { projectName, backupDir } = request;
  const params = { projectName, connectionName };
  let backup: string | undefined;
  const result =
    backupDir === undefined
      ? await client.deleteConnection(params, { ignoreMissing, signal })
      : await client.deleteConnection(params, {
          ignoreMissing,
          signal,
          backup: (definition) => {
            const record = {
              [BACKUP_FORMAT]: BACKUP_VERSION,
              projectName,
              connectionName,
              savedAt: new Date().toISOString(),
              definition,
            } as const;
            backup = writeBackup(backupDir, record);
          },
        });
  // Aborted under way: only a DELETE that was sent may have acted (a backup read that was stopped sent none).
  const stopped = signal.aborted && !result.ok && result.kind === "network" && result.aborted === true;
  return { connectionName, result, ...(backup === undefined ? {} : { backup }), ...(stopped ? { stopped } : {}) };
}

/** --backup DIR cannot be made: nothing is sent; exit not-backed-up. */
function backupUnusable(io: CliIo, printJson: ((v: object) => void) | undefined, dir: string, error: unknown): number {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  const message = `--backup: the folder ${JSON.stringify(dir)} cannot be created (${code}); nothing was deleted`;
  const exitCode = DELETE_EXIT_CODES["not-backed-up"].code;
  if (printJson !== undefined) printJson({ ok: false, kind: "not-backed-up", stage: "write", message, exitCode });
  else io.stderr(`${PROGRAM} delete: error: not-backed-up: ${printable(message)}\n`);
  return exitCode;
}

/** Prints the requests --dry-run would have sent, for each connection (the token redacted); sends nothing. */
async function dryRunAll(
  io: CliIo,
  request: DeleteRequest,
  printJson: ((v: object) => void) | undefined,
  redact: (text: string) => string,
): Promise<number> {
  const many = request.connectionNames.length > 1;
  for (const connectionName of request.connectionNames) {
    const sent: Sent[] = [];
    const client = createConnectionsClient({ ...request, retries: 0, fetch: recordingFetch(sent) });
    await client.deleteConnection({ projectName: request.projectName, connectionName });
    const deleteRequest = sent[0];
    if (deleteRequest === undefined) throw new Error("dry run: the client sent no request");
    const headers = Object.fromEntries(
      Object.entries(deleteRequest.headers).map(([name, value]) => [
        name,
        name.toLowerCase() === "authorization" ? value.replace(/^(Bearer\s+).*$/i, `$1${REDACTED}`) : value,
      ]),
    );
    const file =
      request.backupDir === undefined
        ? undefined
        : backupPathOf(request.backupDir, request.projectName, connectionName);
    if (printJson !== undefined) {
      const where = many ? { projectName: request.projectName, connectionName } : {};
      const backup = file === undefined ? {} : { backup: { read: { method: "GET", url: deleteRequest.url }, file } };
      printJson({
        ...where,
        dryRun: true,
        ...backup,
        request: { method: deleteRequest.method, url: deleteRequest.url, headers },
        exitCode: 0,
      });
      continue;
    }
    const lines = Object.entries(headers).map(([name, value]) => `  ${name}: ${value}`);
    const first =
      file === undefined ? "" : `  GET ${deleteRequest.url}\n  (its definition written to ${printable(file)})\n`;
    io.stdout(
      redact(
        `Would send (--dry-run; nothing was sent):\n${first}  ${deleteRequest.method} ${deleteRequest.url}\n${lines.join("\n")}\n`,
      ),
    );
  }
  return DELETE_EXIT_CODES.deleted.code;
}

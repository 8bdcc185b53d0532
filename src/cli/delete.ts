// `apinizer-connections delete`: deletes one or many connections with the typed client, each
// backed up first with --backup. Loads the client only (never Pact, never the stand-in).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  type ConnectionsClient,
  createConnectionsClient,
  type DeleteConnectionResult,
  type FetchFunction,
  MAX_RETRIES,
  type NotBackedUpFailure,
} from "../client/index.js";
import type { DurationUnit } from "../rules/duration.js";
import { REDACTED, redactor } from "../rules/secrets.js";
import { parseCount, parseTimeout, UsageError } from "./args.js";
import { BACKUP_FORMAT, BACKUP_VERSION, backupPathOf, makePrivateDir, writeBackup } from "./backup-files.js";
import { interruptExit, PROGRAM, parseCommand, usageError } from "./command.js";
import { describeResult, exitNameOf, type Sent } from "./delete-output.js";
import { DELETE_EXIT_CODES, deleteSpec, MAX_CONCURRENCY, MAX_DELETE_NAMES, SEVERITY } from "./delete-spec.js";
import { type CliIo, interruptSignal, paint, printable, processIo, signalOf, useColor } from "./io.js";
import { jsonText } from "./json-text.js";
import { progressReporter } from "./progress.js";
import { baseUrlOf, checkName, tokenFrom } from "./target.js";
import { plainHttpWarning, transportFrom } from "./transport.js";

export { DELETE_EXIT_CODES, deleteSpec as spec };

type Values = NonNullable<ReturnType<typeof parseCommand<typeof deleteSpec.options>>["parsed"]>["values"];

interface DeleteRequest {
  readonly projectName: string;
  /** The connections, in the order given, each once (names ignore letter case). */
  readonly connectionNames: readonly string[];
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
  /** The unit --timeout was given in: messages echo the limit in it. */
  readonly timeoutUnit: DurationUnit;
  readonly retries: number;
  readonly concurrency: number;
  /** --backup, resolved against the working directory. */
  readonly backupDir: string | undefined;
}

/** What one connection came to. `result` undefined: never sent (the run was interrupted first). */
interface Done {
  readonly connectionName: string;
  readonly result: DeleteConnectionResult | NotBackedUpFailure | undefined;
  /** The backup file written, when --backup wrote one. */
  readonly backup?: string;
  /** Stopped by Ctrl-C while under way. */
  readonly stopped?: boolean;
}

/** Most bytes of a --from file or stdin (100 000 names of 255 characters fit, in UTF-8 at worst). */
const MAX_FROM_BYTES = 128 * 1024 * 1024;

/** Every check of the arguments and environment, before any request; throws UsageError. */
async function requestOf(values: Values, origin: { "base-url"?: string }, io: CliIo): Promise<DeleteRequest> {
  const dryRun = values["dry-run"] === true;
  if (values.project === undefined) throw new UsageError("--project is required");
  if (values.connection === undefined && values.from === undefined) {
    throw new UsageError("--connection is required (or --from FILE|- with one name per line)");
  }
  const projectName = checkName(values.project, "--project");
  const given = (values.connection ?? []).map((name) => checkName(name, "--connection"));
  const fromFile = values.from === undefined ? [] : await namesFrom(values.from, io);
  const connectionNames = unique([...given, ...fromFile]);
  if (connectionNames.length === 0) throw new UsageError("--from: no connection names in it");
  if (connectionNames.length > MAX_DELETE_NAMES) throw new UsageError(`more than ${MAX_DELETE_NAMES} connection names`);
  const { timeoutMs, timeoutUnit } = parseTimeout(values.timeout ?? "");
  const retries = parseCount(values.retries ?? "", "--retries", 0, MAX_RETRIES);
  const concurrency = parseCount(values.concurrency ?? "", "--concurrency", 1, MAX_CONCURRENCY);
  if (values["base-url"] === undefined) throw new UsageError("no base URL: pass --base-url or set APINIZER_BASE_URL");
  const baseUrl = baseUrlOf(values["base-url"], origin["base-url"] ?? "--base-url");
  // --dry-run sends nothing, so it runs without a token (a stand-in value, redacted like a real one).
  const token = tokenFrom(io.env, "APINIZER_TOKEN", dryRun ? false : "a Personal API Access Token") ?? DRY_RUN_TOKEN;
  if (values.backup !== undefined && values.backup.trim() === "") throw new UsageError("--backup needs a folder");
  const backupDir = values.backup === undefined ? undefined : resolve(io.cwd ?? process.cwd(), values.backup);
  return { projectName, connectionNames, baseUrl, token, timeoutMs, timeoutUnit, retries, concurrency, backupDir };
}

/** The names in order, each once (connection names ignore letter case, so `A` and `a` are one). */
function unique(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The names of --from FILE|-: one per line, trimmed; blank lines and `#` comments skipped. */
async function namesFrom(source: string, io: CliIo): Promise<string[]> {
  let text: string;
  if (source === "-") {
    if (io.stdin === undefined) throw new UsageError("--from -: there is no standard input to read");
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.stdin) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk);
      size += bytes.length;
      if (size > MAX_FROM_BYTES) throw new UsageError("--from -: standard input is over 128 MiB");
      chunks.push(bytes);
    }
    text = Buffer.concat(chunks).toString("utf8");
  } else {
    try {
      const bytes = readFileSync(resolve(io.cwd ?? process.cwd(), source));
      if (bytes.length > MAX_FROM_BYTES) throw new UsageError("--from: the file is over 128 MiB");
      text = bytes.toString("utf8");
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`--from: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  const names: string[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/^[ \t]+|[ \t\r]+$/g, "");
    if (line === "" || line.startsWith("#")) return;
    names.push(checkName(line, `--from: line ${i + 1}`));
  });
  return names;
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

/** The outcome's name in DELETE_EXIT_CODES, with --backup's failures. */
function outcomeOf(done: Done, ignoreMissing: boolean): keyof typeof DELETE_EXIT_CODES {
  const { result } = done;
  if (result === undefined) return "interrupted";
  if (result.ok || result.kind !== "not-backed-up") return exitNameOf(result);
  if (result.stage === "write" || result.read === undefined) return "not-backed-up";
  if (result.read.kind === "connection-not-found" && ignoreMissing) return "deleted";
  return exitNameOf(result.read as DeleteConnectionResult);
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

/** One line about one connection: describeResult's, with --backup's outcomes and file. */
function describeDone(
  done: Done,
  projectName: string,
  ignoreMissing: boolean,
  interrupted: "SIGINT" | "SIGTERM" | undefined,
): ReturnType<typeof describeResult> {
  const names = { projectName, connectionName: done.connectionName };
  const { result } = done;
  if (result === undefined) throw new Error("describeDone: a connection that was not sent");
  if (!result.ok && result.kind === "not-backed-up") {
    if (result.read?.kind === "connection-not-found" && ignoreMissing) {
      const quoted = (name: string) => printable(JSON.stringify(name));
      return {
        ok: true,
        head: "Nothing to delete",
        rest: `: connection ${quoted(done.connectionName)} in project ${quoted(projectName)} does not exist (--ignore-missing).`,
      };
    }
    const name = outcomeOf(done, ignoreMissing);
    const status = result.read?.status === undefined ? "" : ` (HTTP ${result.read.status})`;
    return { ok: false, head: `error: ${name}`, rest: `${status}: ${printable(result.message)}` };
  }
  const text = describeResult(result, names, interrupted);
  if (done.backup === undefined || !text.ok) return text;
  return { ...text, rest: `${text.rest.replace(/\.$/, "")} (backup: ${printable(done.backup)}).` };
}

/** The end of a run of several: counts by outcome, and on an interruption the names in each group. */
function printSummary(
  io: CliIo,
  printJson: ((v: object) => void) | undefined,
  redact: (text: string) => string,
  run: {
    finished: readonly Done[];
    notSent: readonly Done[];
    ignoreMissing: boolean;
    interrupted: "SIGINT" | "SIGTERM" | undefined;
    exitCode: number;
  },
): void {
  const byOutcome: Record<string, string[]> = {};
  for (const done of run.finished) {
    const name = done.stopped === true ? "may-have-been-deleted" : outcomeOf(done, run.ignoreMissing);
    byOutcome[name] = [...(byOutcome[name] ?? []), done.connectionName];
  }
  const notSent = run.notSent.map((d) => d.connectionName);
  if (printJson !== undefined) {
    const counts = Object.fromEntries(Object.entries(byOutcome).map(([k, v]) => [k, v.length]));
    const lists =
      run.interrupted === undefined ? {} : { interrupted: run.interrupted, names: namesByGroup(byOutcome, notSent) };
    printJson({
      summary: { connections: run.finished.length + notSent.length, ...counts, notSent: notSent.length, ...lists },
      exitCode: run.exitCode,
    });
    return;
  }
  const total = run.finished.length + notSent.length;
  const parts = Object.entries(byOutcome)
    .filter(([name]) => name !== "deleted")
    .map(([name, list]) => `${list.length} ${name}`);
  const deleted = byOutcome["deleted"]?.length ?? 0;
  const line = `Deleted ${deleted} of ${total} connection(s)${parts.length > 0 ? `; ${parts.join(", ")}` : ""}${notSent.length > 0 ? `; ${notSent.length} not sent` : ""} (exit ${run.exitCode}).\n`;
  if (run.interrupted === undefined) {
    io[run.exitCode === 0 ? "stdout" : "stderr"](line);
    return;
  }
  const groups = namesByGroup(byOutcome, notSent);
  const list = (title: string, names: readonly string[]) =>
    names.length === 0 ? "" : `  ${title} (${names.length}):\n${names.map((n) => `    ${printable(n)}\n`).join("")}`;
  io.stderr(
    redact(
      `interrupted (${run.interrupted}): stopped sending.\n${line}` +
        list("deleted", groups.deleted) +
        list("may have been deleted (under way when stopped)", groups.mayHaveBeenDeleted) +
        list("not sent", groups.notSent) +
        list("not deleted (refused or failed)", groups.notDeleted),
    ),
  );
}

/** The names of an interrupted run by what happened to them. */
function namesByGroup(byOutcome: Record<string, string[]>, notSent: string[]) {
  const { deleted = [], "may-have-been-deleted": mayHaveBeenDeleted = [], ...rest } = byOutcome;
  const uncertain = ["timeout", "network", "http-error", "unexpected-response", "maybe-deleted"];
  return {
    deleted,
    mayHaveBeenDeleted: [...mayHaveBeenDeleted, ...uncertain.flatMap((k) => rest[k] ?? [])],
    notSent,
    notDeleted: Object.entries(rest)
      .filter(([k]) => !uncertain.includes(k))
      .flatMap(([, v]) => v),
  };
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

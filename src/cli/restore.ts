// `apinizer-connections restore`: creates connections again from backup files (delete --backup),
// one at a time: Get Connection first (an existing one is left alone unless --overwrite), then
// Create Connection with the file's definition. The files hold secrets: nothing printed ever
// shows a secret field's value, wherever it appears (a server's echo, a URL that repeats it).
import { type ConnectionCallFailure, type ConnectionExistsFailure, createConnectionsClient } from "../client/index.js";
import type { DurationUnit } from "../rules/duration.js";
import { connectionPath } from "../rules/route.js";
import { redactSecretFields, secretValuesOf } from "../rules/secret-fields.js";
import { REDACTED, redactor } from "../rules/secrets.js";
import { parseTimeout, UsageError } from "./args.js";
import { interruptExit, parseCommand, usageError } from "./command.js";
import { type CliIo, interruptSignal, paint, printable, processIo, signalOf, useColor } from "./io.js";
import { filesOf, type Item, itemOf } from "./restore-files.js";
import { RESTORE_EXIT_CODES, RESTORE_SEVERITY, restoreSpec } from "./restore-spec.js";
import { baseUrlOf, checkName, tokenFrom } from "./target.js";

export { RESTORE_EXIT_CODES, restoreSpec as spec };

type Outcome = keyof typeof RESTORE_EXIT_CODES;

/** What happened to one connection. */
interface Restored {
  readonly file: string;
  readonly projectName?: string;
  readonly connectionName?: string;
  readonly outcome: Outcome;
  /** "restored", "replaced", "exists", or the error, in words (redacted). */
  readonly message: string;
  readonly status?: number;
}

/** A failure's outcome name. */
function outcomeOfFailure(failure: ConnectionCallFailure | ConnectionExistsFailure): Outcome {
  if (failure.kind === "connection-exists") return "exists";
  if (failure.kind === "invalid-argument") return "not-a-backup";
  if (failure.kind === "connection-not-found") return "bad-request";
  return failure.kind;
}

/** What restore was asked to do, from the command line and the environment. */
interface Settings {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly timeoutUnit: DurationUnit;
  readonly files: string[];
  readonly project: string | undefined;
}

/** Writes a text to one of the CLI's streams, redacted. */
type Print = (stream: "stdout" | "stderr", text: string) => void;

/** Runs `restore` with `argv` (after the command name); resolves to its exit code (RESTORE_EXIT_CODES). */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes("--json");
  const tokenRedact = redactor([io.env["APINIZER_TOKEN"]]);
  const onUsage = (message: string): number => {
    if (json) io.stdout(`${tokenRedact(JSON.stringify({ outcome: "usage", message, exitCode: 2 }))}\n`);
    return usageError(restoreSpec, io, message);
  };
  const parsed = parseCommand(restoreSpec, argv, io, onUsage);
  if (parsed.exit !== undefined) return parsed.exit;
  const { values, origin, positionals } = parsed.parsed;
  let settings: Settings;
  try {
    const files = filesOf(positionals, io.cwd ?? process.cwd());
    const project = values.project === undefined ? undefined : checkName(values.project, "--project");
    if (values["base-url"] === undefined) throw new UsageError("no base URL: pass --base-url or set APINIZER_BASE_URL");
    const baseUrl = baseUrlOf(values["base-url"], origin["base-url"] ?? "--base-url");
    const token = tokenFrom(io.env, "APINIZER_TOKEN", "a Personal API Access Token") as string;
    settings = { baseUrl, token, ...parseTimeout(values.timeout ?? ""), files, project };
  } catch (error) {
    if (error instanceof UsageError) return onUsage(error.message);
    throw error;
  }

  const items = settings.files.map((file) => itemOf(file, settings.project));
  // Every secret of every definition, and the token, in every encoding the redactor knows.
  const redact = redactor([
    settings.token,
    ...items.flatMap((item) => (item.problem === undefined ? secretValuesOf(item.definition) : [])),
  ]);
  const print: Print = (stream, text) => io[stream](redact(text));
  const overwrite = values.overwrite === true;
  const report = reporter(io, json, print);
  if (values["dry-run"] === true) return dryRun(items, settings.baseUrl, overwrite, json, print, report);

  const client = createConnectionsClient({
    baseUrl: settings.baseUrl,
    token: settings.token,
    timeoutMs: settings.timeoutMs,
    timeoutUnit: settings.timeoutUnit,
  });
  const { signal, dispose } = interruptSignal(io.signal);
  const results: Restored[] = [];
  try {
    for (const item of items) {
      if (signal.aborted) break;
      const r = await restoreOne(client, item, overwrite, signal);
      if (signal.aborted && r.outcome === "network") break;
      results.push(r);
      report(r);
    }
  } finally {
    dispose();
  }
  return summary(items.length, results, signal, json, print);
}

/** Prints one connection's outcome: a line (green when restored) or, with --json, a JSON line. */
function reporter(io: CliIo, json: boolean, print: Print): (r: Restored) => void {
  return (r) => {
    const exitCode = RESTORE_EXIT_CODES[r.outcome].code;
    if (json) {
      print("stdout", `${JSON.stringify({ ...r, exitCode })}\n`);
      return;
    }
    const ok = r.outcome === "restored";
    const stream = ok ? "stdout" : "stderr";
    const which =
      r.connectionName === undefined
        ? `file ${printable(JSON.stringify(r.file))}`
        : `connection ${printable(JSON.stringify(r.connectionName))} in project ${printable(JSON.stringify(r.projectName))}`;
    const head = ok ? r.message[0]?.toUpperCase() + r.message.slice(1) : `error: ${r.outcome}`;
    const rest = ok ? ` ${which}.` : `: ${which}: ${printable(r.message)}`;
    print(
      stream,
      `${paint(useColor(io, stream), ok ? "green" : r.outcome === "exists" ? "yellow" : "red", head)}${rest}\n`,
    );
  };
}

/** --dry-run: prints the requests each backup would send (secret fields redacted); sends nothing. Its exit code. */
function dryRun(
  items: readonly Item[],
  baseUrl: string,
  overwrite: boolean,
  json: boolean,
  print: Print,
  report: (r: Restored) => void,
): number {
  for (const item of items) {
    if (item.problem !== undefined) {
      report({ file: item.file, outcome: "not-a-backup", message: item.problem });
      continue;
    }
    const url = `${baseUrl}${connectionPath(item.projectName, item.connectionName)}`;
    const body = redactSecretFields(item.definition);
    if (json) {
      print(
        "stdout",
        `${JSON.stringify({
          dryRun: true,
          file: item.file,
          projectName: item.projectName,
          connectionName: item.connectionName,
          requests: [
            { method: "GET", url },
            {
              method: "POST",
              url,
              headers: { authorization: `Bearer ${REDACTED}`, "content-type": "application/json" },
              body,
            },
          ],
          exitCode: 0,
        })}\n`,
      );
    } else {
      print(
        "stdout",
        `Would send (--dry-run; nothing was sent), for ${printable(item.file)}:\n  GET ${url}   (does it exist? ${overwrite ? "replaced if so" : "left as it is if so"})\n  POST ${url}\n  authorization: Bearer ${REDACTED}\n  content-type: application/json\n${JSON.stringify(body, null, 2).replace(/^/gm, "  ")}\n`,
      );
    }
  }
  const bad = items.some((item) => item.problem !== undefined);
  return bad ? RESTORE_EXIT_CODES["not-a-backup"].code : RESTORE_EXIT_CODES.restored.code;
}

/** Prints the run's summary (counts per outcome, what was not tried, an interruption); its exit code. */
function summary(
  files: number,
  results: readonly Restored[],
  signal: AbortSignal,
  json: boolean,
  print: Print,
): number {
  const outcomes = results.map((r) => r.outcome);
  const interrupted = signal.aborted ? signalOf(signal) : undefined;
  const worst = RESTORE_SEVERITY.find((o) => outcomes.includes(o)) ?? "restored";
  const exitCode = interrupted !== undefined ? interruptExit(signal) : RESTORE_EXIT_CODES[worst].code;
  const counts = Object.fromEntries(
    RESTORE_SEVERITY.map((o) => [o, outcomes.filter((x) => x === o).length]).filter(([, n]) => n !== 0),
  );
  const notTried = files - results.length;
  if (json) {
    print(
      "stdout",
      `${JSON.stringify({ summary: { files, ...counts, ...(notTried > 0 ? { notTried } : {}), ...(interrupted ? { interrupted } : {}) }, exitCode })}\n`,
    );
  } else {
    const parts = Object.entries(counts).map(([o, n]) => `${n} ${o}`);
    const stop =
      interrupted === undefined
        ? ""
        : `interrupted (${interrupted}): stopped; the one under way may or may not have been created. `;
    print(
      exitCode === 0 ? "stdout" : "stderr",
      `${stop}Restore: ${parts.join(", ") || "nothing to do"}${notTried > 0 ? `, ${notTried} not tried` : ""} (exit ${exitCode}).\n`,
    );
  }
  return exitCode;
}

/** Get, then Create when none exists (or --overwrite); what happened, in words. */
async function restoreOne(
  client: ReturnType<typeof createConnectionsClient>,
  item: Item,
  overwrite: boolean,
  signal: AbortSignal,
): Promise<Restored> {
  if (item.problem !== undefined) return { file: item.file, outcome: "not-a-backup", message: item.problem };
  const { file, projectName, connectionName, definition } = item;
  const base = { file, projectName, connectionName };
  const params = { projectName, connectionName };
  const found = await client.getConnection(params, { signal });
  // The Get answer holds the server's secrets: only its outcome is used, never its text.
  if (found.ok && !overwrite) {
    return { ...base, outcome: "exists", status: 200, message: "it exists: left as it is (--overwrite replaces it)" };
  }
  if (!found.ok && found.kind !== "connection-not-found") {
    return { ...base, outcome: outcomeOfFailure(found), message: found.message, ...statusOf(found) };
  }
  const created = await client.createConnection(params, definition, { signal });
  if (created.ok) return { ...base, outcome: "restored", status: 200, message: found.ok ? "replaced" : "restored" };
  const message =
    created.kind === "connection-exists"
      ? `${created.message} (this server does not replace an existing connection; delete it first to restore it)`
      : created.message;
  return { ...base, outcome: outcomeOfFailure(created), message, ...statusOf(created) };
}

const statusOf = (failure: { status?: number | undefined }) =>
  failure.status === undefined ? {} : { status: failure.status };

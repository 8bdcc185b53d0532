// `delete`'s request: every check of its arguments and environment (names, --from, the target,
// --timeout, --retries, --concurrency, --backup) before anything is sent; a UsageError says what
// is wrong.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { MAX_RETRIES } from "../client/index.js";
import type { DurationUnit } from "../rules/duration.js";
import { parseCount, parseTimeout, UsageError } from "./args.js";
import type { parseCommand } from "./command.js";
import { type deleteSpec, MAX_CONCURRENCY, MAX_DELETE_NAMES } from "./delete-spec.js";
import type { CliIo } from "./io.js";
import { baseUrlOf, checkName, tokenFrom } from "./target.js";

type Values = NonNullable<ReturnType<typeof parseCommand<typeof deleteSpec.options>>["parsed"]>["values"];

/** What one `delete` run does: the project and connections, the target and the client's limits, --backup. */
export interface DeleteRequest {
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

/** Most bytes of a --from file or stdin (100 000 names of 255 characters fit, in UTF-8 at worst). */
const MAX_FROM_BYTES = 128 * 1024 * 1024;

/** Every check of the arguments and environment, before any request; throws UsageError. */
export async function requestOf(values: Values, origin: { "base-url"?: string }, io: CliIo): Promise<DeleteRequest> {
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
export const DRY_RUN_TOKEN = "APINIZER_TOKEN-is-not-set";

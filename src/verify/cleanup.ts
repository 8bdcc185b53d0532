// `cleanup`: finds this tool's own fixtures in a project and removes them — for runs that could
// not clean up themselves (a second Ctrl-C, kill -9, a lost connection). A connection is this
// tool's only when both its name has the fixture prefix (and the run id, when given) and its
// description carries the fixture marker; anything else is left alone.
import { envelopeOf, isJsonObject, saysOf } from "../rules/envelope.js";
import { redactor } from "../rules/secrets.js";
import type { CleanupOptions, CleanupReport } from "./api.js";
import type { Style } from "./report.js";
import { createAdmin, describe, FIXTURE_MARKER, FIXTURE_PREFIX } from "./server/admin.js";
import { Ledger, removeAll } from "./server/fixtures.js";
import { createSender, reasonOf } from "./server/http.js";

/**
 * The connections a List Connections answer holds (`resultList`), as name and description; an
 * answer whose envelope says "done" with `resultList` absent or `null` (a Java server's empty
 * list) holds none. `undefined` for anything else, and for an answer whose envelope says "not
 * done" or contradicts itself.
 */
function listed(json: unknown): { name: string; description: string }[] | undefined {
  const says = saysOf(json);
  if (says === "not-done" || envelopeOf(json) === "mixed") return undefined;
  const list = isJsonObject(json) ? json["resultList"] : undefined;
  if ((list === undefined || list === null) && says === "done") return [];
  if (!Array.isArray(list)) return undefined;
  return list.filter(isJsonObject).map((c) => ({
    name: typeof c["name"] === "string" ? c["name"] : "",
    description: typeof c["description"] === "string" ? c["description"] : "",
  }));
}

/** Does a connection name belong to this tool (and to run `runId`, when given)? */
function isFixtureName(name: string, runId?: string): boolean {
  const prefix = `${FIXTURE_PREFIX}${runId ?? ""}`;
  if (!name.toLowerCase().startsWith(prefix.toLowerCase())) return false;
  return runId === undefined || /^[-\s]/.test(name.slice(prefix.length));
}

export async function cleanupProject(options: CleanupOptions): Promise<CleanupReport> {
  const redact = redactor([options.token]);
  const none = { found: [], removed: [], left: [] };
  const failed = (problem: string): CleanupReport => ({ outcome: "failed", ...none, problems: [redact(problem)] });
  const sender = createSender({ timeoutMs: options.timeoutMs, stop: options.signal, fetch: options.fetch });
  const admin = createAdmin({
    redact,
    baseUrl: options.baseUrl,
    token: options.token,
    runId: options.runId ?? "cleanup",
    sender,
  });
  let connections: { name: string; description: string }[] | undefined;
  try {
    const answer = await admin.list(options.projectName);
    connections = answer.status === 200 ? listed(answer.json) : undefined;
    if (connections === undefined)
      return failed(`List Connections of project ${options.projectName} answered ${describe(answer)}`);
  } catch (error) {
    if (options.signal?.aborted) return { outcome: "interrupted", ...none, problems: [] };
    return failed(`cannot list the connections of project ${options.projectName}: ${reasonOf(error)}`);
  }
  const problems: string[] = [];
  const named = connections.filter((c) => isFixtureName(c.name, options.runId));
  const found = named.filter((c) => c.description.includes(FIXTURE_MARKER)).map((c) => c.name);
  const unmarked = named.length - found.length;
  if (unmarked > 0)
    problems.push(
      `${unmarked} connection(s) have the fixture prefix but not the fixture marker in their description: left alone`,
    );
  options.output.line(
    `Found ${found.length} fixture(s) of apinizer-connections verify in project ${options.projectName}.`,
  );
  if (options.dryRun === true || found.length === 0) {
    return { outcome: found.length === 0 ? "clean" : "listed", found, removed: [], left: [], problems };
  }
  const ledger = new Ledger(options.runId ?? "cleanup");
  const removed: string[] = [];
  const fixtures = found.map((name) => ledger.mayExist(options.projectName, name));
  const { problems: notRemoved, left } = await removeAll(
    admin,
    ledger,
    fixtures,
    options.baseUrl,
    (f) => {
      removed.push(f.connectionName);
      options.output.line(`Removed ${f.connectionName}`);
    },
    (done, total) => options.output.progress?.("fixtures removed", done, total),
  );
  problems.push(...notRemoved.map(redact));
  const outcome = options.signal?.aborted ? "interrupted" : left.length > 0 ? "left" : "removed";
  return { outcome, found, removed, left, problems };
}

/** The cleanup's summary for a terminal: its results (the problems are the caller's to print, on stderr). */
export function formatCleanup(report: CleanupReport, _style: Style): string {
  const lines: string[] = [];
  if (report.outcome === "listed") lines.push(...report.found.map((n) => `would remove ${n}`));
  for (const f of report.left) lines.push(`left: ${f.connectionName} (${f.command})`);
  const summary = {
    clean: "Nothing to clean up.",
    listed: `${report.found.length} fixture(s) found; nothing removed (--dry-run).`,
    removed: `Removed ${report.removed.length} fixture(s).`,
    left: `Removed ${report.removed.length} of ${report.found.length} fixture(s); ${report.left.length} left.`,
    failed: "Cleanup failed.",
    interrupted: `Interrupted after removing ${report.removed.length} fixture(s).`,
  }[report.outcome];
  lines.push(summary);
  return `${lines.join("\n")}\n`;
}

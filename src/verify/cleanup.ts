// `cleanup`: finds this tool's own fixtures in a project and removes them — for runs that could
// not clean up themselves (a second Ctrl-C, kill -9, a lost connection). A connection is this
// tool's only when both its name has the fixture prefix (and the run id, when given) and its
// description carries the fixture marker; anything else is left alone.
import { redactor } from "../rules/secrets.js";
import type { CleanupOptions, CleanupReport, FixtureLeased } from "./api.js";
import type { Style } from "./report.js";
import { type Admin, createAdmin, FIXTURE_MARKER, FIXTURE_PREFIX, serverProblem } from "./server/admin.js";
import { Ledger, removeAll } from "./server/fixtures.js";
import { createSender, reasonOf } from "./server/http.js";
import { leaseOf, mayRemove } from "./server/lease.js";
import { type Listed, listConnections } from "./server/list.js";

/** Does a connection name belong to this tool (and to run `runId`, when given)? */
function isFixtureName(name: string, runId?: string): boolean {
  const prefix = `${FIXTURE_PREFIX}${runId ?? ""}`;
  if (!name.toLowerCase().startsWith(prefix.toLowerCase())) return false;
  return runId === undefined || /^[-\s]/.test(name.slice(prefix.length));
}

/** `bytes` for a message: whole MiB, or KiB below one. */
const size = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MiB` : `${Math.floor(bytes / 1024)} KiB`;

export async function cleanupProject(options: CleanupOptions): Promise<CleanupReport> {
  const redact = redactor([options.token]);
  const none = { found: [], removed: [], left: [], leased: [] };
  const failed = (problem: string): CleanupReport => ({ outcome: "failed", ...none, problems: [redact(problem)] });
  const refused = serverProblem(options);
  if (refused !== undefined) return failed(refused);
  const sender = createSender(options, options.signal);
  let admin: Admin;
  try {
    admin = createAdmin({ redact, baseUrl: options.baseUrl, token: options.token, runId: "cleanup", sender });
  } catch (error) {
    return failed(`the client refused the target: ${reasonOf(error)}`);
  }
  const problems: string[] = [];
  let named: Listed[];
  const listing = `List Connections of project ${options.projectName}`;
  try {
    const listed = await listConnections({
      ...options,
      sender,
      redact,
      keep: (c) => isFixtureName(c.name, options.runId),
      maxBytes: options.maxListBytes,
    });
    if (!listed.ok) {
      return failed(`${listing} answered ${listed.problem}`);
    }
    named = listed.kept;
    if (!listed.complete) {
      problems.push(
        `${listing} is longer than ${size(listed.maxBytes)}, the most this tool reads: only the first ${listed.seen} connection(s) were read, and fixtures among the rest were not seen; run cleanup again after this one`,
      );
    }
  } catch (error) {
    if (options.signal?.aborted) return { outcome: "interrupted", ...none, problems: [] };
    return failed(`cannot list the connections of project ${options.projectName}: ${reasonOf(error)}`);
  }
  const marked = named.filter((c) => c.description.includes(FIXTURE_MARKER));
  const unmarked = named.length - marked.length;
  if (unmarked > 0)
    problems.push(
      `${unmarked} connection(s) have the fixture prefix but not the fixture marker in their description: left alone`,
    );
  // A fixture of a run that may still be in progress stays, unless the run is named (--run-id),
  // --force is given, or it is older than --older-than. One without a lease is an earlier version's.
  const policy = {
    now: Date.now(),
    force: options.force === true || options.runId !== undefined,
    olderThanMs: options.olderThanMs,
  };
  const found: string[] = [];
  const leased: FixtureLeased[] = [];
  for (const c of marked) {
    const lease = leaseOf(c.description);
    if (mayRemove(lease, policy) || lease === undefined) found.push(c.name);
    else leased.push({ connectionName: c.name, runId: lease.runId, until: lease.until.toISOString() });
  }
  options.output.line(
    `Found ${marked.length} fixture(s) of apinizer-connections verify in project ${options.projectName}.`,
  );
  if (leased.length > 0) options.output.line(leasedNote(leased));
  if (options.dryRun === true || found.length === 0) {
    const outcome = found.length > 0 ? "listed" : leased.length > 0 ? "in-use" : "clean";
    return { outcome, found, removed: [], left: [], leased, problems };
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
  return { outcome, found, removed, left, leased, problems };
}

/** "Left alone: 3 fixture(s) of 2 run(s) that may still be in progress (leases until …)". */
function leasedNote(leased: readonly FixtureLeased[]): string {
  const runs = new Set(leased.map((l) => l.runId)).size;
  const last = leased
    .map((l) => l.until)
    .sort()
    .at(-1);
  return `Left alone: ${leased.length} fixture(s) of ${runs} verify run(s) that may still be in progress (leases until ${last} at the latest); --force removes them, --older-than DURATION those made that long ago.`;
}

/** The cleanup's summary for a terminal: its results (the problems are the caller's to print, on stderr). */
export function formatCleanup(report: CleanupReport, _style: Style): string {
  const lines: string[] = [];
  if (report.outcome === "listed") lines.push(...report.found.map((n) => `would remove ${n}`));
  if (report.leased.length > 0) lines.push(leasedNote(report.leased));
  for (const f of report.left) lines.push(`left: ${f.connectionName} (${f.command})`);
  const summary = {
    clean: "Nothing to clean up.",
    "in-use": "Nothing removed: every fixture found belongs to a run that may still be in progress.",
    listed: `${report.found.length} fixture(s) found; nothing removed (--dry-run).`,
    removed: `Removed ${report.removed.length} fixture(s).`,
    left: `Removed ${report.removed.length} of ${report.found.length} fixture(s); ${report.left.length} left.`,
    failed: "Cleanup failed.",
    interrupted: `Interrupted after removing ${report.removed.length} fixture(s).`,
  }[report.outcome];
  lines.push(summary);
  return `${lines.join("\n")}\n`;
}

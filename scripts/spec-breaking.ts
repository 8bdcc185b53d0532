// The breaking-change gate: `npm run spec:breaking [-- <git rev>]` (or SPEC_BASE=<git rev>).
//
// Compares the working spec (openapi/ in the working tree) with the spec at a base revision,
// using `redocly diff` and its diff-recommended rules (openapi/redocly-diff.yaml), and fails on
// any change Redocly rates major: a removed response field or status, a field no longer required,
// a new required parameter, a narrowed parameter type or enum, a changed response type or enum,
// a changed path or method. Additive changes pass. A breaking change passes only when the spec's
// info.version has a major bump (a minor one below 1.0), the visible marker of an intended break.
//
// What it compares, by default (SPEC_BASE or an argument replaces both with one comparison):
// 1. the working spec with the spec at the commit that set the current info.version:
//    no break at all while the version stays (a whole series of commits is checked, not only the
//    last one, so CI on a clean clone of main gates everything since the version last changed);
// 2. that commit with its parent, when the parent had another version: the break that came with
//    the version change needs a major bump. A version that went down is a realignment: said, and
//    not compared. When the working tree itself changes the version, the comparison is with HEAD.
// A shallow clone (a CI checkout) first fetches its history from its remote.
// Exit codes: 0 pass, 1 breaking change, 2 the gate could not run (a shallow clone without a
// reachable remote, a tool failure).
//
// Self-contained (node: modules only) so that Node runs it directly with its type stripping.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const tools = resolve(import.meta.dirname, "..");
const SPEC_ROOT = "openapi/openapi.yaml";
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const DIFF_CONFIG = "openapi/redocly-diff.yaml";

/** One change Redocly rates major: its rule, its message and where (file:line) it is. */
export interface BreakingChange {
  rule: string;
  message: string;
  where: string;
}

export interface GateResult {
  /** 0 pass, 1 a breaking change without a major version bump, 2 the gate could not run. */
  code: 0 | 1 | 2;
  /** What to print, line by line. */
  lines: string[];
  breaking: BreakingChange[];
}

/** `git` in `repo`; stdout trimmed, or undefined when git fails. */
function git(repo: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** One comparison: the spec at `from` (a git revision) with the spec at `to` (a revision, or the working tree). */
export interface Comparison {
  from: string;
  to: string | "working tree";
  why: string;
}

/** Whether the history of a shallow `repo` could be fetched from its remote (at most 2 min). */
function deepened(repo: string): boolean {
  const remote = git(repo, ["remote"])?.split("\n")[0];
  if (!remote) return false;
  try {
    execFileSync("git", ["fetch", "--quiet", "--unshallow", remote], { cwd: repo, stdio: "ignore", timeout: 120_000 });
  } catch {
    return false;
  }
  return git(repo, ["rev-parse", "--is-shallow-repository"]) === "false";
}

/** The spec's info.version in an openapi.yaml text (the first key `version` indented by two). */
const versionIn = (text: string | undefined) => /^ {2}version: ['"]?([^'"\s]+)/m.exec(text ?? "")?.[1];

/** -1, 0 or 1 as `a` is a lower, the same or a higher major.minor.patch than `b`. */
const compareVersions = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.split(".").map((n) => Number.parseInt(n, 10) || 0));
  for (let i = 0; i < 3; i++) if ((x?.[i] ?? 0) !== (y?.[i] ?? 0)) return (x?.[i] ?? 0) < (y?.[i] ?? 0) ? -1 : 1;
  return 0;
};

/** The default comparisons (see the top of this file), notices to print, or why there are none. */
export function defaultComparisons(repo: string): { comparisons: Comparison[]; notes: string[] } | { problem: string } {
  if (!git(repo, ["rev-parse", "--verify", "-q", "HEAD"]))
    return { problem: `${repo} is not a git work tree with a commit` };
  // A CI checkout may be shallow: fetch the history from its own remote once, as
  // `git fetch --unshallow` would by hand (bounded: a remote that does not answer is a problem).
  const shallow = git(repo, ["rev-parse", "--is-shallow-repository"]) === "true";
  if (shallow && !deepened(repo))
    return {
      problem:
        "a shallow clone hides when info.version changed, and its history could not be fetched from a remote: fetch it, or set SPEC_BASE=<git rev>",
    };
  const current = existsSync(join(repo, SPEC_ROOT))
    ? versionIn(readFileSync(join(repo, SPEC_ROOT), "utf8"))
    : undefined;
  if (!current) return { problem: `${SPEC_ROOT} in the working tree has no info.version` };
  const log = git(repo, ["log", "--first-parent", "--format=%H", "HEAD", "--", SPEC_ROOT])?.split("\n") ?? [];
  const commits = log
    .filter(Boolean)
    .map((rev) => ({ rev, version: versionIn(git(repo, ["show", `${rev}:${SPEC_ROOT}`])) }));
  const sameRun = commits.findIndex((c) => c.version !== current);
  const run = sameRun < 0 ? commits : commits.slice(0, sameRun);
  const start = run.at(-1);
  if (!start) {
    const why = `HEAD (the working tree changes info.version to ${current})`;
    return { comparisons: commits.length > 0 ? [{ from: "HEAD", to: "working tree", why }] : [], notes: [] };
  }
  const comparisons: Comparison[] = [
    { from: start.rev, to: "working tree", why: `${short(start.rev)}, the commit that set info.version ${current}` },
  ];
  const before = commits[run.length];
  const notes: string[] = [];
  if (before?.version && current && compareVersions(before.version, current) > 0)
    notes.push(
      `  note: info.version went down (${before.version} → ${current}) in ${short(start.rev)}: not compared across`,
    );
  else if (before && git(repo, ["rev-parse", "--verify", "-q", `${start.rev}^`]))
    comparisons.push({
      from: `${start.rev}^`,
      to: start.rev,
      why: `the version change ${before.version} → ${current}`,
    });
  return { comparisons, notes };
}

/** major.minor.patch → whether `to` is a major bump of `from` (a minor bump below 1.0, as semver's 0.y rule). */
export function isMajorBump(from: string, to: string): boolean {
  const [a, b] = [from, to].map((v) => v.split(".").map((n) => Number.parseInt(n, 10)));
  const [aMajor = 0, aMinor = 0] = a ?? [];
  const [bMajor = 0, bMinor = 0] = b ?? [];
  return aMajor === 0 ? bMajor > 0 || bMinor > aMinor : bMajor > aMajor;
}

interface DiffReport {
  infoVersions: { base: string; revision: string };
  summary: { major: number; minor: number; patch: number };
  changes: {
    path: string;
    verdicts?: { ruleId: string; impact: string; message: string; location?: { file: string; line: number } }[];
  }[];
}

/** `#/paths/~1a~1/delete/responses/404` → `/a/ DELETE responses/404`; path-level parameters as `/a/ parameters 0/...`. */
function describePointer(pointer: string): string {
  const segments = pointer
    .replace(/^#\//, "")
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (segments[0] !== "paths" || segments.length < 3) return segments.join(" ");
  const [, path, key = "", ...rest] = segments;
  const method = METHODS.includes(key) ? key.toUpperCase() : key;
  return [path, method, rest.join("/")].filter(Boolean).join(" ");
}

/** Runs `redocly diff` with the gate's config; the parsed JSON report. Throws with the tool's output on failure. */
async function redoclyDiff(repo: string, fromRoot: string, toRoot: string): Promise<DiffReport> {
  const args = ["diff", fromRoot, toRoot, "--config", DIFF_CONFIG, "--format", "json", "--fail-on", "none"];
  const env = { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: "true", REDOCLY_TELEMETRY: "off", NO_COLOR: "1" };
  const { stdout } = await promisify(execFile)(join(tools, "node_modules/.bin/redocly"), args, { cwd: repo, env });
  return JSON.parse(stdout) as DiffReport;
}

const short = (rev: string) => (/^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 12) : rev);

/** Extracts openapi/ at `rev` into a new directory under `into`; undefined when `rev` has no spec. */
function specAt(repo: string, rev: string, into: string): string | undefined {
  const dir = mkdtempSync(join(into, "rev-"));
  try {
    const archive = execFileSync("git", ["archive", "--format=tar", rev, "openapi"], {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
  } catch {
    return undefined;
  }
  return existsSync(join(dir, SPEC_ROOT)) ? dir : undefined;
}

/** The major verdicts; `where` names the spec location and the source file (files of a revision as `<rev>:path`). */
function breakingOf(report: DiffReport, dirs: Record<string, string>): BreakingChange[] {
  const source = (file: string) => {
    const rev = Object.keys(dirs).find((r) => file.includes(basename(dirs[r] ?? "\0")));
    return rev ? `${short(rev)}:${file.slice(file.indexOf("openapi/"))}` : file;
  };
  return report.changes.flatMap((c) =>
    (c.verdicts ?? [])
      .filter((v) => v.impact === "major")
      .map((v) => ({
        rule: v.ruleId,
        message: v.message,
        where: `${describePointer(c.path)} (${source(v.location?.file ?? "")}:${v.location?.line})`,
      })),
  );
}

/** One comparison, judged: breaks pass only with a major bump of info.version between its two sides. */
async function compare(repo: string, c: Comparison, tmp: string): Promise<GateResult> {
  const head = `spec:breaking: ${c.to === "working tree" ? "the working spec" : short(c.to)} against ${c.why}`;
  const from = specAt(repo, c.from, tmp);
  if (!from) return { code: 0, lines: [head, `  ${short(c.from)} has no spec: nothing to break`], breaking: [] };
  const to = c.to === "working tree" ? repo : specAt(repo, c.to, tmp);
  if (!to) return { code: 2, lines: [head, `  ${short(c.to)} has no spec`], breaking: [] };
  let report: DiffReport;
  try {
    report = await redoclyDiff(repo, join(from, SPEC_ROOT), join(to, SPEC_ROOT));
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return {
      code: 2,
      lines: [head, "  redocly diff failed:", `${failed.stdout ?? ""}${failed.stderr ?? ""}`],
      breaking: [],
    };
  }
  return decide(head, report, breakingOf(report, { [c.from]: from, [c.to]: to }));
}

/** The gate: `repo`'s working spec against `base` if given, else the default comparisons. */
export async function specBreakingGate(repo: string, base?: string): Promise<GateResult> {
  const plan = base
    ? { comparisons: [{ from: base, to: "working tree", why: `${base} (asked for)` }], notes: [] }
    : defaultComparisons(repo);
  if ("problem" in plan)
    return { code: 2, lines: [`spec:breaking: cannot choose a base: ${plan.problem}`], breaking: [] };
  if (!existsSync(join(repo, DIFF_CONFIG)))
    return { code: 2, lines: [`spec:breaking: ${DIFF_CONFIG} is missing`], breaking: [] };
  if (plan.comparisons.length === 0)
    return { code: 0, lines: ["spec:breaking: no committed spec yet: nothing to break"], breaking: [] };
  const tmp = mkdtempSync(join(tmpdir(), "apinizer-spec-base-"));
  try {
    const results = await Promise.all(plan.comparisons.map((c) => compare(repo, c, tmp)));
    return {
      code: Math.max(0, ...results.map((r) => r.code)) as 0 | 1 | 2,
      lines: [...results.flatMap((r) => r.lines), ...plan.notes],
      breaking: results.flatMap((r) => r.breaking),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function decide(head: string, report: DiffReport, breaking: BreakingChange[]): GateResult {
  const { base, revision } = report.infoVersions;
  const { major, minor, patch } = report.summary;
  const counts = `${major} breaking, ${minor} additive, ${patch} other change(s)`;
  const listed = breaking.map((b) => `  ✖ ${b.message} [${b.rule}] at ${b.where}`);
  if (breaking.length === 0) return { code: 0, lines: [head, `  pass: no breaking change (${counts})`], breaking };
  if (isMajorBump(base, revision)) {
    const marker = `  pass: breaking changes marked as intended by info.version ${base} → ${revision} (${counts})`;
    return { code: 0, lines: [head, ...listed, marker], breaking };
  }
  const hint = `  fail: ${counts}. Revert them, or mark the break: a major bump of info.version (a minor one below 1.0) and package.json, now ${revision}.`;
  return { code: 1, lines: [head, ...listed, hint], breaking };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await specBreakingGate(process.cwd(), process.argv[2] ?? process.env["SPEC_BASE"]);
  (result.code === 0 ? console.log : console.error)(result.lines.join("\n"));
  process.exitCode = result.code;
}

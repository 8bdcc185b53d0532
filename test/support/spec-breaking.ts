// The breaking-change gate: `npm run spec:breaking [-- <git rev>]` (or SPEC_BASE=<git rev>).
//
// Compares the working spec (openapi/ in the working tree) with the spec at a base revision,
// using `redocly diff` and its diff-recommended rules (openapi/redocly-diff.yaml), and fails on
// any change Redocly rates major: a removed response field or status, a field no longer required,
// a new required parameter, a narrowed parameter type or enum, a changed response type or enum,
// a changed path or method. Additive changes pass. A breaking change passes only when the spec's
// info.version has a major bump (a minor one below 1.0), the visible marker of an intended break.
//
// The base, by default: the merge base of HEAD with `main` (or `origin/main`); when that is HEAD
// itself (on main, as in CI on a clean clone of main), HEAD's parent. Exit codes: 0 pass, 1
// breaking change, 2 the gate could not run (no base, no spec, tool failure).
//
// Self-contained (node: modules only) so that Node runs it directly with its type stripping.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const tools = resolve(import.meta.dirname, "../..");
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

/** The default base revision and why it was chosen, or why there is none. */
export function defaultBase(repo: string): { rev: string; why: string } | { problem: string } {
  const head = git(repo, ["rev-parse", "--verify", "-q", "HEAD"]);
  if (!head) return { problem: `${repo} is not a git work tree with a commit` };
  for (const branch of ["main", "origin/main"]) {
    const mergeBase = git(repo, ["merge-base", "HEAD", branch]);
    if (mergeBase && mergeBase !== head) return { rev: mergeBase, why: `the merge base with ${branch}` };
    if (mergeBase) break;
  }
  const parent = git(repo, ["rev-parse", "--verify", "-q", "HEAD^"]);
  if (parent) return { rev: parent, why: "HEAD^ (HEAD is where main is)" };
  return { problem: "HEAD has no parent (a shallow or one-commit clone?): name a base with SPEC_BASE=<git rev>" };
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
async function redoclyDiff(repo: string, baseRoot: string): Promise<DiffReport> {
  const args = ["diff", baseRoot, SPEC_ROOT, "--config", DIFF_CONFIG, "--format", "json", "--fail-on", "none"];
  const env = { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: "true", REDOCLY_TELEMETRY: "off", NO_COLOR: "1" };
  const { stdout } = await promisify(execFile)(join(tools, "node_modules/.bin/redocly"), args, { cwd: repo, env });
  return JSON.parse(stdout) as DiffReport;
}

/** The major verdicts; `where` names the spec location and the source file (base files as `<rev>:path`). */
const breakingOf = (report: DiffReport, baseDir: string, rev: string): BreakingChange[] =>
  report.changes.flatMap((c) =>
    (c.verdicts ?? [])
      .filter((v) => v.impact === "major")
      .map((v) => {
        const file = v.location?.file ?? "";
        const source = file.includes(basename(baseDir)) ? `${rev}:${file.slice(file.indexOf("openapi/"))}` : file;
        return {
          rule: v.ruleId,
          message: v.message,
          where: `${describePointer(c.path)} (${source}:${v.location?.line})`,
        };
      }),
  );

/** The gate: compares `repo`'s working spec with the spec at `base` (default: defaultBase). */
export async function specBreakingGate(repo: string, base?: string): Promise<GateResult> {
  const chosen = base ? { rev: base, why: `${base} (asked for)` } : defaultBase(repo);
  if ("problem" in chosen)
    return { code: 2, lines: [`spec:breaking: no base to compare with: ${chosen.problem}`], breaking: [] };
  if (!existsSync(join(repo, DIFF_CONFIG)))
    return { code: 2, lines: [`spec:breaking: ${DIFF_CONFIG} is missing`], breaking: [] };
  const dir = mkdtempSync(join(tmpdir(), "apinizer-spec-base-"));
  try {
    const head = `spec:breaking: ${SPEC_ROOT} (working tree) against ${chosen.why}`;
    let archive: Buffer;
    try {
      archive = execFileSync("git", ["archive", "--format=tar", chosen.rev, "openapi"], {
        cwd: repo,
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch {
      return { code: 0, lines: [head, `  the base ${chosen.rev} has no openapi/: nothing to break`], breaking: [] };
    }
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    if (!existsSync(join(dir, SPEC_ROOT)))
      return { code: 0, lines: [head, "  the base has no spec: nothing to break"], breaking: [] };
    let report: DiffReport;
    try {
      report = await redoclyDiff(repo, join(dir, SPEC_ROOT));
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      return {
        code: 2,
        lines: [head, "  redocly diff failed:", `${failed.stdout ?? ""}${failed.stderr ?? ""}`],
        breaking: [],
      };
    }
    return decide(head, report, breakingOf(report, dir, chosen.rev.slice(0, 12)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
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

// The breaking-change gate (`npm run spec:breaking`, scripts/spec-breaking.ts): each kind of
// change that breaks consumers fails it, additive changes pass, an intended break passes only
// with a major version bump, and the default comparisons are the documented ones. Each case runs on a
// throw-away git repository holding a copy of the spec; the diffs run concurrently. Kinds that
// touch different parts of the spec share one copy (each is checked by its own verdict); the
// changed path, which hides every change under it, has its own.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultComparisons, type GateResult, isMajorBump, specBreakingGate } from "../../scripts/spec-breaking.js";
import { repoRoot, specCopy } from "../support/spec.js";
import { ADDITIVE, BREAKING, type Edit, OPERATION, PATH_CHANGE } from "../support/spec-change-kinds.js";

// The spec's own version (below 1.0), and the versions the cases move it to.
const VERSION = /^ {2}version: (\d+)\.(\d+)\.(\d+)$/m.exec(
  readFileSync(join(repoRoot, "openapi/openapi.yaml"), "utf8"),
);
const [major, minor] = [Number(VERSION?.[1]), Number(VERSION?.[2])];
const V = `${major}.${minor}.${VERSION?.[3]}`;
const NEXT_MAJOR = `${major}.${minor + 1}.0`;
const NEXT_PATCH = `${major}.${minor}.${Number(VERSION?.[3]) + 1}`;

const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();

const copies: ReturnType<typeof specCopy>[] = [];
afterAll(() => {
  for (const copy of copies) copy.cleanup();
});

/** A git repository (branch main) whose one commit holds the spec, and its working tree. */
function repoWithSpec() {
  const copy = specCopy();
  copies.push(copy);
  git(copy.dir, "init", "-q", "-b", "main");
  git(copy.dir, "add", "-A");
  git(copy.dir, "commit", "-q", "-m", "base");
  return copy;
}

/** A git repository (branch main) with one commit and no spec, for the choice of the base. */
function bareRepo() {
  const dir = mkdtempSync(join(tmpdir(), "apinizer-git-"));
  copies.push({ dir, edit: () => {}, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
  git(dir, "init", "-q", "-b", "main");
  commitFile(dir, "first");
  return { dir };
}

const commitFile = (dir: string, text: string) => {
  writeFileSync(join(dir, "note.txt"), text);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", text);
};

/** A repository whose first commit holds the spec, then one commit per step (edits, and a new info.version). */
function repoWithHistory(steps: { edits: Edit[]; version?: string }[]) {
  const copy = repoWithSpec();
  for (const { edits, version } of steps) {
    for (const [file, from, to] of edits) copy.edit(file, from, to);
    if (version) copy.edit("openapi/openapi.yaml", /^ {2}version: .*$/m, `  version: ${version}`);
    git(copy.dir, "commit", "-q", "-a", "-m", `step to ${version ?? "the same version"}`);
  }
  return copy;
}

/** The gate on a repository whose working tree carries `edits` on top of the committed spec. */
function gateWith(edits: Edit[]): Promise<GateResult> {
  const copy = repoWithSpec();
  for (const [file, from, to] of edits) copy.edit(file, from, to);
  return specBreakingGate(copy.dir, "HEAD");
}

let breaking: GateResult;
let pathChange: GateResult;
let additive: GateResult;
let marked: GateResult;
const REMOVED_FIELD = BREAKING[0]?.[1] ?? [];
const SAME_VERSION_NOTE: Edit = [OPERATION, "for good.", "for good (a note)."];
const history: Record<string, GateResult> = {};
beforeAll(async () => {
  const markedRepo = repoWithSpec();
  for (const [file, from, to] of [
    ...REMOVED_FIELD,
    ["openapi/openapi.yaml", `  version: ${V}`, `  version: ${NEXT_MAJOR}`],
  ] as Edit[])
    markedRepo.edit(file, from, to);
  const repos = {
    "a break committed in a series under one version": repoWithHistory([
      { edits: ADDITIVE[0]?.[1] ?? [] },
      { edits: REMOVED_FIELD },
      { edits: [SAME_VERSION_NOTE] },
    ]),
    "a break committed with a minor bump": repoWithHistory([{ edits: REMOVED_FIELD, version: NEXT_PATCH }]),
    "a break committed with a major bump": repoWithHistory([{ edits: REMOVED_FIELD, version: NEXT_MAJOR }]),
    "a version that went down": repoWithHistory([
      { edits: [], version: "1.0.0" },
      { edits: REMOVED_FIELD, version: V },
    ]),
  };
  const gates = Object.entries(repos).map(async ([name, repo]) => {
    history[name] = await specBreakingGate(repo.dir);
  });
  [breaking, pathChange, additive, marked] = await Promise.all([
    gateWith(BREAKING.flatMap((k) => k[1])),
    gateWith(PATH_CHANGE[1]),
    gateWith(ADDITIVE.flatMap((k) => k[1])),
    specBreakingGate(markedRepo.dir),
    ...gates,
  ]);
}, 60_000);

describe("the breaking-change gate", () => {
  it.each([...BREAKING, PATH_CHANGE])("fails on %s", (name, _edits, rule, where) => {
    const result = name === PATH_CHANGE[0] ? pathChange : breaking;
    expect(result.code, result.lines.join("\n")).toBe(1);
    const found = result.breaking.filter((b) => b.rule === rule && where?.test(b.where));
    expect(found, result.lines.join("\n")).not.toEqual([]);
  });

  it.each(ADDITIVE)("passes %s", () => {
    expect(additive.breaking).toEqual([]);
    expect(additive.code, additive.lines.join("\n")).toBe(0);
  });

  it("says so when it passes", () => {
    expect(additive.lines.at(-1)).toMatch(/pass: no breaking change \(0 breaking, [1-9]\d* additive/);
  });

  it("says how to mark an intended break", () => {
    expect(breaking.lines.at(-1)).toContain("a major bump of info.version (a minor one below 1.0)");
  });

  it("passes a breaking change marked by a major version bump, and lists it", () => {
    expect(marked.code, marked.lines.join("\n")).toBe(0);
    expect(marked.lines.join("\n")).toMatch(
      new RegExp(`✖ .*resultCount[\\s\\S]*marked as intended by info.version ${V} → ${NEXT_MAJOR}`),
    );
  });
});

describe("a major version bump", () => {
  it.each([
    ["0.1.0", "0.2.0", true],
    ["0.1.0", "1.0.0", true],
    ["0.1.0", "0.1.1", false],
    ["1.2.3", "2.0.0", true],
    ["1.2.3", "1.3.0", false],
    ["1.2.3", "1.2.3", false],
  ])("%s → %s: %s", (from, to, major) => {
    expect(isMajorBump(from, to)).toBe(major);
  });
});

describe("the default comparisons", () => {
  it("gate every commit since info.version was set, not only the last one (CI on a clean clone of main)", () => {
    const result = history["a break committed in a series under one version"];
    expect(result?.code, result?.lines.join("\n")).toBe(1);
    expect(result?.lines[0]).toMatch(
      new RegExp(`the working spec against [0-9a-f]{12}, the commit that set info.version ${V}`),
    );
    expect(result?.breaking.map((b) => b.rule)).toEqual(["property-removed"]);
  });

  it("fail a break committed with a minor bump", () => {
    const result = history["a break committed with a minor bump"];
    expect(result?.code, result?.lines.join("\n")).toBe(1);
    expect(result?.lines.join("\n")).toContain(`against the version change ${V} → ${NEXT_PATCH}`);
  });

  it("pass a break committed with a major bump, and list it", () => {
    const result = history["a break committed with a major bump"];
    expect(result?.code, result?.lines.join("\n")).toBe(0);
    expect(result?.lines.join("\n")).toMatch(
      new RegExp(`✖ .*resultCount[\\s\\S]*marked as intended by info.version ${V} → ${NEXT_MAJOR}`),
    );
  });

  it("compare with HEAD when the working tree changes the version", () => {
    expect(marked.lines[0]).toContain(`against HEAD (the working tree changes info.version to ${NEXT_MAJOR})`);
  });

  it("do not compare across a version that went down, and say so", () => {
    const result = history["a version that went down"];
    expect(result?.code, result?.lines.join("\n")).toBe(0);
    expect(result?.lines.at(-1)).toMatch(
      new RegExp(`note: info.version went down \\(1.0.0 → ${V.replace(/\./g, "\\.")}\\)`),
    );
  });

  it("are fetched by the gate itself in a shallow clone with a remote (a CI checkout)", async () => {
    const origin = repoWithHistory([{ edits: [SAME_VERSION_NOTE] }]);
    const parent = mkdtempSync(join(tmpdir(), "spec-shallow-"));
    const clone = join(parent, "clone");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${origin.dir}`, clone]);
    try {
      expect(git(clone, "rev-parse", "--is-shallow-repository")).toBe("true");
      const result = await specBreakingGate(clone);
      expect(result.code, result.lines.join("\n")).toBe(0);
      expect(result.lines[0]).toContain("the commit that set info.version");
      expect(git(clone, "rev-parse", "--is-shallow-repository")).toBe("false");
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it("do not exist in a shallow clone without a remote, and the gate says so (exit 2)", async () => {
    const origin = repoWithHistory([{ edits: [SAME_VERSION_NOTE] }]);
    const clone = bareRepo();
    git(clone.dir, "fetch", "-q", "--depth", "1", `file://${origin.dir}`, "main");
    git(clone.dir, "checkout", "-q", "FETCH_HEAD");
    expect(defaultComparisons(clone.dir)).toEqual({ problem: expect.stringContaining("SPEC_BASE") });
    const result = await specBreakingGate(clone.dir);
    expect(result.code).toBe(2);
    expect(result.lines[0]).toContain("a shallow clone");
  });

  it("pass when no commit holds a spec yet: nothing to break", async () => {
    const repo = bareRepo();
    cpSync(join(repoRoot, "openapi"), join(repo.dir, "openapi"), { recursive: true });
    const result = await specBreakingGate(repo.dir);
    expect(result.code).toBe(0);
    expect(result.lines.join("\n")).toContain("nothing to break");
  });
});

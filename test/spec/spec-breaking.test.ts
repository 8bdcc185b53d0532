// The breaking-change gate (`npm run spec:breaking`, test/support/spec-breaking.ts): each kind of
// change that breaks consumers fails it, additive changes pass, an intended break passes only
// with a major version bump, and the default base is chosen as documented. Each case runs on a
// throw-away git repository holding a copy of the spec; the diffs run concurrently. Kinds that
// touch different parts of the spec share one copy (each is checked by its own verdict); the
// changed path, which hides every change under it, has its own.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { specCopy } from "../support/spec.js";
import { defaultBase, type GateResult, isMajorBump, specBreakingGate } from "../support/spec-breaking.js";

const OPERATION = "openapi/paths/apiops_projects_{projectName}_connections_{connectionName}.yaml";
const SCHEMAS = "openapi/components/schemas";
const PARAMETERS = "openapi/components/parameters";

type Edit = [file: string, from: string | RegExp, to: string];
/** A kind of change: its edits, and (for a breaking kind) the rule and the place the gate must name. */
type Kind = [name: string, edits: Edit[], rule?: string, where?: RegExp];

const BREAKING: Kind[] = [
  [
    "a removed response field",
    [[`${SCHEMAS}/StatusEnvelopeSuccess.yaml`, / {2}resultCount:\n(.*\n){2}/, ""]],
    "property-removed",
    /responses\/200\/.*resultCount/,
  ],
  [
    "a removed required field of a oneOf branch",
    [
      [`${SCHEMAS}/StatusEnvelopeFailure.yaml`, "  - resultMessage\n", ""],
      [`${SCHEMAS}/StatusEnvelopeFailure.yaml`, / {2}resultMessage:\n(.*\n){2}/, ""],
    ],
    "property-removed",
    /responses\/400\/.*oneOf\/1\/properties\/resultMessage/,
  ],
  [
    "a response field no longer required",
    [[`${SCHEMAS}/DeleteConnectionResponse.yaml`, "  - deploymentResult\n", ""]],
    "required-properties-removed",
    /responses\/200\/.*oneOf\/0/,
  ],
  ["a removed status", [[OPERATION, / {4}'404':\n.*\n/, ""]], "response-removed", /responses\/404/],
  [
    "a new required parameter",
    [
      [
        OPERATION,
        "  security:\n",
        "  parameters:\n    - name: force\n      in: query\n      required: true\n      schema:\n        type: boolean\n  security:\n",
      ],
    ],
    "parameter-became-required",
    /DELETE parameters/,
  ],
  [
    "a narrowed parameter type",
    [[`${PARAMETERS}/connectionName.yaml`, "  minLength: 1\n", "  minLength: 1\n  maxLength: 64\n"]],
    "schema-constraint-changed",
    /parameters 1\/schema/,
  ],
  [
    "a narrowed parameter enum",
    [[`${PARAMETERS}/projectName.yaml`, "  minLength: 1\n", "  minLength: 1\n  enum:\n    - MyProject\n"]],
    "enum-values-removed",
    /parameters 0\/schema/,
  ],
  [
    "a changed response field type",
    [[`${SCHEMAS}/DeploymentResult.yaml`, "    type: integer\n    format: int64\n", "    type: string\n"]],
    "schema-type-changed",
    /deploymentResult\/properties\/responseTime/,
  ],
  [
    "a widened response enum",
    [[`${SCHEMAS}/StatusEnvelopeSuccess.yaml`, "    const: SUCCESS\n", "    enum:\n      - SUCCESS\n      - DONE\n"]],
    "schema-constraint-changed",
    /responses\/200\/.*oneOf\/1\/properties\/status/,
  ],
];

const PATH_CHANGE: Kind = [
  "a changed path",
  [["openapi/openapi.yaml", "/connections/{connectionName}/:", "/connection/{connectionName}/:"]],
  "path-removed",
  /paths \/apiops\/projects\/\{projectName\}\/connection\/\{connectionName\}\//,
];

const ADDITIVE: Kind[] = [
  [
    "a new optional response field",
    [[`${SCHEMAS}/DeploymentResult.yaml`, "properties:\n", "properties:\n  zone:\n    type: string\n"]],
  ],
  [
    "a new optional query parameter",
    [
      [
        OPERATION,
        "  security:\n",
        "  parameters:\n    - name: dryRun\n      in: query\n      schema:\n        type: boolean\n  security:\n",
      ],
    ],
  ],
  [
    "a new example",
    [
      [
        "openapi/components/responses/BadRequest.yaml",
        "    examples:\n",
        "    examples:\n      emptyName:\n        summary: An empty name (status envelope)\n        value:\n          status: FAILURE\n          resultMessage: projectName value can not be empty!\n",
      ],
    ],
  ],
  [
    "a reworded description",
    [[OPERATION, "Removes one connection from a project, for good.", "Deletes a connection."]],
  ],
  [
    "a new error status",
    [[OPERATION, "    '500':\n", "    '403':\n      $ref: ../components/responses/Unauthorized.yaml\n    '500':\n"]],
  ],
  ["a widened parameter", [[`${PARAMETERS}/projectName.yaml`, "  minLength: 1\n", ""]]],
];

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
beforeAll(async () => {
  [breaking, pathChange, additive, marked] = await Promise.all([
    gateWith(BREAKING.flatMap((k) => k[1])),
    gateWith(PATH_CHANGE[1]),
    gateWith(ADDITIVE.flatMap((k) => k[1])),
    gateWith([...(BREAKING[0]?.[1] ?? []), ["openapi/openapi.yaml", "  version: 0.1.0", "  version: 0.2.0"]]),
  ]);
});

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
    expect(marked.lines.join("\n")).toMatch(/✖ .*resultCount[\s\S]*marked as intended by info.version 0.1.0 → 0.2.0/);
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

describe("the default base", () => {
  it("is HEAD^ on main (a clean clone of main in CI)", () => {
    const repo = bareRepo();
    const first = git(repo.dir, "rev-parse", "HEAD");
    commitFile(repo.dir, "second");
    expect(defaultBase(repo.dir)).toEqual({ rev: first, why: "HEAD^ (HEAD is where main is)" });
  });

  it("is the merge base with main on a branch", () => {
    const repo = bareRepo();
    const fork = git(repo.dir, "rev-parse", "HEAD");
    commitFile(repo.dir, "main moves on");
    git(repo.dir, "checkout", "-q", "-b", "feature", fork);
    commitFile(repo.dir, "on the branch");
    expect(defaultBase(repo.dir)).toEqual({ rev: fork, why: "the merge base with main" });
  });

  it("does not exist in a one-commit clone, and the gate says so (exit 2)", async () => {
    const copy = repoWithSpec();
    expect(defaultBase(copy.dir)).toEqual({ problem: expect.stringContaining("SPEC_BASE") });
    const result = await specBreakingGate(copy.dir);
    expect(result.code).toBe(2);
    expect(result.lines[0]).toContain("name a base with SPEC_BASE=<git rev>");
  });

  it("with no spec in it passes: nothing to break", async () => {
    const copy = repoWithSpec();
    git(copy.dir, "rm", "-q", "-r", "--cached", "openapi");
    git(copy.dir, "commit", "-q", "-m", "no spec");
    const result = await specBreakingGate(copy.dir, "HEAD");
    expect(result.code).toBe(0);
    expect(result.lines.join("\n")).toContain("nothing to break");
  });
});

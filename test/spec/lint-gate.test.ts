// The Redocly lint gate (`npm run lint`) passes the spec and fails on each kind of defect it
// guards. All defective copies are linted by one Redocly process (JSON output, attributed to each
// copy by file path), concurrently with the gate itself: one process start instead of one per case.
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, specCopy, type ToolRun, tool } from "../support/spec.js";

const operation = "openapi/paths/apiops_projects_{projectName}_connections_{connectionName}.yaml";

/** One deliberate defect: which file, what to replace, and the rule that must report it. */
type Defect = [name: string, file: string, from: string | RegExp, to: string, rule: string];

const DEFECTS: Defect[] = [
  ["a removed 401 response", operation, / {4}'401':\n.*\n/, "", "rule/operation-documents-401"],
  [
    "an example that breaks its schema",
    "openapi/components/examples/ConnectionDeleted.yaml",
    "    success: true",
    "    success: 'yes'",
    "no-invalid-media-type-examples",
  ],
  [
    "an error response with its own error schema",
    "openapi/components/responses/ProjectNotFound.yaml",
    "$ref: ../schemas/Error.yaml",
    "type: object",
    "rule/errors-use-shared-error-schemas",
  ],
  [
    "a 500 with its own error schema",
    "openapi/components/responses/ServerError.yaml",
    "$ref: ../schemas/StatusEnvelopeFailure.yaml",
    "type: object",
    "rule/errors-use-shared-error-schemas",
  ],
  [
    "a 401 that describes one envelope only",
    "openapi/components/responses/Unauthorized.yaml",
    "$ref: ../schemas/AnyEnvelopeError.yaml",
    "$ref: ../schemas/StatusEnvelopeFailure.yaml",
    "rule/both-envelopes",
  ],
  [
    "a 200 that describes one envelope only",
    "openapi/components/responses/ConnectionDeleted.yaml",
    "$ref: ../schemas/AnyEnvelopeDeleted.yaml",
    "$ref: ../schemas/DeleteConnectionResponse.yaml",
    "rule/both-envelopes",
  ],
  [
    "a response without an example",
    "openapi/components/responses/Unauthorized.yaml",
    / {4}examples:\n(.*\n)*/,
    "",
    "rule/response-has-example",
  ],
  [
    "a path without its trailing slash",
    "openapi/openapi.yaml",
    "{connectionName}/:",
    "{connectionName}:",
    "rule/path-ends-with-slash",
  ],
  ["an operation without an operationId", operation, "  operationId: deleteConnection\n", "", "operation-operationId"],
];

interface LintResult {
  problems: { ruleId: string; location: { source: { ref: string } }[] }[];
}

/** `redocly lint --format json` over several files prints one JSON document per file, back to back. */
const parseResults = (output: string): LintResult[] =>
  JSON.parse(`[${output.slice(output.indexOf("{")).replace(/\}\s*\{(?=\s*"totals")/g, "},{")}]`);

let gate: ToolRun;
const rulesByCopy = new Map<string, string[]>();

beforeAll(async () => {
  const copies = [undefined, ...DEFECTS].map((defect) => {
    const copy = specCopy();
    if (defect) copy.edit(defect[1], defect[2], defect[3]);
    return { name: defect?.[0] ?? "no defect", copy };
  });
  try {
    const roots = copies.map(({ copy }) => `${copy.dir}/openapi/openapi.yaml`);
    const args = ["lint", "--config", `${repoRoot}/redocly.yaml`, "--format", "json", ...roots];
    const [committed, batch] = await Promise.all([tool("redocly", ["lint"]), tool("redocly", args)]);
    gate = committed;
    const problems = parseResults(batch.stdout).flatMap((r) => r.problems);
    for (const { name, copy } of copies) {
      const inCopy = problems.filter((p) => p.location.some((l) => l.source.ref.includes(copy.dir.slice(1))));
      rulesByCopy.set(
        name,
        inCopy.map((p) => p.ruleId),
      );
    }
  } finally {
    for (const { copy } of copies) copy.cleanup();
  }
});

describe("the Redocly lint gate", () => {
  it("passes the spec as committed", () => {
    expect(gate.output).toContain("Your API description is valid");
    expect(gate.code).toBe(0);
  });

  it("passes an unchanged copy (so each failure below is its defect's)", () => {
    expect(rulesByCopy.get("no defect")).toEqual([]);
  });

  it.each(DEFECTS)("fails on %s", (name, _file, _from, _to, rule) => {
    expect(rulesByCopy.get(name)).toContain(rule);
  });
});

// The Redocly lint gate (`npm run lint`) passes the spec and fails on each kind of defect it
// guards. The committed spec and every defective copy are linted by one Redocly process with the
// gate's config (JSON output, one document per root, in order): one process start instead of one
// per case.
import { basename } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot, specCopy, tool } from "../support/spec.js";

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

const rulesByCopy = new Map<string, string[]>();

beforeAll(async () => {
  const copies = DEFECTS.map(([name, file, from, to]) => {
    const copy = specCopy();
    copy.edit(file, from, to);
    return { name, dir: copy.dir, cleanup: copy.cleanup };
  });
  // The committed spec itself is linted in the same run, as `npm run lint` lints it (same config).
  const all = [{ name: "committed", dir: repoRoot, cleanup: () => {} }, ...copies];
  try {
    const roots = all.map(({ dir }) => `${dir}/openapi/openapi.yaml`);
    const run = await tool("redocly", ["lint", "--config", `${repoRoot}/redocly.yaml`, "--format", "json", ...roots]);
    const results = parseResults(run.stdout);
    expect(results, run.output).toHaveLength(all.length);
    // One JSON document per root, in order; a copy's problems point into that copy.
    all.forEach(({ name, dir }, i) => {
      const problems = results[i]?.problems ?? [];
      const elsewhere = problems.filter(
        (p) => dir !== repoRoot && !p.location.some((l) => l.source.ref.includes(basename(dir))),
      );
      expect(elsewhere, name).toEqual([]);
      rulesByCopy.set(
        name,
        problems.map((p) => p.ruleId),
      );
    });
  } finally {
    for (const { cleanup } of copies) cleanup();
  }
}, 60_000);

describe("the Redocly lint gate", () => {
  it("passes the spec as committed (so each failure below is its defect's)", () => {
    expect(rulesByCopy.get("committed")).toEqual([]);
  });

  it.each(DEFECTS)("fails on %s", (name, _file, _from, _to, rule) => {
    expect(rulesByCopy.get(name)).toContain(rule);
  });
});

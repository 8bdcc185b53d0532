import { describe, expect, it } from "vitest";
import { specCopy, tool } from "../support/spec.js";

const operation = "openapi/paths/apiops_projects_{projectName}_connections_{connectionName}.yaml";

/** Lints a copy of the spec after one deliberate defect. */
async function lintWithDefect(file: string, from: string | RegExp, to: string) {
  const copy = specCopy();
  try {
    copy.edit(file, from, to);
    return await tool("redocly", ["lint"], copy.dir);
  } finally {
    copy.cleanup();
  }
}

describe("the Redocly lint gate", () => {
  it("passes the spec as committed", async () => {
    const result = await tool("redocly", ["lint"]);
    expect(result.output).toContain("Your API description is valid");
    expect(result.code).toBe(0);
  });

  it.each([
    ["a removed 401 response", operation, / {4}'401':\n.*\n/, "", "rule/operation-documents-401"],
    [
      "an example that breaks its schema",
      "openapi/components/examples/ConnectionDeleted.yaml",
      "    success: true",
      "    success: 'yes'",
      "no-invalid-media-type-examples",
    ],
    [
      "a 4xx response with its own error schema",
      "openapi/components/responses/ProjectNotFound.yaml",
      "$ref: ../schemas/Error.yaml",
      "type: object",
      "rule/4xx-uses-shared-error-schema",
    ],
    [
      "a response without an example",
      "openapi/components/responses/Unauthorized.yaml",
      / {4}examples:\n.*\n.*\n/,
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
    [
      "an operation without an operationId",
      operation,
      "  operationId: deleteConnection\n",
      "",
      "operation-operationId",
    ],
  ])("fails on %s", async (_defect, file, from, to, rule) => {
    const result = await lintWithDefect(file, from, to);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(rule);
  });
});

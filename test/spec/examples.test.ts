import { beforeAll, describe, expect, it } from "vitest";
import { examplesOf, exampleViolations } from "../support/examples.js";
import { bundledSpec, type Spec } from "../support/spec.js";

let spec: Spec;
beforeAll(async () => {
  spec = await bundledSpec();
});

describe("examples in the spec", () => {
  it("exist for every documented status", () => {
    const statuses = new Set(examplesOf(spec).map((e) => e.where.split(" ")[2]));
    expect([...statuses].sort()).toEqual(["200", "400", "401", "404"]);
  });

  it("all conform to their schemas", () => {
    expect(exampleViolations(spec)).toEqual([]);
  });

  it("are reported when one breaks its schema", () => {
    const broken = structuredClone(spec);
    const media =
      broken.paths["/apiops/projects/{projectName}/connections/{connectionName}/"].delete.responses["200"].content[
        "application/json"
      ];
    media.examples.deleted.value.deploymentResult = { success: "yes" };
    const violations = exampleViolations(broken);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.where).toContain("200 application/json examples.deleted");
    expect(violations[0]?.errors).toContain("deploymentResult/success must be boolean");
  });

  it("are reported when an error example lacks a required field", () => {
    const broken = structuredClone(spec);
    const media =
      broken.paths["/apiops/projects/{projectName}/connections/{connectionName}/"].delete.responses["401"].content[
        "application/json"
      ];
    delete media.examples.invalidToken.value.error_description;
    expect(exampleViolations(broken).map((v) => v.errors)).toEqual([
      "data must have required property 'error_description'",
    ]);
  });
});

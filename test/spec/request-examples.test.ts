// Request examples paired with response examples by name, as example-driven tools (Specmatic,
// Prism's `Prefer: example=`) read them: each path parameter has an example of every name a
// response example has, and no other.
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE_PATH, namedExamples } from "../support/example-runs.js";
import { bundledSpec, type Spec } from "../support/spec.js";

let spec: Spec;
beforeAll(async () => {
  spec = await bundledSpec();
});

describe("the request examples on the path parameters", () => {
  it("pair with the response examples one to one, by name", () => {
    const responseNames = namedExamples(spec).map((e) => e.name);
    expect(responseNames.length).toBeGreaterThan(0);
    for (const parameter of spec["paths"][DELETE_PATH].parameters as Spec[]) {
      expect(Object.keys(parameter["examples"] ?? {}).sort(), parameter["name"]).toEqual([...responseNames].sort());
    }
  });

  it("say which envelope they ask an answer of, as their response examples do", () => {
    for (const parameter of spec["paths"][DELETE_PATH].parameters as Spec[]) {
      for (const example of namedExamples(spec)) {
        expect(parameter["examples"][example.name].summary).toMatch(new RegExp(`\\(${example.envelope} envelope\\)$`));
      }
    }
  });
});

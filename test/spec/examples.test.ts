// Every example in the spec conforms to its schema (ajv, JSON Schema 2020-12) and belongs to
// exactly one envelope; the statuses both envelopes answer carry examples of both.
import { beforeAll, describe, expect, it } from "vitest";
import { ENVELOPES, type Envelope } from "../../src/rules/envelope.js";
import { envelopeView } from "../support/envelope-view.js";
import { examplesOf, exampleViolations, openApiAjv, validate } from "../support/examples.js";
import { bundledSpec, type Spec } from "../support/spec.js";

const PATH = "/apiops/projects/{projectName}/connections/{connectionName}/";
const responses = (spec: Spec) => spec["paths"][PATH].delete.responses;
const media = (spec: Spec, status: string) => responses(spec)[status].content["application/json"];

let spec: Spec;
let perStatus: Record<string, string[]>;
beforeAll(async () => {
  spec = await bundledSpec();
  perStatus = envelopesPerStatus(spec);
});

/** For each example (by `where`), the envelopes whose view of the spec accepts it. */
function envelopesOfExamples(doc: Spec): Map<string, Envelope[]> {
  const ajv = openApiAjv();
  const found = new Map<string, Envelope[]>(examplesOf(doc).map((e) => [e.where, []]));
  for (const envelope of ENVELOPES) {
    for (const example of examplesOf(envelopeView(doc, envelope))) {
      if (validate(ajv, example.schema, example.value) === undefined) found.get(example.where)?.push(envelope);
    }
  }
  return found;
}

/** Delete Connection's status -> the envelopes its examples show, e.g. { "200": ["success", "status"] }. */
function envelopesPerStatus(doc: Spec): Record<string, string[]> {
  const perStatus: Record<string, Set<string>> = {};
  for (const [where, envelopes] of envelopesOfExamples(doc)) {
    if (!where.startsWith(`DELETE ${PATH} `)) continue;
    const status = where.split(" ")[2] ?? "";
    perStatus[status] = new Set([...(perStatus[status] ?? []), ...envelopes]);
  }
  return Object.fromEntries(Object.entries(perStatus).map(([s, set]) => [s, [...set].sort()]));
}

describe("examples in the spec", () => {
  it("all conform to their schemas", () => {
    expect(exampleViolations(spec)).toEqual([]);
  });

  it("each belong to exactly one envelope", () => {
    const ambiguous = [...envelopesOfExamples(spec)].filter(([, envelopes]) => envelopes.length !== 1);
    expect(ambiguous).toEqual([]);
  });

  it("show both envelopes for 200, 400 and 401, one for 404 and 500", () => {
    expect(perStatus).toEqual({
      "200": ["status", "success"],
      "400": ["status", "success"],
      "401": ["status", "success"],
      "404": ["success"],
      "500": ["status"],
    });
  });

  it("sit under responses whose descriptions name the envelopes that answer them", () => {
    for (const [status, envelopes] of Object.entries(perStatus)) {
      const description = responses(spec)[status].description as string;
      for (const envelope of envelopes) expect(description, status).toContain(`\`${envelope}\` envelope`);
    }
  });

  it("are reported when one breaks its schema", () => {
    const broken = structuredClone(spec);
    media(broken, "200").examples.deleted.value.deploymentResult = { success: "yes" };
    const violations = exampleViolations(broken);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.where).toContain("200 application/json examples.deleted");
    expect(violations[0]?.errors).toContain("deploymentResult/success must be boolean");
  });

  it("are reported when an error example lacks a required field", () => {
    const broken = structuredClone(spec);
    delete media(broken, "401").examples.invalidToken.value.error_description;
    expect(exampleViolations(broken).map((v) => v.errors)).toEqual([
      expect.stringContaining("data must have required property 'error_description'"),
    ]);
  });

  it("are reported when a status-envelope example says `success` in lower case", () => {
    const broken = structuredClone(spec);
    media(broken, "200").examples.deletedStatus.value.status = "success";
    expect(exampleViolations(broken).map((v) => v.where)).toEqual([expect.stringContaining("examples.deletedStatus")]);
  });

  it("are reported when an example mixes both envelopes", () => {
    const broken = structuredClone(spec);
    media(broken, "400").examples.connectionNotFound.value.status = "FAILURE";
    media(broken, "400").examples.connectionNotFound.value.resultMessage = "mixed";
    expect(exampleViolations(broken).map((v) => v.errors)).toEqual([expect.stringContaining("must match exactly one")]);
  });

  it("are reported when a response loses one envelope", () => {
    const broken = structuredClone(spec);
    media(broken, "401").schema = media(broken, "404").schema;
    expect(exampleViolations(broken)).toHaveLength(3);
    expect(envelopesPerStatus(broken)["401"]).toEqual(["success"]);
  });

  it("are reported with an out-of-range int64", () => {
    const broken = structuredClone(spec);
    media(broken, "200").examples.deletedStatus.value.deploymentResult.responseTime = 2 ** 64;
    expect(exampleViolations(broken).map((v) => v.errors)).toEqual([
      expect.stringContaining('responseTime must match format "int64"'),
    ]);
  });
});

// The committed contracts, bound to the spec (bi-directional): every pact in contracts/ is
// compared with its provider's envelope's view of the spec. That they are current and hold no
// secret: current.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ENVELOPES, type Envelope } from "../../src/rules/envelope.js";
import { pactFile } from "../consumer/pact.js";
import { envelopeView } from "../support/envelope-view.js";
import { type CommittedPact, committedPacts, comparatorErrors, derivedPact } from "../support/pacts.js";
import { bundledSpec, repoRoot, type Spec } from "../support/spec.js";

const committedPath = join(repoRoot, "contracts", pactFile);
const committed = JSON.parse(readFileSync(committedPath, "utf8")) as Spec;

describe(`contracts/${pactFile}`, () => {
  it("records every documented outcome, each from a provider state", () => {
    const outcomes = committed.interactions.map((i: Spec) => [
      i.response.status,
      i.providerStates.map((s: Spec) => s.name),
    ]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        [200, ["the connection exists in the project"]],
        [400, ["the connection does not exist in the project"]],
        [401, ["the connection exists but the request carries an invalid token"]],
        [404, ["the project does not exist"]],
      ]),
    );
  });

  it("gives each interaction one provider state of its own (pact-stub-server picks an interaction by it)", () => {
    for (const { pact } of committedPacts()) {
      const states = pact["interactions"].map((i: Spec) => i.providerStates.map((s: Spec) => s.name));
      for (const names of states) expect(names).toHaveLength(1);
      expect(new Set(states.flat()).size).toBe(states.length);
    }
  });

  it("takes the names in every request path from the provider state", () => {
    for (const interaction of committed.interactions) {
      expect(interaction.request.generators.path).toEqual({
        type: "ProviderState",
        expression: "/apiops/projects/${projectName}/connections/${connectionName}/",
      });
      expect(interaction.request.matchingRules.path.matchers).toEqual([
        { match: "regex", regex: "^/apiops/projects/[^/]+/connections/[^/]+/$" },
      ]);
    }
  });
});

const PATH = "/apiops/projects/{projectName}/connections/{connectionName}/";
const pacts = committedPacts();
let spec: Spec;
beforeAll(async () => {
  spec = await bundledSpec();
});

describe.each(pacts)("contracts/$file", ({ pact, envelope }: CommittedPact) => {
  it("is a pact of a provider this project knows (one per envelope)", () => {
    expect(envelope, `provider ${pact["provider"]?.name}`).toBeDefined();
  });

  it("conforms to its envelope's view of openapi/openapi.yaml", async () => {
    expect(await comparatorErrors(pact, envelopeView(spec, envelope ?? "success"))).toEqual([]);
  });
});

/** The pact an envelope's defect tests start from: its committed pact, else one derived from another. */
function basePact(envelope: Envelope): { pact: Spec; source: string } {
  const own = pacts.find((p) => p.envelope === envelope);
  if (own) return { pact: own.pact, source: `contracts/${own.file}` };
  const other = pacts.find((p) => p.envelope !== undefined);
  if (!other) throw new Error("contracts/ holds no pact of a known provider");
  return { pact: derivedPact(other.pact, envelope, spec), source: `derived from contracts/${other.file}` };
}

type Defect = [name: string, envelope: Envelope, status: number, change: (interaction: Spec) => void, code: string];
const body = (i: Spec) => i["response"].body.content;

const DEFECTS: Defect[] = [
  [
    "a status the spec does not document",
    "success",
    200,
    (i) => (i["response"].status = 204),
    "response.status.unknown",
  ],
  [
    "a path without its trailing slash",
    "success",
    200,
    (i) => (i["request"].path = i["request"].path.replace(/\/$/, "")),
    "request.path-or-method.unknown",
  ],
  [
    "a field of the wrong type",
    "success",
    200,
    (i) => (body(i).deploymentResult.success = "true"),
    "response.body.incompatible",
  ],
  ["an error code that is not a string", "success", 404, (i) => (body(i).error = 404), "response.body.incompatible"],
  ["another method", "success", 401, (i) => (i["request"].method = "PUT"), "request.path-or-method.unknown"],
  [
    "a body in the other envelope",
    "success",
    200,
    (i) => (i["response"].body.content = { status: "SUCCESS" }),
    "response.body.incompatible",
  ],
  [
    "a 500, which only the status envelope answers",
    "success",
    401,
    (i) => (i["response"].status = 500),
    "response.status.unknown",
  ],
  ['"success" in lower case', "status", 200, (i) => (body(i).status = "success"), "response.body.incompatible"],
  ["a 404 for a missing project", "status", 400, (i) => (i["response"].status = 404), "response.status.unknown"],
  ["FAILURE on a 200", "status", 200, (i) => (body(i).status = "FAILURE"), "response.body.incompatible"],
  [
    "a resultMessage that is not a string",
    "status",
    401,
    (i) => (body(i).resultMessage = 401),
    "response.body.incompatible",
  ],
  [
    "a body in the other envelope",
    "status",
    400,
    (i) => (i["response"].body.content = { error: "bad_request", error_description: "x" }),
    "response.body.incompatible",
  ],
  [
    "a path without its trailing slash",
    "status",
    401,
    (i) => (i["request"].path = i["request"].path.replace(/\/$/, "")),
    "request.path-or-method.unknown",
  ],
];

/** Which pact an envelope's defect cases start from, for the test names. */
const sourceName = (envelope: Envelope) =>
  pacts.some((p) => p.envelope === envelope)
    ? "its committed pact"
    : "a pact derived from another envelope's (its own is not committed yet)";

describe.each(ENVELOPES.map((e) => [e, sourceName(e)]))(
  "the comparison of a %s-envelope pact (%s) with the spec",
  (envelope) => {
    it.each(DEFECTS.filter((d) => d[1] === envelope))(
      "reports an interaction with %s",
      async (_n, _e, status, change, code) => {
        const { pact, source } = basePact(envelope);
        expect(await comparatorErrors(pact, envelopeView(spec, envelope)), source).toEqual([]);
        const broken = structuredClone(pact);
        const interaction = broken["interactions"].find((i: Spec) => i["response"].status === status);
        expect(interaction, `${source} has a ${status} interaction`).toBeDefined();
        change(interaction);
        const errors = await comparatorErrors(broken, envelopeView(spec, envelope));
        expect(errors.length, source).toBeGreaterThan(0);
        expect(
          errors.filter((e) => !e.startsWith(`${code}:`)),
          source,
        ).toEqual([]);
      },
    );

    it("reports the pact once the spec drops a status it relies on", async () => {
      const { pact } = basePact(envelope);
      const oas = structuredClone(spec);
      delete oas["paths"][PATH].delete.responses["401"];
      expect(await comparatorErrors(pact, envelopeView(oas, envelope))).toContainEqual(
        expect.stringContaining("response.status.unknown"),
      );
    });
  },
);

// The committed contract: current, bound to the spec (bi-directional), and free of secrets.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as comparator from "@pactflow/openapi-pact-comparator";
import { beforeAll, describe, expect, it } from "vitest";
import { PACT_FILES, pactDir, pactFile } from "../consumer/pact.js";
import { bundledSpec, repoRoot, type Spec } from "../support/spec.js";

const committedPath = join(repoRoot, "contracts", pactFile);
const committed = JSON.parse(readFileSync(committedPath, "utf8")) as Spec;

// The package's .d.ts re-exports without file extensions, which NodeNext resolution cannot follow.
interface Finding {
  type: "error" | "warning" | "info";
  code: string;
  message: string;
}
const { Comparator } = comparator as unknown as {
  Comparator: new (options: { oas: unknown }) => { compare(pact: unknown): AsyncIterable<Finding> };
};

let spec: Spec;
beforeAll(async () => {
  spec = await bundledSpec();
});

/** Every finding of the comparator for a pact, against the spec (or a given copy of it). */
async function findings(pact: Spec, oas: Spec = spec) {
  const results: Finding[] = [];
  for await (const result of new Comparator({ oas }).compare(pact)) results.push(result);
  return results;
}
const errors = async (pact: Spec, oas?: Spec) =>
  (await findings(pact, oas)).filter((r) => r.type === "error").map((r) => `${r.code}: ${r.message}`);

/** A copy of the committed pact with one interaction changed. */
function withDefect(description: RegExp, change: (interaction: Spec) => void): Spec {
  const pact = structuredClone(committed);
  const interaction = pact.interactions.find((i: Spec) => description.test(i.description));
  change(interaction);
  return pact;
}

describe(`contracts/${pactFile}`, () => {
  it("records every documented outcome, each from a provider state", () => {
    const outcomes = committed.interactions.map((i: Spec) => [
      i.response.status,
      i.providerStates.map((s: Spec) => s.name),
    ]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        [200, ["connection {connectionName} exists in project {projectName}"]],
        [400, ["connection {connectionName} does not exist in project {projectName}"]],
        [401, ["connection {connectionName} exists in project {projectName}", "the request carries an invalid token"]],
        [404, ["project {projectName} does not exist"]],
      ]),
    );
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

  it("conforms to openapi/openapi.yaml", async () => {
    expect(await errors(committed)).toEqual([]);
  });

  it.each([
    [
      "a status the spec does not document",
      /existing connection$/,
      (i: Spec) => (i.response.status = 204),
      "response.status.unknown",
    ],
    [
      "a path without its trailing slash",
      /existing connection$/,
      (i: Spec) => (i.request.path = i.request.path.replace(/\/$/, "")),
      "request.path-or-method.unknown",
    ],
    [
      "a field of the wrong type",
      /existing connection$/,
      (i: Spec) => (i.response.body.content.deploymentResult.success = "true"),
      "response.body.incompatible",
    ],
    [
      "an error code that is not a string",
      /project that does not exist$/,
      (i: Spec) => (i.response.body.content.error = 404),
      "response.body.incompatible",
    ],
    ["another method", /invalid token$/, (i: Spec) => (i.request.method = "GET"), "request.path-or-method.unknown"],
  ])("reports an interaction with %s", async (_defect, description, change, code) => {
    expect(await errors(withDefect(description, change))).toEqual([expect.stringContaining(code)]);
  });

  it("reports the contract once the spec drops a status it relies on", async () => {
    const oas = structuredClone(spec);
    delete oas.paths["/apiops/projects/{projectName}/connections/{connectionName}/"].delete.responses["404"];
    expect(await errors(committed, oas)).toEqual([expect.stringContaining("response.status.unknown")]);
  });
});

// Both committed pacts (one per envelope's provider): current, and free of secrets.
for (const file of Object.values(PACT_FILES)) {
  describe(`contracts/${file}`, () => {
    const path = join(repoRoot, "contracts", file);

    it("is what the consumer tests produce (regenerate with `npm run contracts`)", () => {
      const produced = join(pactDir, file);
      expect(existsSync(produced), "run the consumer tests first: npm run test:consumer").toBe(true);
      expect(existsSync(path), "commit it: npm run contracts").toBe(true);
      expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(JSON.parse(readFileSync(produced, "utf8")));
    });

    it("holds no real or real-looking secret", () => {
      const text = readFileSync(path, "utf8");
      const authorizations = [...text.matchAll(/"(?:authorization|Authorization)": \[?\s*"([^"]*)"/g)].map((m) => m[1]);
      expect(authorizations.length).toBeGreaterThan(0);
      expect(new Set(authorizations)).toEqual(new Set(["Bearer EXAMPLE_TOKEN"]));
      expect(text).not.toMatch(/test-[0-9a-f]{8}-/); // the consumer tests' per-run token
      expect(text).not.toMatch(/guard-token/);
    });
  });
}

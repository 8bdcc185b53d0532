// Pact files and the contract-vs-spec comparator (@pactflow/openapi-pact-comparator), for tests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as comparator from "@pactflow/openapi-pact-comparator";
import { envelopeOfProvider, PROVIDERS } from "../../src/rules/contract.js";
import type { Envelope } from "../../src/rules/envelope.js";
import { envelopeView } from "./envelope-view.js";
import { examplesOf, openApiAjv, validate } from "./examples.js";
import { repoRoot, type Spec } from "./spec.js";

/** A committed pact: its file name (in contracts/), its content, and the envelope its provider speaks. */
export interface CommittedPact {
  file: string;
  pact: Spec;
  envelope: Envelope | undefined;
}

/** Every pact file in contracts/, whatever its name. */
export function committedPacts(dir = join(repoRoot, "contracts")): CommittedPact[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const pact = JSON.parse(readFileSync(join(dir, file), "utf8")) as Spec;
      return { file, pact, envelope: envelopeOfProvider(pact["provider"]?.name ?? "") };
    });
}

// The package's .d.ts re-exports without file extensions, which NodeNext resolution cannot follow.
interface Finding {
  type: "error" | "warning" | "info";
  code: string;
  message: string;
}
const { Comparator } = comparator as unknown as {
  Comparator: new (options: { oas: unknown }) => { compare(pact: unknown): AsyncIterable<Finding> };
};

/** The comparator's errors for a pact against an OpenAPI document, as `code: message`. */
export async function comparatorErrors(pact: Spec, oas: Spec): Promise<string[]> {
  const errors: string[] = [];
  for await (const r of new Comparator({ oas }).compare(pact)) {
    if (r.type === "error") errors.push(`${r.code}: ${r.message}`);
  }
  return errors;
}

/**
 * A stand-in pact for an envelope whose pact is not committed yet: the other envelope's pact with
 * its provider renamed and each response body replaced by the spec's first example of that status
 * in this envelope (its body matchers dropped); interactions with a status this envelope never
 * answers are left out. Lets the defect tests of an envelope run before its pact exists.
 */
export function derivedPact(from: Spec, envelope: Envelope, spec: Spec): Spec {
  const view = envelopeView(spec, envelope);
  const ajv = openApiAjv();
  const examples = examplesOf(view).filter((e) => validate(ajv, e.schema, e.value) === undefined);
  const pact = structuredClone(from);
  pact["provider"] = { name: PROVIDERS[envelope] };
  pact["interactions"] = pact["interactions"].flatMap((interaction: Spec) => {
    const example = examples.find((e) => e.status === String(interaction["response"].status));
    if (!example) return [];
    interaction["response"].body.content = structuredClone(example.value);
    delete interaction["response"].matchingRules?.body;
    return [interaction];
  });
  return pact;
}

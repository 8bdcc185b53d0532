// The consumer tests' Pact setup: where they write, the participants, and the request path they
// all share. One provider (and one pact file) per envelope: contracts/<consumer>-<provider>.json;
// `npm run contracts` copies both there.
import { resolve } from "node:path";
import { MatchersV3, PactV4, SpecificationVersion } from "@pact-foundation/pact";
import { CONSUMER as consumer, type PathNames, PROVIDERS } from "../../src/rules/contract.js";
import type { Envelope } from "../../src/rules/envelope.js";

export { consumer };
export const pactDir = resolve(import.meta.dirname, "../../build/pacts");

/** The pact file of each envelope's provider. */
export const PACT_FILES = {
  success: `${consumer}-${PROVIDERS.success}.json`,
  status: `${consumer}-${PROVIDERS.status}.json`,
} as const satisfies Record<Envelope, string>;

/** The success envelope's pact file (the seed page's contract). */
export const pactFile = PACT_FILES.success;

/** A Pact for one envelope's provider, written to `dir` (build/pacts unless a test gives a throw-away folder). */
export function pactFor(envelope: Envelope, dir = pactDir, logLevel: "warn" | "error" = "warn"): PactV4 {
  return new PactV4({
    consumer,
    provider: PROVIDERS[envelope],
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel,
  });
}

/**
 * The Delete Connection path, its names injected from the provider state. Pact's own
 * `fromProviderState` matches the path by type only, so the mock server would accept any path
 * (one without its trailing slash too); this keeps the generator and matches the shape instead.
 */
export function deletePath({ projectName, connectionName }: PathNames): MatchersV3.Matcher<string> {
  return {
    ...MatchersV3.fromProviderState(
      "/apiops/projects/${projectName}/connections/${connectionName}/",
      `/apiops/projects/${projectName}/connections/${connectionName}/`,
    ),
    "pact:matcher:type": "regex",
    regex: "^/apiops/projects/[^/]+/connections/[^/]+/$",
  } as MatchersV3.Matcher<string>;
}

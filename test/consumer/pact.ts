// The consumer tests' Pact setup: where they write, the participants' names, and the request
// path they all share. The committed contract is contracts/<consumer>-<provider>.json;
// `npm run contracts` copies it there.
import { resolve } from "node:path";
import { MatchersV3 } from "@pact-foundation/pact";
import { CONSUMER as consumer, type PathNames, PROVIDERS } from "../../src/rules/contract.js";

const provider = PROVIDERS.success;

// The participants as `verify` names them (it verifies only pacts whose provider is PROVIDER).
export { consumer, provider };
export const pactDir = resolve(import.meta.dirname, "../../build/pacts");
export const pactFile = `${consumer}-${provider}.json`;

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

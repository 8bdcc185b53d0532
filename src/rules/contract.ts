// The contract's vocabulary: the participants, the provider states and the names they carry.
// The consumer tests record these; verify makes them true. One list, so a state cannot be
// recorded under one name and handled under another.
import type { Envelope } from "./envelope.js";

/** The consumer: this package's client. */
export const CONSUMER = "apinizer-connections";

/**
 * The provider, one per envelope. A server speaks one envelope, so to a Pact Broker the two are
 * two providers: each pact holds what the client needs from a server of that kind, and each is
 * verified (and its results published) only against servers of that kind.
 */
export const PROVIDERS = {
  success: "apinizer-management-api",
  status: "apinizer-management-api-status",
} as const satisfies Record<Envelope, string>;

export type ProviderName = (typeof PROVIDERS)[Envelope];

/** The envelope a provider name stands for; undefined for a provider this project does not know. */
export function envelopeOfProvider(provider: string): Envelope | undefined {
  return provider === PROVIDERS.success ? "success" : provider === PROVIDERS.status ? "status" : undefined;
}

/**
 * Provider states, one per interaction: each names the whole situation, so no two interactions
 * share a state. Every state carries the parameters `projectName` and `connectionName`: verify's
 * handler returns them and the contract injects them into the request path (`fromProviderState`).
 *
 * The names are also how consumer teams pick an interaction from pact-stub-server, which reads
 * its `X-Pact-State` header as an unanchored regular expression over state names: so no name
 * holds a regex metacharacter (`{projectName}` made its worker crash) and none contains another,
 * and a name sent as it is reaches exactly its own interaction (docs/pipeline.md).
 */
export const STATES = {
  connectionExists: "the connection exists in the project",
  connectionExistsInOtherCase: "the connection exists under a name that differs only in letter case",
  connectionMissing: "the connection does not exist in the project",
  projectMissing: "the project does not exist",
  tokenInvalid: "the connection exists but the request carries an invalid token",
  permissionMissing: "the connection exists but the token lacks the CONNECTIONS MANAGE permission in the project",
} as const;

export type StateKey = keyof typeof STATES;
export type StateName = (typeof STATES)[StateKey];

/** The names a state handler returns, injected into the request path by the verifier. */
export interface PathNames {
  readonly projectName: string;
  readonly connectionName: string;
}

/** The seed page's own names, used only as the contract's examples (verification injects its fixtures' names). */
export const EXAMPLE_NAMES: PathNames = { projectName: "MyProject", connectionName: "my-email-connection" };

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
 * Provider states. Placeholders name the parameters a state carries; verify's handler returns
 * them and the contract injects them into the request path (`fromProviderState`).
 */
export const STATES = {
  connectionExists: "connection {connectionName} exists in project {projectName}",
  connectionExistsInOtherCase:
    "connection {connectionName} exists in project {projectName} under a name that differs only in letter case",
  connectionMissing: "connection {connectionName} does not exist in project {projectName}",
  projectMissing: "project {projectName} does not exist",
  tokenInvalid: "the request carries an invalid token",
  permissionMissing: "the token lacks the CONNECTIONS MANAGE permission in project {projectName}",
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

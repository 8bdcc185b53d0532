// Provider states: the one list shared by the consumer tests that record them and the
// verifier that makes them true. Placeholders name the parameters each state carries; the
// verifier's handler returns those parameters, and the contract injects them into the path.
export const states = {
  connectionExists: "connection {connectionName} exists in project {projectName}",
  connectionExistsInOtherCase:
    "connection {connectionName} exists in project {projectName} under a name that differs only in letter case",
  connectionMissing: "connection {connectionName} does not exist in project {projectName}",
  projectMissing: "project {projectName} does not exist",
  tokenInvalid: "the request carries an invalid token",
} as const;

/** The names a state handler returns, injected into the request path by `fromProviderState`. */
export interface PathNames {
  projectName: string;
  connectionName: string;
}

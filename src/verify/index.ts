// verify's one door: its programmatic API (types in api.ts). The CLI is its only caller in this
// package and imports nothing else of this folder; nothing here reads argv, the environment or
// the terminal. Inside, by job:
//   run.ts → session.ts → engine.ts   a run, in the order it happens (run.ts says more)
//   states, outcome, pacts, report    provider states, verdicts and steps not done, pact files,
//                                     what a run says
//   cleanup.ts                        the cleanup command
//   broker/    the Pact Broker: HTTP and retries (client), the pacts to verify, publishing results
//   native/    the native Pact verifier's plumbing: child process, harness, safety gate, forward
//   server/    the server side: HTTP, fixture calls (through the client), fixture ledger, pre-flight,
//              targets, List for cleanup
//   checks/    checks beyond the pacts: conformance to the spec, the names property check
//   drift/     the drift command: the server's own OpenAPI against this project's spec
import type {
  CleanupOptions,
  CleanupReport,
  DriftOptions,
  DriftReport,
  VerificationReport,
  VerifyOptions,
} from "./api.js";
import { cleanupProject } from "./cleanup.js";
import { driftOf } from "./drift/index.js";
import { runVerification } from "./run.js";

export type * from "./api.js";
export { formatInteraction, formatJUnit, formatReport, reportOfProblem, summaryLine } from "./report.js";

/**
 * Verifies the pacts against the target (see VerifyOptions); resolves with the report. Never
 * throws for anything the server, the broker or the pacts do; every fixture it creates is
 * removed before it resolves (or listed in `fixturesLeft` with the command that removes it).
 */
export function verify(options: VerifyOptions): Promise<VerificationReport> {
  return runVerification(options);
}

/** Finds and removes this tool's own fixtures in a project (by name prefix and description marker). */
export function cleanup(options: CleanupOptions): Promise<CleanupReport> {
  return cleanupProject(options);
}

/** Compares the server's own OpenAPI description of Delete Connection with this project's spec. */
export function drift(options: DriftOptions): Promise<DriftReport> {
  return driftOf(options);
}

// Small rules the CLI shows or checks before a run: the names check's limit, the fixture prefix, run ids.
export { MAX_NAMES } from "./checks/names.js";
export { formatCleanup } from "./cleanup.js";
export { formatDrift } from "./drift/index.js";
export { FIXTURE_PREFIX } from "./server/admin.js";
export { isRunId, newRunId } from "./server/fixtures.js";

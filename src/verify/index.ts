// verify's programmatic API (types in api.ts). The CLI is its only caller in this package;
// nothing here reads argv, the environment or the terminal.
import type {
  CleanupOptions,
  CleanupReport,
  DriftOptions,
  DriftReport,
  VerificationReport,
  VerifyOptions,
} from "./api.js";
import { cleanupProject } from "./cleanup.js";
import { driftOf } from "./drift.js";
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

export { formatCleanup } from "./cleanup.js";
export { formatDrift } from "./drift.js";

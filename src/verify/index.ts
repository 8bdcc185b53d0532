// verify's programmatic API (see api.ts for the types). The CLI is its only caller in this
// package; nothing here reads argv, the environment or the terminal.
import type {
  CleanupOptions,
  CleanupReport,
  DriftOptions,
  DriftReport,
  VerificationReport,
  VerifyOptions,
  VerifyOutcome,
} from "./api.js";

export type * from "./api.js";

const notYet = (what: string): never => {
  throw new Error(`${what} is being rewritten (lead); not available yet`);
};

/** Verifies the pacts against the target; never throws for anything the server, the broker or the pacts do. */
export async function verify(_options: VerifyOptions): Promise<VerificationReport> {
  return notYet("verify");
}

/** Finds and removes this tool's own fixtures in a project. */
export async function cleanup(_options: CleanupOptions): Promise<CleanupReport> {
  return notYet("cleanup");
}

/** Compares the server's own OpenAPI description of Delete Connection with this project's spec. */
export async function drift(_options: DriftOptions): Promise<DriftReport> {
  return notYet("drift");
}

/** The final report block (verdict lines, problems, coverage, findings, fixtures left, summary line). */
export function formatReport(_report: VerificationReport, _style: { readonly color: boolean }): string {
  return notYet("formatReport");
}

/** JUnit XML for a report: one test case per interaction; problems of the run as an error case. */
export function formatJUnit(_report: VerificationReport): string {
  return notYet("formatJUnit");
}

/** A report for a run that stopped before verifying anything (usage error, unreadable pacts, no Pact library). */
export function reportOfProblem(_outcome: VerifyOutcome, _problem: string, _target?: string): VerificationReport {
  return notYet("reportOfProblem");
}

export function formatCleanup(_report: CleanupReport, _style: { readonly color: boolean }): string {
  return notYet("formatCleanup");
}

export function formatDrift(_report: DriftReport, _style: { readonly color: boolean }): string {
  return notYet("formatDrift");
}

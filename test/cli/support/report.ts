// A verification report with nothing in it but its outcome (and a problem), for CLI tests that
// drive the verify command with a stand-in for the stage.
import type { VerificationReport, VerifyOutcome } from "../../../src/verify/index.js";

export function cannedReport(outcome: VerifyOutcome, problem?: string): VerificationReport {
  return {
    outcome,
    runId: "000000000000",
    target: "the built-in stand-in",
    envelopes: ["success"],
    sources: [],
    interactions: [],
    problems: problem === undefined ? [] : [problem],
    coverage: [],
    fixturesLeft: [],
    requestCount: 0,
    durationMs: 1,
  };
}

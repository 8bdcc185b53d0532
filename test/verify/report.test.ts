// The report and JUnit file from the verifier's JSON results (the shape pact-core 17's
// `pactffiVerifierJson` returns) and the run's own records, without running the verifier.
import { describe, expect, it } from "vitest";
import { buildReport, formatJUnit, formatReport, type RawVerifierResults, redact } from "../../src/verify/report.js";
import type { Slot } from "../../src/verify/session.js";

const slot = (states: string[], extra: Partial<Slot> = {}): Slot => ({
  states,
  invalidToken: false,
  fixtures: [],
  problems: [],
  requestSent: true,
  ...extra,
});

const results: RawVerifierResults = {
  result: false,
  interactionResults: [
    {
      consumer: "c",
      provider: "p",
      description: "deletes <it>",
      duration: "12ms",
      providerStates: ["exists"],
      result: "OK",
    },
    {
      consumer: "c",
      provider: "p",
      description: "reports & fails",
      duration: "1.5s",
      providerStates: ["missing"],
      result: "Error",
      mismatch: {
        type: "mismatches",
        mismatches: [
          {
            type: "BodyMismatch",
            path: "$.error",
            expected: '"bad_request"',
            actual: '"nope"',
            mismatch: "Expected 'nope' (String) to be equal to 'bad_request' (String)",
          },
          { type: "StatusMismatch", expected: 400, actual: 404, mismatch: "expected 400 but was 404" },
        ],
      },
    },
    {
      consumer: "c",
      provider: "p",
      description: "setup failed",
      providerStates: ["exists"],
      result: "Error",
      mismatch: { type: "mismatches", mismatches: [{ type: "StatusMismatch", expected: 200, actual: 599 }] },
    },
  ],
  errors: [{ interaction: "Failed to load pact", mismatch: { type: "error", message: "broken.json is not a pact" } }],
};

const slots = [
  slot(["exists"]),
  slot(["missing"]),
  slot(["exists"], {
    requestSent: false,
    problems: ['state "exists" could not be set up: Create Connection answered 403'],
  }),
];

describe("report", () => {
  const report = buildReport({ target: "T", sources: ["x.json"], results, slots, runProblems: [] });

  it("lists every interaction with its verdict, expected vs actual first by status", () => {
    const text = formatReport(report);
    expect(text).toContain("PASS  deletes <it>\n");
    expect(text).toMatch(
      /FAIL {2}reports & fails\n {8}given: missing\n {8}- status: expected 400, actual 404\n {8}- body \$\.error: expected "bad_request", actual "nope"/,
    );
    expect(text).toMatch(/^NOT VERIFIED: 3 interactions, 1 passed, 2 failed, 1 run problem\(s\)$/m);
    expect(text).toContain("- Failed to load pact: broken.json is not a pact");
  });

  it("gives a setup failure instead of the verifier's diff of a request that was never sent", () => {
    const failed = report.interactions.find((i) => i.description === "setup failed");
    expect(failed?.problems).toEqual(['state "exists" could not be set up: Create Connection answered 403']);
    expect(failed?.differences).toEqual([]);
    expect(failed?.passed).toBe(false);
  });

  it("fails an interaction the verifier passed when the run recorded a problem", () => {
    const r = buildReport({
      target: "T",
      sources: [],
      results: { interactionResults: [{ description: "d", providerStates: ["s"], result: "OK" }] },
      slots: [slot(["s"], { problems: ["connection x was deleted although the request carried an invalid token"] })],
      runProblems: [],
    });
    expect(r.passed).toBe(false);
    expect(formatReport(r)).toMatch(/FAIL {2}d\n.*\n {8}- connection x was deleted/);
  });

  it("writes JUnit XML, escaped", () => {
    const xml = formatJUnit(report);
    expect(xml).toContain('<testsuites name="apinizer-connections verify" tests="4" failures="2" errors="1"');
    expect(xml).toContain('<testcase classname="c -&gt; p" name="deletes &lt;it&gt;" time="0.012">');
    expect(xml).toContain('<failure message="status: expected 400, actual 404" type="ContractMismatch">');
    expect(xml).toContain('name="reports &amp; fails" time="1.5"');
    expect(xml).toContain('<error message="Failed to load pact: broken.json is not a pact" type="RunProblem">');
  });

  it("redacts secrets", () => {
    expect(redact("Bearer abcd1234 and abcd1234", ["abcd1234"])).toBe("Bearer *** and ***");
  });

  it("is not verified when nothing ran", () => {
    const r = buildReport({
      target: "T",
      sources: [],
      results: { interactionResults: [] },
      slots: [],
      runProblems: [],
    });
    expect(r.passed).toBe(false);
    expect(r.problems).toContain("no interactions were verified");
  });
});

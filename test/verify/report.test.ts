// What a run says, from a report built by hand (no verifier runs): each interaction's block
// (`formatInteraction`), the final block (`formatReport`), and JUnit XML (`formatJUnit`) — well
// formed, with failed/error/skipped mapped as CI tools read them (a contract mismatch is a
// failure; a run that could not verify is an error), a stable suite name, and nothing a report's
// texts could smuggle in (markup, control characters, a token disguised by escaping).
import { describe, expect, it } from "vitest";
import { redactor } from "../../src/rules/secrets.js";
import {
  formatInteraction,
  formatJUnit,
  formatReport,
  type InteractionResult,
  reportOfProblem,
  summaryLine,
  type VerificationReport,
} from "../../src/verify/index.js";
import { distinctiveToken, expectNoToken } from "./support/secrets.js";
import { elements, parseXml } from "./support/xml.js";

const base = {
  envelope: "success",
  consumer: "apinizer-connections",
  provider: "apinizer-management-api",
  differences: [],
  problems: [],
  findings: [],
} as const;

const result = (description: string, verdict: InteractionResult["verdict"], extra: Partial<InteractionResult> = {}) =>
  ({
    ...base,
    description,
    verdict,
    states: ["connection {connectionName} exists"],
    durationMs: 12,
    ...extra,
  }) as InteractionResult;

const interactions: InteractionResult[] = [
  result("deletes <it> & more", "passed"),
  result("reports a mismatch", "failed", {
    differences: ["status: expected 400, actual 404", 'body $.error: expected "bad_request", actual "nope"'],
  }),
  result("could not set up", "error", {
    problems: ["state could not be set up: Create Connection x answered 403: Not allowed: the request was not sent"],
  }),
  result("was interrupted", "error", { problems: ["the run was interrupted: the interaction was not verified"] }),
  result("needs a limited token", "skipped", { problems: ["needs a token of a user without CONNECTIONS + MANAGE"] }),
  result("is pending", "pending", { differences: ["status: expected 200, actual 500"] }),
];

const report: VerificationReport = {
  outcome: "failed",
  runId: "0123456789ab",
  target: "http://127.0.0.1:41234 (project QA)",
  envelopes: ["success"],
  sources: ["contracts/a.json"],
  interactions,
  problems: ["cleanup: could not remove fixture act-verify-0123456789ab-3: Delete answered 500"],
  coverage: [
    { status: 200, envelope: "success", exercised: true },
    { status: 404, envelope: "success", exercised: false },
    { status: 500, envelope: "success", exercised: false },
  ],
  fixturesLeft: [
    {
      projectName: "QA",
      connectionName: "act-verify-0123456789ab-3",
      command: "apinizer-connections delete --project QA --connection act-verify-0123456789ab-3 --ignore-missing",
    },
  ],
  requestCount: 17,
  durationMs: 2_345,
};

describe("formatInteraction", () => {
  it("a pass is one line; anything else carries its states and details, problems first", () => {
    const [passed, failed, error] = interactions.map((i) => formatInteraction(i, { color: false }));
    expect(passed).toBe("PASS  deletes <it> & more");
    expect(failed).toBe(
      [
        "FAIL  reports a mismatch",
        "        given: connection {connectionName} exists",
        "        - status: expected 400, actual 404",
        '        - body $.error: expected "bad_request", actual "nope"',
      ].join("\n"),
    );
    expect(error).toMatch(/^ERROR could not set up\n {8}given: .*\n {8}- state could not be set up/);
    expect(formatInteraction(interactions[4] as InteractionResult, { color: false })).toMatch(
      /^SKIP {2}needs a limited token/,
    );
    expect(formatInteraction(interactions[5] as InteractionResult, { color: false })).toMatch(
      /^FAIL \(pending\) is pending/,
    );
  });

  it("colours only when asked", () => {
    expect(formatInteraction(interactions[1] as InteractionResult, { color: true })).toContain("\u001b[31m");
    for (const i of interactions) expect(formatInteraction(i, { color: false })).not.toContain("\u001b[");
  });
});

describe("formatReport", () => {
  const text = formatReport(report, { color: false });

  it("ends with the summary: errors count as failed, pending and skipped named", () => {
    expect(summaryLine(report)).toBe(
      "NOT VERIFIED: 6 interactions, 1 passed, 3 failed, 1 pending, 1 skipped, 1 run problem(s) (envelopes: success)",
    );
    expect(text.trimEnd().split("\n").at(-1)).toBe(summaryLine(report));
  });

  it("lists the run's problems, coverage, fixtures left with their command, and the request count", () => {
    expect(text).toContain("Problems of the run:\n  - cleanup: could not remove fixture act-verify-0123456789ab-3");
    // 5xx are exempt from --require-coverage, and the report says so where it lists them (issue 20).
    expect(text).toContain("  success envelope: 200 seen, 404 not seen, 500 not seen (exempt: 5xx)");
    expect(text).toContain(
      "Fixtures left on the server (the run could not confirm them gone):\n  - QA/act-verify-0123456789ab-3: apinizer-connections delete",
    );
    expect(text).toContain("Requests sent to the server: 17 in 2.3 s");
  });

  it("says VERIFIED and INTERRUPTED plainly", () => {
    const verified = {
      ...report,
      outcome: "verified",
      interactions: [interactions[0]],
      problems: [],
    } as VerificationReport;
    expect(summaryLine(verified)).toMatch(/^VERIFIED: 1 interactions, 1 passed, 0 failed/);
    expect(summaryLine({ ...report, outcome: "interrupted" })).toMatch(/^INTERRUPTED: /);
  });
});

describe("formatJUnit", () => {
  const xml = formatJUnit(report);
  const root = parseXml(xml);
  const cases = elements(root, "testcase");
  const caseNamed = (name: string) => cases.find((c) => c.attributes["name"] === name);

  it("is well-formed, one suite with a stable name (no port), counts that match its cases", () => {
    expect(root.name).toBe("testsuites");
    const [suite] = elements(root, "testsuite");
    expect(suite?.attributes["name"]).toBe("apinizer-connections verify");
    expect(suite?.attributes["name"]).not.toMatch(/\d{4,}/);
    expect(suite?.attributes).toMatchObject({ tests: "7", failures: "1", errors: "3", skipped: "2" });
    expect(cases).toHaveLength(7);
    expect(elements(root, "failure")).toHaveLength(1);
    expect(elements(root, "error")).toHaveLength(3);
    expect(elements(root, "skipped")).toHaveLength(2);
  });

  it("maps a contract mismatch to a failure, a setup problem and an interruption to errors", () => {
    expect(caseNamed("reports a mismatch")?.children.map((c) => c.name)).toEqual(["failure"]);
    expect(caseNamed("could not set up")?.children[0]?.attributes["type"]).toBe("NotVerified");
    expect(caseNamed("was interrupted")?.children.map((c) => c.name)).toEqual(["error"]);
    expect(caseNamed("needs a limited token")?.children.map((c) => c.name)).toEqual(["skipped"]);
    expect(caseNamed("is pending")?.children.map((c) => c.name)).toEqual(["skipped"]);
    expect(caseNamed("run")?.children[0]?.attributes).toMatchObject({ type: "RunProblem" });
    expect(caseNamed("deletes <it> & more")?.children).toEqual([]);
  });

  it("keeps the details readable once parsed", () => {
    const failure = caseNamed("reports a mismatch")?.children[0];
    expect(failure?.attributes["message"]).toBe("status: expected 400, actual 404");
    expect(failure?.text).toContain('body $.error: expected "bad_request", actual "nope"');
  });

  it("an early stop is one error case, well-formed", () => {
    const early = parseXml(formatJUnit(reportOfProblem("preflight-failed", "cannot reach http://x: ECONNREFUSED")));
    expect(elements(early, "testsuite")[0]?.attributes).toMatchObject({ tests: "1", errors: "1", failures: "0" });
    expect(elements(early, "error")[0]?.attributes["message"]).toBe("cannot reach http://x: ECONNREFUSED");
  });

  it("texts with markup, quotes and control characters stay text", () => {
    const hostile = result('</testcase><testcase name="injected"> \u0000\u001b[31m "q" & \u0007', "failed", {
      differences: ["]]><!-- <x> & \u0001 -->"],
    });
    const parsed = parseXml(formatJUnit({ ...report, interactions: [hostile], problems: [] }));
    expect(elements(parsed, "testcase").map((c) => c.attributes["name"])).toEqual([
      '</testcase><testcase name="injected"> [31m "q" & ',
    ]);
  });

  // U+FFFE, U+FFFF and lone surrogates, which a server's JSON can carry as \uFFFE or \uD800 into
  // a difference, are not XML characters: a JUnit reader would reject the whole file.
  it("texts with characters XML does not allow (U+FFFE, a lone surrogate) stay well-formed", () => {
    const odd = result("odd", "failed", { differences: ["actual \uFFFE \uFFFF \uD800 end"] });
    expect(() => parseXml(formatJUnit({ ...report, interactions: [odd], problems: [] }))).not.toThrow();
  });

  it('a token with &<>" is redacted after escaping, in no form', () => {
    const token = distinctiveToken('&<>"');
    const leaky = result(`echo ${token}`, "failed", { differences: [`actual "${token}"`] });
    const text = formatJUnit({ ...report, interactions: [leaky] }, redactor([token]));
    parseXml(text);
    expectNoToken(token, { junit: text });
  });
});

describe("the XML check itself", () => {
  it.each([
    ["an unescaped <", "<a>x < y</a>"],
    ["an unescaped &", "<a>fish & chips</a>"],
    ["an unknown entity", "<a>&nbsp;</a>"],
    ["an unclosed element", "<a><b></a>"],
    ["two roots", "<a/><b/>"],
    ["a control character", "<a>\u0001</a>"],
    ["a duplicate attribute", '<a x="1" x="2"/>'],
  ])("rejects %s", (_name, text) => {
    expect(() => parseXml(text)).toThrow();
  });
});

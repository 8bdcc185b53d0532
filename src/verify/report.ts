// What a run says: each interaction's verdict (printed as it completes), the final block, and
// the JUnit XML. Texts arrive redacted; the JUnit file is redacted again after escaping, so a
// token that escaping would have disguised (`&amp;`) cannot slip through.
import type { Redact } from "../rules/secrets.js";
import type { ConformanceFinding, InteractionResult, VerificationReport, VerifyOutcome } from "./api.js";

export interface Style {
  readonly color: boolean;
}

/** `text` in the SGR colour `code` (31 red, 32 green, 33 yellow, 1 bold) when `style.color`, else as is. */
export const styled = (style: Style, code: number, text: string): string =>
  style.color ? `\u001b[${code}m${text}\u001b[0m` : text;

const VERDICT: Record<InteractionResult["verdict"], { label: string; color: number }> = {
  passed: { label: "PASS", color: 32 },
  failed: { label: "FAIL", color: 31 },
  pending: { label: "FAIL (pending)", color: 33 },
  skipped: { label: "SKIP", color: 33 },
  error: { label: "ERROR", color: 31 },
};

/**
 * `conformance: 200 (success envelope) /deploymentResult/responseTime: expected type integer, actual "12"`;
 * a fixture step's: `conformance (fixture step GET /apiops/…, not failing): …`.
 */
function describeFinding(f: ConformanceFinding): string {
  const envelope = f.envelope === undefined ? "" : ` (${f.envelope} envelope)`;
  const step = f.fixtureStep === true ? ` (fixture step ${f.operation}, not failing)` : "";
  return `conformance${step}: ${f.status}${envelope} ${f.field === "" ? "body" : f.field}: expected ${f.expected}, actual ${f.actual}`;
}

/** One interaction: its verdict line and, unless it passed, the details (given states, problems, differences, findings). */
export function formatInteraction(result: InteractionResult, style: Style): string {
  const { label, color } = VERDICT[result.verdict];
  const lines = [`${styled(style, color, label.padEnd(5))} ${result.description}`];
  const details = [...result.problems, ...result.differences, ...result.findings.map(describeFinding)];
  if (result.verdict !== "passed" || details.length > 0) {
    if (result.states.length > 0) lines.push(`        given: ${result.states.join(" AND ")}`);
    for (const d of details) lines.push(`        - ${d}`);
  }
  return lines.join("\n");
}

function count(report: VerificationReport, verdict: InteractionResult["verdict"]): number {
  return report.interactions.filter((i) => i.verdict === verdict).length;
}

/** The summary line: `VERIFIED: 11 interactions, 11 passed, 0 failed (envelopes: success, status)`. */
export function summaryLine(report: VerificationReport): string {
  const verdict =
    report.outcome === "verified" ? "VERIFIED" : report.outcome === "interrupted" ? "INTERRUPTED" : "NOT VERIFIED";
  const failed = count(report, "failed") + count(report, "error");
  const extra = [
    count(report, "pending") > 0 ? `${count(report, "pending")} pending` : "",
    count(report, "skipped") > 0 ? `${count(report, "skipped")} skipped` : "",
    report.problems.length > 0 ? `${report.problems.length} run problem(s)` : "",
  ].filter(Boolean);
  const envelopes = report.envelopes.length > 0 ? ` (envelopes: ${report.envelopes.join(", ")})` : "";
  return `${verdict}: ${report.interactions.length} interactions, ${count(report, "passed")} passed, ${failed} failed${extra.length ? `, ${extra.join(", ")}` : ""}${envelopes}`;
}

/** The final block, after the live verdict lines: problems, findings, coverage, fixtures left, the summary. */
export function formatReport(report: VerificationReport, style: Style): string {
  const lines: string[] = [];
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push("", title, ...items.map((i) => `  - ${i}`));
  };
  section("Problems of the run:", report.problems);
  if (report.coverage.length > 0) {
    lines.push("", "Documented answers of Delete Connection seen in this run:");
    for (const envelope of report.envelopes) {
      const entries = report.coverage.filter((c) => c.envelope === envelope);
      // 5xx are listed but --require-coverage exempts them: a server error cannot be provoked.
      const notSeen = (status: number) => styled(style, 33, status >= 500 ? "not seen (exempt: 5xx)" : "not seen");
      const text = entries.map((c) => `${c.status} ${c.exercised ? "seen" : notSeen(c.status)}`).join(", ");
      lines.push(`  ${envelope} envelope: ${text}`);
    }
  }
  section(
    "Fixtures left on the server (the run could not confirm them gone):",
    report.fixturesLeft.map((f) => `${f.projectName}/${f.connectionName}: ${f.command}`),
  );
  if (report.names !== undefined) {
    const bad = report.names.mishandled;
    lines.push("", `Names: ${report.names.checked} generated names checked, ${bad.length} mishandled`);
    for (const m of bad) lines.push(`  - ${JSON.stringify(m.name)}: ${m.problem}`);
  }
  lines.push("", `Requests sent to the server: ${report.requestCount} in ${(report.durationMs / 1000).toFixed(1)} s`);
  const summary = summaryLine(report);
  lines.push("", styled(style, report.outcome === "verified" ? 32 : 31, summary));
  return `${lines.join("\n")}\n`;
}

/** A report for a run that stopped before verifying anything (usage error, unreadable pacts, no Pact library, pre-flight). */
export function reportOfProblem(
  outcome: VerifyOutcome,
  problem: string,
  target = "(not started)",
  runId = "",
): VerificationReport {
  return {
    outcome,
    runId,
    target,
    envelopes: [],
    sources: [],
    interactions: [],
    problems: [problem],
    coverage: [],
    fixturesLeft: [],
    requestCount: 0,
    durationMs: 0,
  };
}

const xml = (s: string): string =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    // Only characters XML 1.0 allows (no control characters, U+FFFE/U+FFFF or lone surrogates).
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "");

/** JUnit XML: one suite, one test case per interaction, the run's problems as an error case named "run". */
export function formatJUnit(report: VerificationReport, redact: Redact = (s) => s): string {
  const failures = count(report, "failed");
  const errors = count(report, "error") + (report.problems.length > 0 ? 1 : 0);
  const skipped = count(report, "skipped") + count(report, "pending");
  const tests = report.interactions.length + (report.problems.length > 0 ? 1 : 0);
  const time = (report.durationMs / 1000).toFixed(3);
  const attrs = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}"`;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="apinizer-connections verify" ${attrs}>`];
  out.push(`  <testsuite name="apinizer-connections verify" ${attrs}>`);
  out.push(
    `    <properties><property name="target" value="${xml(report.target)}"/><property name="outcome" value="${report.outcome}"/></properties>`,
  );
  for (const i of report.interactions) {
    const name = `${i.description}${report.envelopes.length > 1 ? ` [${i.envelope} envelope]` : ""}`;
    out.push(
      `    <testcase classname="${xml(`${i.consumer} -> ${i.provider}`)}" name="${xml(name)}" time="${((i.durationMs ?? 0) / 1000).toFixed(3)}">`,
    );
    const details = [
      ...(i.states.length ? [`given: ${i.states.join(" AND ")}`] : []),
      ...i.problems,
      ...i.differences,
      ...i.findings.map(describeFinding),
    ];
    const first = xml(
      i.problems[0] ?? i.differences[0] ?? (i.findings[0] ? describeFinding(i.findings[0]) : i.verdict),
    );
    if (i.verdict === "failed")
      out.push(`      <failure message="${first}" type="ContractMismatch">${xml(details.join("\n"))}</failure>`);
    if (i.verdict === "error")
      out.push(`      <error message="${first}" type="NotVerified">${xml(details.join("\n"))}</error>`);
    if (i.verdict === "skipped" || i.verdict === "pending")
      out.push(`      <skipped message="${xml(`${i.verdict}: ${details.join("; ")}`)}"/>`);
    out.push("    </testcase>");
  }
  if (report.problems.length > 0) {
    out.push(`    <testcase classname="apinizer-connections verify" name="run">`);
    out.push(
      `      <error message="${xml(report.problems[0] ?? "")}" type="RunProblem">${xml(report.problems.join("\n"))}</error>`,
    );
    out.push("    </testcase>");
  }
  out.push("  </testsuite>", "</testsuites>");
  return redact(`${out.join("\n")}\n`);
}

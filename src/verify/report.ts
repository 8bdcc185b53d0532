// Turns the Pact Verifier's JSON results (pact-core's `pactffiVerifierJson`: `interactionResults`
// with each interaction's description, states and mismatches) plus what the run itself recorded
// (state setups, blocked requests, cleanup) into one readable report, and into JUnit XML.
import { stripVTControlCharacters } from "node:util";
import type { Slot } from "./session.js";

export interface InteractionOutcome {
  consumer: string;
  provider: string;
  description: string;
  states: string[];
  passed: boolean;
  /** A failing pending interaction (broker): reported, but it does not fail the run. */
  pending: boolean;
  /** Expected vs actual, one line each (status, headers, body fields). */
  differences: string[];
  /** Reasons recorded by the run (state setup, safety gate, teardown checks). */
  problems: string[];
  durationMs?: number;
}

export interface VerificationReport {
  target: string;
  sources: string[];
  interactions: InteractionOutcome[];
  /** Problems of the run outside any one interaction (cleanup, requests without a state). */
  problems: string[];
  passed: boolean;
}

interface RawMismatch {
  type?: string;
  expected?: unknown;
  actual?: unknown;
  mismatch?: string;
  path?: string;
  key?: string;
  message?: string;
}
interface RawInteractionResult {
  consumer?: string;
  provider?: string;
  description?: string;
  duration?: string;
  pending?: boolean;
  providerStates?: string[];
  result?: string;
  mismatch?: { type?: string; message?: string; mismatches?: RawMismatch[] };
}
export interface RawVerifierResults {
  result?: boolean;
  interactionResults?: RawInteractionResult[];
  errors?: { interaction?: string; mismatch?: { type?: string; message?: string; mismatches?: RawMismatch[] } }[];
  output?: string[];
}

/** Parses the verifier's JSON (the resolved value, or the message of the rejection). */
export function parseVerifierResults(text: unknown): RawVerifierResults | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as RawVerifierResults) : undefined;
  } catch {
    return undefined;
  }
}

const clean = (s: string) => stripVTControlCharacters(s).replace(/\s+/g, " ").trim();
const show = (v: unknown): string => {
  if (typeof v === "string") {
    // The verifier renders some values as JSON text already (e.g. lists of keys).
    return v;
  }
  return JSON.stringify(v);
};

export function describeMismatch(m: RawMismatch): string {
  const text = m.mismatch ? clean(m.mismatch) : m.message ? clean(m.message) : "";
  switch (m.type) {
    case "StatusMismatch":
      return `status: expected ${show(m.expected)}, actual ${show(m.actual)}`;
    case "HeaderMismatch":
      return `header ${m.key ?? "?"}: expected ${show(m.expected)}, actual ${show(m.actual)}${text ? ` (${text})` : ""}`;
    case "BodyMismatch": {
      // `expected`/`actual` hold the JSON text of the values at the path (for objects: their keys).
      const values =
        m.expected !== undefined || m.actual !== undefined
          ? `expected ${show(m.expected)}, actual ${show(m.actual)}`
          : "";
      return `body ${m.path ?? "$"}: ${[values, text && values ? `(${text})` : text].filter(Boolean).join(" ")}`;
    }
    case "BodyTypeMismatch":
      return `body: expected content type ${show(m.expected)}, actual ${show(m.actual)}${text ? ` (${text})` : ""}`;
    default:
      return `${m.type ?? "mismatch"}: ${text || `expected ${show(m.expected)}, actual ${show(m.actual)}`}`;
  }
}

const ms = (duration: string | undefined): number | undefined => {
  const m = /^([\d.]+)(ms|s)$/.exec(duration ?? "");
  if (!m) return undefined;
  return m[2] === "s" ? Number(m[1]) * 1000 : Number(m[1]);
};

/**
 * Combines the verifier's results with the run's records. Slots are matched to interactions in
 * execution order (each interaction has one slot, opened by its first state setup call).
 */
export function buildReport(input: {
  target: string;
  sources: string[];
  results: RawVerifierResults | undefined;
  slots: readonly Slot[];
  runProblems: readonly string[];
  /** Requests of interactions without provider states that the run did not send (in order). */
  stateless?: readonly string[];
  verifierError?: string;
}): VerificationReport {
  const slots = [...input.slots];
  const stateless = [...(input.stateless ?? [])];
  const interactions: InteractionOutcome[] = [];
  for (const r of input.results?.interactionResults ?? []) {
    const states = r.providerStates ?? [];
    // The verifier runs state setup (state "" when it has none) for every interaction, in order.
    const slot = slots.shift();
    const blocked = slot ? undefined : stateless.shift();
    const problems = slot ? [...slot.problems] : blocked ? [blocked] : [];
    if (slot && slot.states.join("\n") !== states.join("\n")) {
      problems.push(
        `internal: the run recorded states [${slot.states.join(", ")}] here; its details may belong to another interaction`,
      );
    }
    const sent = slot ? slot.requestSent : !blocked;
    const differences: string[] = [];
    if (sent || problems.length === 0) {
      if (r.mismatch?.type === "error") differences.push(`error: ${clean(r.mismatch.message ?? "")}`);
      const order = (m: RawMismatch) =>
        ["StatusMismatch", "HeaderMismatch", "BodyTypeMismatch", "BodyMismatch"].indexOf(m.type ?? "") >>> 0;
      const mismatches = [...(r.mismatch?.mismatches ?? [])].sort((a, b) => order(a) - order(b));
      for (const m of mismatches) differences.push(describeMismatch(m));
      if (r.result !== "OK" && differences.length === 0)
        differences.push("the verifier reported a failure without details");
    }
    const passed = r.result === "OK" && problems.length === 0;
    const duration = ms(r.duration);
    interactions.push({
      consumer: r.consumer ?? "?",
      provider: r.provider ?? "?",
      description: r.description ?? "(no description)",
      states,
      passed,
      pending: r.pending === true,
      differences,
      problems,
      ...(duration !== undefined ? { durationMs: duration } : {}),
    });
  }
  const runProblems = [...input.runProblems];
  // Slots left over: state setups the verifier ran without a matching result.
  for (const s of slots) for (const p of s.problems) runProblems.push(p);
  runProblems.push(...stateless);
  // Errors outside any interaction (a pact that could not be loaded, a broker not reachable).
  for (const e of input.results?.errors ?? []) {
    const name = e.interaction ?? "";
    if (interactions.some((i) => name.endsWith(` - ${i.description}`))) continue;
    const detail = e.mismatch?.message ?? (e.mismatch?.mismatches ?? []).map(describeMismatch).join("; ");
    runProblems.push(clean(`${name}${detail ? `: ${detail}` : ""}`));
  }
  if (input.verifierError) runProblems.push(`the verifier could not run: ${input.verifierError}`);
  if (!input.results) runProblems.push("the verifier returned no results");
  else if (interactions.length === 0) runProblems.push("no interactions were verified");

  const passed =
    runProblems.length === 0 && interactions.length > 0 && interactions.every((i) => i.passed || i.pending);
  return { target: input.target, sources: input.sources, interactions, problems: runProblems, passed };
}

/** Replaces every occurrence of the secrets with "***". */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("***");
  return out;
}

export function formatReport(report: VerificationReport): string {
  const lines: string[] = [];
  const pacts = [...new Set(report.interactions.map((i) => `${i.consumer} -> ${i.provider}`))];
  lines.push(`Contract verification against ${report.target}`);
  lines.push(`  pacts: ${report.sources.join(", ") || "(none)"}${pacts.length ? `  (${pacts.join("; ")})` : ""}`);
  lines.push("");
  for (const i of report.interactions) {
    const verdict = i.passed ? "PASS" : i.pending ? "FAIL (pending)" : "FAIL";
    lines.push(`${verdict.padEnd(4)}  ${i.description}`);
    if (!i.passed) {
      if (i.states.length) lines.push(`        given: ${i.states.join(" AND ")}`);
      for (const p of i.problems) lines.push(`        - ${p}`);
      for (const d of i.differences) lines.push(`        - ${d}`);
    }
  }
  if (report.problems.length) {
    lines.push("");
    lines.push("Problems of the run:");
    for (const p of report.problems) lines.push(`  - ${p}`);
  }
  const passed = report.interactions.filter((i) => i.passed).length;
  const failed = report.interactions.length - passed;
  const pending = report.interactions.filter((i) => !i.passed && i.pending).length;
  lines.push("");
  lines.push(
    `${report.passed ? "VERIFIED" : "NOT VERIFIED"}: ${report.interactions.length} interactions, ${passed} passed, ${failed} failed` +
      `${pending ? ` (${pending} pending)` : ""}${report.problems.length ? `, ${report.problems.length} run problem(s)` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

const xml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[^\P{Cc}\t\n\r]/gu, "");

export function formatJUnit(report: VerificationReport): string {
  const failures = report.interactions.filter((i) => !i.passed && !i.pending).length;
  const total = report.interactions.length + (report.problems.length ? 1 : 0);
  const errors = report.problems.length ? 1 : 0;
  const time = report.interactions.reduce((t, i) => t + (i.durationMs ?? 0), 0) / 1000;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="apinizer-connections verify" tests="${total}" failures="${failures}" errors="${errors}" time="${time}">`,
  );
  out.push(
    `  <testsuite name="${xml(`contract verification against ${report.target}`)}" tests="${total}" failures="${failures}" errors="${errors}" time="${time}">`,
  );
  for (const i of report.interactions) {
    const classname = xml(`${i.consumer} -> ${i.provider}`);
    const t = (i.durationMs ?? 0) / 1000;
    out.push(`    <testcase classname="${classname}" name="${xml(i.description)}" time="${t}">`);
    const details = [...(i.states.length ? [`given: ${i.states.join(" AND ")}`] : []), ...i.problems, ...i.differences];
    if (!i.passed && i.pending) out.push(`      <skipped message="${xml(`pending: ${details.join("; ")}`)}"/>`);
    else if (!i.passed) {
      const first = i.problems[0] ?? i.differences[0] ?? "failed";
      out.push(`      <failure message="${xml(first)}" type="ContractMismatch">${xml(details.join("\n"))}</failure>`);
    }
    out.push("    </testcase>");
  }
  if (report.problems.length) {
    out.push(`    <testcase classname="apinizer-connections verify" name="run">`);
    out.push(
      `      <error message="${xml(report.problems[0] ?? "")}" type="RunProblem">${xml(report.problems.join("\n"))}</error>`,
    );
    out.push("    </testcase>");
  }
  out.push("  </testsuite>");
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

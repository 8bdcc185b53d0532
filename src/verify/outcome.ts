// One interaction's verdict, from the native verifier's results and what the run recorded
// around it (state setup, the gate, the answer, the checks after the request); and what a step of
// the run gives when it could not be done (Step), the verdict it gives the run and why.
import { stripVTControlCharacters } from "node:util";
import type { ConformanceFinding, InteractionResult, VerifyOutcome } from "./api.js";
import type { NativeOutcome, RawMismatch } from "./native/verifier.js";
import type { Interaction } from "./pacts.js";

/** Why a step of a run could not be done: the verdict it gives the run, and why in one sentence for the report. */
export interface Problem {
  readonly outcome: VerifyOutcome;
  readonly problem: string;
}

/**
 * What a step of a run gives (the pacts loaded, the pre-flight, the session): its fields with
 * `ok: true`, or `ok: false` with the Problem that stopped it and `More`, what the step found or
 * left all the same. Steps return it; their caller collects the problems.
 */
export type Step<T extends object, More = unknown> =
  | ({ readonly ok: true } & T)
  | ({ readonly ok: false } & Problem & More);

/** What the run recorded about one interaction. */
export interface Observation {
  /** The request was sent to the server (the gate approved it and the run was not stopped). */
  sent: boolean;
  /** Reasons the run could not verify it (setup failed, the gate refused, interrupted, the native verifier failed). */
  errors: string[];
  /** What the server did wrong beyond the answer (kept a deleted connection, no answer in time, mixed envelopes). */
  failures: string[];
  findings: ConformanceFinding[];
  skip?: string;
  /** The answer was not compared (larger than 1 MiB): the verifier's differences are about a marker, not the answer. */
  notCompared?: string;
  startedAt: number;
}

export const newObservation = (): Observation => ({
  sent: false,
  errors: [],
  failures: [],
  findings: [],
  startedAt: Date.now(),
});

const clean = (s: string): string => stripVTControlCharacters(s).replace(/\s+/g, " ").trim();
const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/** One mismatch of the native verifier as a line: `status: expected 400, actual 404`. */
function describeMismatch(m: RawMismatch): string {
  const text = m.mismatch ? clean(m.mismatch) : m.message ? clean(m.message) : "";
  const values =
    m.expected !== undefined || m.actual !== undefined ? `expected ${show(m.expected)}, actual ${show(m.actual)}` : "";
  switch (m.type) {
    case "StatusMismatch":
      return `status: ${values}`;
    case "HeaderMismatch":
      return `header ${m.key ?? "?"}: ${values}${text ? ` (${text})` : ""}`;
    case "BodyMismatch":
      return `body ${m.path ?? "$"}: ${[values, text && values ? `(${text})` : text].filter(Boolean).join(" ")}`;
    case "BodyTypeMismatch":
      return `body: expected content type ${show(m.expected)}, actual ${show(m.actual)}${text ? ` (${text})` : ""}`;
    default:
      return `${m.type ?? "mismatch"}: ${text || values}`;
  }
}

const ORDER = ["StatusMismatch", "HeaderMismatch", "BodyTypeMismatch", "BodyMismatch"];

/** The contract differences the native verifier reported for the interaction (empty when it passed). */
function differencesOf(outcome: NativeOutcome): { passed: boolean; differences: string[]; errors: string[] } {
  if (outcome.kind !== "results") return { passed: false, differences: [], errors: [outcome.message] };
  const result = outcome.results.interactionResults?.[0];
  const errors = (outcome.results.errors ?? [])
    .filter(() => result === undefined)
    .map((e) => clean(`${e.interaction ?? ""} ${e.mismatch?.message ?? ""}`));
  if (result === undefined)
    return {
      passed: false,
      differences: [],
      errors: errors.length ? errors : ["the native verifier returned no result"],
    };
  const differences: string[] = [];
  if (result.mismatch?.type === "error") differences.push(`error: ${clean(result.mismatch.message ?? "")}`);
  const mismatches = [...(result.mismatch?.mismatches ?? [])].sort(
    (a, b) => (ORDER.indexOf(a.type ?? "") >>> 0) - (ORDER.indexOf(b.type ?? "") >>> 0),
  );
  differences.push(...mismatches.map(describeMismatch));
  const passed = result.result === "OK";
  if (!passed && differences.length === 0) differences.push("the verifier reported a failure without details");
  return { passed, differences, errors: [] };
}

// The interaction each result was made for, kept beside the result rather than in it: publishing
// needs to know which pact a result belongs to (two pacts of one consumer can share every
// description), and nothing of it (a broker URL) may reach a report.
const origins = new WeakMap<InteractionResult, Interaction>();

/** The interaction (and so the pact) `result` was made for by `resultOf`. */
export function interactionOf(result: InteractionResult): Interaction | undefined {
  return origins.get(result);
}

/** Combines the native outcome and the record into the interaction's result. */
export function resultOf(
  interaction: Interaction,
  outcome: NativeOutcome | undefined,
  record: Observation,
  options: { conformanceFails: boolean; redact: (s: string) => string },
): InteractionResult {
  const result = verdictOf(interaction, outcome, record, options);
  origins.set(result, interaction);
  return result;
}

function verdictOf(
  interaction: Interaction,
  outcome: NativeOutcome | undefined,
  record: Observation,
  options: { conformanceFails: boolean; redact: (s: string) => string },
): InteractionResult {
  const base = {
    envelope: interaction.envelope,
    consumer: interaction.consumer,
    provider: interaction.provider,
    description: interaction.description,
    states: interaction.states.map((s) => s.name),
    findings: record.findings,
    durationMs: Date.now() - record.startedAt,
  };
  const redactAll = (lines: string[]): string[] => lines.map(options.redact);
  if (record.skip !== undefined) return { ...base, verdict: "skipped", differences: [], problems: [record.skip] };
  const native = outcome === undefined ? { passed: false, differences: [], errors: [] } : differencesOf(outcome);
  const errors = [...record.errors, ...native.errors];
  // When nothing was sent, the verifier compared a local reply: its differences say nothing about the server.
  const differences = record.sent && record.notCompared === undefined ? native.differences : [];
  if (errors.length > 0) {
    return {
      ...base,
      verdict: "error",
      differences: redactAll(differences),
      problems: redactAll([...errors, ...record.failures]),
    };
  }
  const nonconforming = options.conformanceFails && record.findings.some((f) => f.fixtureStep !== true);
  const passed = native.passed && record.failures.length === 0 && !nonconforming;
  const verdict = passed ? "passed" : interaction.pending ? "pending" : "failed";
  return { ...base, verdict, differences: redactAll(differences), problems: redactAll(record.failures) };
}

// The targets of one run and the work on each: built-in stand-ins (one per envelope), or a
// server after its pre-flight; per target, its interactions split over workers (each with its own
// harness, native verifier and fixture names); after all of it, whatever happened, the cleanup of
// every fixture the run may have written.
import type { Envelope } from "../rules/envelope.js";
import { ENVELOPES } from "../rules/envelope.js";
import type { Redactor } from "../rules/secrets.js";
import type { CoverageEntry, FixtureLeft, InteractionResult, VerifyOptions, VerifyOutcome } from "./api.js";
import type { Conformance } from "./checks/conformance.js";
import { checkNames } from "./checks/names.js";
import { NativeUnavailable, runInteractions, type Target } from "./engine.js";
import { type NativeVerifier, nativeInstalled, startNative } from "./native/verifier.js";
import type { Step } from "./outcome.js";
import { type Interaction, type PactFolder, pactFolder } from "./pacts.js";
import { createAdmin } from "./server/admin.js";
import { Ledger, removeAll } from "./server/fixtures.js";
import { createSender, type Sender } from "./server/http.js";
import { runBoundMs } from "./server/lease.js";
import { type Prepared, prepareTargets } from "./server/targets.js";

export interface SessionInput {
  readonly options: VerifyOptions;
  readonly runId: string;
  readonly interactions: readonly Interaction[];
  readonly conformance: Conformance | undefined;
  readonly redact: Redactor;
  readonly line: (text: string) => void;
  readonly stop: AbortSignal;
}

export interface Session {
  readonly target: string;
  readonly envelopes: Envelope[];
  readonly results: InteractionResult[];
  readonly problems: string[];
  readonly coverage: CoverageEntry[];
  readonly fixturesLeft: FixtureLeft[];
  readonly requestCount: number;
  readonly names?: { checked: number; mishandled: { name: string; problem: string }[] };
}

/** What a session that could not run or go on (Pact not installed, no temporary folder, a failed pre-flight) leaves. */
export type SessionLeft = Pick<Session, "target" | "problems" | "fixturesLeft" | "requestCount">;

const PACT_INSTALL_HINT =
  "verify needs the Pact library (Node.js 22 or later), which is not installed. Install it next to apinizer-connections:\n" +
  "  npm install --save-dev -E @pact-foundation/pact-core@20.2.0 ajv@8.20.0";

/** The longest the native verifier may take over one interaction before it is killed. */
const jobTimeoutMs = (options: VerifyOptions): number => options.timeoutMs * 4 + 30_000;

/** Until when the run may need its fixtures: now plus the bound of the run (server/lease.ts). */
function leaseUntil(input: SessionInput): Date {
  const { options } = input;
  const bound = runBoundMs({
    timeoutMs: options.timeoutMs,
    jobTimeoutMs: jobTimeoutMs(options),
    interactions: input.interactions.length,
    names: options.names ?? 0,
  });
  return new Date(Date.now() + bound);
}

/** A native verifier with the run's settings; its output reaches `output.native` only when asked for. */
function nativeFor(options: VerifyOptions, redact: Redactor): NativeVerifier {
  const show = options.nativeLog !== undefined && options.nativeLog !== "off";
  return startNative({
    requestTimeoutMs: options.timeoutMs + 5_000,
    jobTimeoutMs: jobTimeoutMs(options),
    logLevel: show ? (options.nativeLog as string) : "error",
    onOutput: show ? (t) => options.output.native?.(redact(t)) : undefined,
  });
}

/** What the workers of all targets share. */
interface Shared {
  readonly sender: Sender;
  readonly seen: Set<string>;
  readonly mixed: Set<string>;
  readonly ledgers: { ledger: Ledger; target: Target }[];
  readonly natives: NativeVerifier[];
  /** Started (and warmed up) while the pre-flight runs; the first worker takes it. */
  spare: NativeVerifier | undefined;
  readonly pacts: PactFolder;
  /** The lease of every fixture the run creates. */
  readonly leaseUntil: Date;
  /** Sends the cleanup; not tied to the stop signal: an interrupted run still cleans up. */
  readonly cleanupSender: Sender;
  /** Interactions with a result so far, and of the targets verified here, over every worker (the live count). */
  verified: number;
  readonly toVerify: number;
}

/** Verifies one target's interactions, split over workers; returns [position, result] pairs. */
async function verifyTarget(
  input: SessionInput,
  { target }: Prepared,
  shared: Shared,
): Promise<[number, InteractionResult][]> {
  const { options, redact } = input;
  const mine = input.interactions.filter((i) => i.envelope === target.envelope);
  if (mine.length > 0)
    input.line(`The ${target.envelope} envelope: ${mine.length} interaction(s) of ${mine[0]?.provider}`);
  const workers = Math.max(1, Math.min(options.workers ?? 1, mine.length));
  const done: [number, InteractionResult][] = [];
  // Every worker ends before this returns, even when one throws (Pact missing): the cleanup that
  // follows must not race a worker still creating fixtures.
  const ended = await Promise.allSettled(
    Array.from({ length: workers }, async (_, w) => {
      const tag = [target.envelope === "status" ? "s" : "", workers > 1 ? `w${w + 1}` : ""].filter(Boolean).join("");
      const ledger = new Ledger(input.runId, tag);
      shared.ledgers.push({ ledger, target });
      const native = shared.spare ?? nativeFor(options, redact);
      shared.spare = undefined;
      shared.natives.push(native);
      const share = mine.filter((_, k) => k % workers === w);
      try {
        const results = await runInteractions(target, share, {
          sender: shared.sender,
          redact,
          conformance: input.conformance,
          conformanceFails: options.conformance !== "report",
          ledger,
          leaseUntil: shared.leaseUntil,
          native,
          pacts: shared.pacts,
          stop: input.stop,
          seen: shared.seen,
          onResult: (r) => {
            options.output.result(r);
            options.output.progress?.("interactions verified", ++shared.verified, shared.toVerify);
          },
          onEnvelope: (where, e) =>
            shared.mixed.add(
              `${where} answered in the ${e} envelope, but the run verifies the ${target.envelope} envelope`,
            ),
        });
        for (const [k, r] of results.entries()) done.push([share[k]?.position ?? k, r]);
      } finally {
        await native.close();
      }
    }),
  );
  const failed = ended.find((e): e is PromiseRejectedResult => e.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  return done;
}

/** Deletes every fixture the run may have written and confirms each gone; lists what stays. */
async function cleanupAll(input: SessionInput, shared: Shared): Promise<{ problems: string[]; left: FixtureLeft[] }> {
  const { options } = input;
  const sender = shared.cleanupSender;
  const problems: string[] = [];
  const left: FixtureLeft[] = [];
  const baseUrl = options.target.kind === "server" ? options.target.baseUrl : undefined;
  for (const { ledger, target } of shared.ledgers) {
    const admin = createAdmin({ ...target, runId: input.runId, sender, redact: input.redact });
    const removal = await removeAll(admin, ledger, ledger.pending(), baseUrl, undefined, (done, total) =>
      input.options.output.progress?.("fixtures removed", done, total),
    );
    problems.push(...removal.problems);
    left.push(...removal.left);
  }
  return { problems, left };
}

/** Says, for each envelope of the pacts the target does not speak, how many interactions are not verified here. */
function notVerifiedHere(input: SessionInput, envelopes: readonly Envelope[]): void {
  for (const e of ENVELOPES) {
    const count = input.interactions.filter((i) => i.envelope === e).length;
    if (!envelopes.includes(e) && count > 0) {
      input.line(
        `Not verified against this target: ${count} interaction(s) of the ${e} envelope (it speaks ${envelopes.join(", ")}).`,
      );
    }
  }
}

/** On Ctrl-C: stop the native verifiers, and say at once what is being cleaned up. */
function onInterrupt(input: SessionInput, shared: Shared): () => void {
  return () => {
    for (const n of shared.natives) n.kill();
    const pending = shared.ledgers.flatMap((l) => l.ledger.pending()).map((f) => f.connectionName);
    const list = pending.length ? `: ${pending.join(", ")}` : "";
    input.line(
      `Interrupted: sending nothing more; cleaning up ${pending.length} fixture(s) of run ${input.runId}${list}`,
    );
  };
}

/** Verifies every prepared target (and runs the names check on each, when asked). */
async function verifyAll(input: SessionInput, prepared: readonly Prepared[], shared: Shared) {
  const { options, stop } = input;
  const problems: string[] = [];
  const done: [number, InteractionResult][] = [];
  let names: Session["names"];
  for (const p of prepared) {
    if (!input.interactions.some((i) => i.envelope === p.target.envelope)) {
      problems.push(`no interactions to verify for the ${p.target.envelope} envelope`);
    }
    done.push(...(await verifyTarget(input, p, shared)));
    if ((options.names ?? 0) > 0 && !stop.aborted) {
      const ledger = new Ledger(input.runId, "n");
      shared.ledgers.push({ ledger, target: p.target });
      const check = {
        ...p,
        ledger,
        count: options.names ?? 0,
        stop,
        line: input.line,
        progress: options.output.progress,
      };
      const found = await checkNames(check);
      // Against the stand-in each envelope is a target of its own: their checks add up.
      const tag = prepared.length > 1 ? `(${p.target.envelope} envelope) ` : "";
      names = {
        checked: (names?.checked ?? 0) + found.checked,
        mishandled: [
          ...(names?.mishandled ?? []),
          ...found.mishandled.map((m) => ({ ...m, problem: tag + m.problem })),
        ],
      };
    }
  }
  return { problems, done, names };
}

/** Runs the whole session; never throws for anything the server or the pacts do. */
export async function runSession(input: SessionInput): Promise<Step<Session, { readonly left: SessionLeft }>> {
  const { options, stop } = input;
  const sender = createSender(options, stop);
  const present = ENVELOPES.filter((e) => input.interactions.some((i) => i.envelope === e));
  const target =
    options.target.kind === "stand-in"
      ? "the built-in stand-in"
      : `${options.target.baseUrl} (project ${options.target.projectName})`;
  const stopped = (
    outcome: VerifyOutcome,
    problem: string,
    requestCount = 0,
  ): Step<Session, { left: SessionLeft }> => ({
    ok: false,
    outcome,
    problem,
    left: { target, problems: [], fixturesLeft: [], requestCount },
  });
  // Checked before anything starts or is created: nothing to clean up when they fail.
  if (!nativeInstalled()) return stopped("cannot-run", PACT_INSTALL_HINT);
  let pacts: PactFolder;
  try {
    pacts = await pactFolder();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return stopped("cannot-run", `cannot create a temporary folder: ${reason}`);
  }
  const spare = nativeFor(options, input.redact);
  spare.warm();
  const release = async (): Promise<void> => {
    await spare.close();
    await pacts.remove();
  };
  let targets: Awaited<ReturnType<typeof prepareTargets>>;
  const lease = leaseUntil(input);
  try {
    targets = await prepareTargets(
      { ...input, leaseUntil: lease },
      sender,
      options.target.envelope !== undefined ? [options.target.envelope] : present,
    );
  } catch (error) {
    // Nothing of the run's may outlive it (a kept child would hold the process open).
    await release();
    throw error;
  }
  if (!targets.ok) {
    await release();
    return stopped(targets.outcome, targets.problem, sender.count);
  }
  const { prepared } = targets;
  const envelopes = prepared.map((p) => p.target.envelope);
  notVerifiedHere(input, envelopes);
  const cleanupSender = createSender(options);
  const shared: Shared = {
    sender,
    cleanupSender,
    verified: 0,
    toVerify: input.interactions.filter((i) => envelopes.includes(i.envelope)).length,
    spare,
    seen: new Set(),
    mixed: new Set(),
    ledgers: [],
    natives: [],
    pacts,
    leaseUntil: lease,
  };
  const interrupt = onInterrupt(input, shared);
  stop.addEventListener("abort", interrupt, { once: true });
  let work: Awaited<ReturnType<typeof verifyAll>> = { problems: [], done: [], names: undefined };
  let pactMissing = false;
  let cleaned: { problems: string[]; left: FixtureLeft[] } = { problems: [], left: [] };
  try {
    work = await verifyAll(input, prepared, shared);
  } catch (error) {
    if (!(error instanceof NativeUnavailable)) throw error;
    pactMissing = true;
  } finally {
    stop.removeEventListener("abort", interrupt);
    await shared.spare?.close();
    await shared.pacts.remove();
    // Whatever happened above: every fixture the run may have written is deleted and confirmed gone.
    cleaned = await cleanupAll(input, shared);
    for (const p of prepared) await p.close();
  }
  const problems = [...work.problems, ...cleaned.problems, ...shared.mixed].map(input.redact);
  const requestCount = sender.count + cleanupSender.count;
  const left = { target, problems, fixturesLeft: cleaned.left, requestCount };
  if (pactMissing) return { ok: false, outcome: "cannot-run", problem: PACT_INSTALL_HINT, left };
  return {
    ok: true,
    ...left,
    envelopes,
    results: work.done.sort((a, b) => a[0] - b[0]).map(([, r]) => r),
    coverage: input.conformance?.coverage(envelopes, shared.seen) ?? [],
    ...(work.names !== undefined ? { names: work.names } : {}),
  };
}

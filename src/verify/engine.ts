// Verifies a list of interactions against one target that speaks one envelope: plans their
// provider states, creates the fixtures ahead (a few at a time), lets the native verifier run one
// interaction at a time through the harness (gate, forward), checks afterwards what each request
// did (in the background, while the next interaction runs) and reports each verdict as soon as it
// is complete, in order.
import { randomBytes } from "node:crypto";
import type { PathNames } from "../rules/contract.js";
import { type Envelope, envelopeOf } from "../rules/envelope.js";
import { MAX_BODY_BYTES } from "../rules/limits.js";
import type { Redactor } from "../rules/secrets.js";
import type { InteractionResult } from "./api.js";
import type { Conformance } from "./checks/conformance.js";
import { coverageKey, FIXTURE_OPERATIONS } from "./checks/conformance.js";
import { forward, localReply, NOT_SENT_STATUS } from "./native/forward.js";
import { gate } from "./native/gate.js";
import { type Harness, type HarnessHandlers, startHarness } from "./native/harness.js";
import type { NativeOutcome, NativeVerifier } from "./native/verifier.js";
import { newObservation, type Observation, resultOf } from "./outcome.js";
import type { Interaction, PactFolder } from "./pacts.js";
import { type Admin, answerJson, createAdmin, describe, made, presence } from "./server/admin.js";
import { eachLimited, type Ledger, removeFixture } from "./server/fixtures.js";
import { type Answer, jsonOf, type Sender } from "./server/http.js";
import { type Arrangement, arrange } from "./states.js";

export interface Target {
  readonly baseUrl: string;
  readonly token: string;
  readonly limitedToken?: string | undefined;
  readonly projectName: string;
  readonly envelope: Envelope;
}

export interface EngineContext {
  readonly sender: Sender;
  readonly redact: Redactor;
  readonly conformance: Conformance | undefined;
  readonly conformanceFails: boolean;
  readonly ledger: Ledger;
  /** The lease every fixture this run creates carries (server/lease.ts). */
  readonly leaseUntil: Date;
  readonly native: NativeVerifier;
  readonly pacts: PactFolder;
  readonly stop: AbortSignal;
  /** Each interaction's result, in order, as soon as it is complete. */
  readonly onResult: (result: InteractionResult) => void;
  /** (status, envelope) pairs of Delete answers seen; shared by the run for coverage. */
  readonly seen: Set<string>;
  /** Notes answers in another envelope than the target's (a server that mixes them). */
  readonly onEnvelope: (where: string, envelope: Envelope | "mixed") => void;
}

/** How many fixtures are created at the same time. */
const CREATE_CONCURRENCY = 4;

/** A token no server accepts: random, and never the real one. */
function invalidToken(real: string): string {
  let token = `invalid-${randomBytes(24).toString("hex")}`;
  while (token === real) token = `invalid-${randomBytes(24).toString("hex")}`;
  return token;
}

function noteEnvelope(ctx: EngineContext, target: Target, where: string, json: unknown): void {
  const envelope = envelopeOf(json);
  if (envelope !== undefined && envelope !== target.envelope) ctx.onEnvelope(where, envelope);
}

/** Creates one planned fixture; records why it could not be. */
async function createFixture(admin: Admin, ctx: EngineContext, target: Target, a: Arrangement): Promise<void> {
  const fixture = a.fixture;
  if (fixture === undefined || a.problem !== undefined || a.skip !== undefined) return;
  const { projectName, connectionName } = fixture;
  ctx.ledger.mayExist(projectName, connectionName);
  const created = await admin.create(projectName, connectionName);
  const said = describe(created, ctx.redact);
  if (created.status === undefined) {
    a.problem = `state could not be set up: Create Connection ${connectionName}: ${said}; if it was stored, the run's cleanup removes it`;
    return;
  }
  const json = answerJson(created);
  noteEnvelope(ctx, target, "Create Connection", json);
  const findings = ctx.conformance?.check(created.status, json, ctx.redact, undefined, FIXTURE_OPERATIONS.create) ?? [];
  if (findings.length > 0) a.findings = findings;
  if (made(created)) {
    ctx.ledger.set(projectName, connectionName, "exists");
    return;
  }
  a.problem = `state could not be set up: Create Connection ${connectionName} in project ${projectName} answered ${said}`;
}

/** After the request: is the fixture gone (a valid token) or kept (an invalid or limited one)? */
async function checkFixture(admin: Admin, ctx: EngineContext, a: Arrangement, observed: Observation): Promise<void> {
  const fixture = a.fixture;
  if (fixture === undefined || !observed.sent) return;
  const { projectName, connectionName } = fixture;
  const found = await admin.get(projectName, connectionName);
  if (found.status === undefined) {
    const reason = describe(found, ctx.redact);
    stopOrFailure(ctx, observed).push(`could not check connection ${connectionName} after the request: ${reason}`);
    return;
  }
  observed.findings.push(
    ...(ctx.conformance?.check(found.status, answerJson(found), ctx.redact, undefined, FIXTURE_OPERATIONS.get) ?? []),
  );
  const state = presence(found);
  if (state === "gone") ctx.ledger.set(projectName, connectionName, "gone");
  if (a.token === "valid" && state !== "gone") {
    observed.failures.push(
      state === "exists"
        ? `connection ${connectionName} still exists after the delete request: the server did not delete it`
        : `could not confirm connection ${connectionName} is gone after the delete request: Get Connection answered ${describe(found, ctx.redact)}`,
    );
  } else if (a.token !== "valid" && state !== "exists") {
    const how =
      state === "gone"
        ? "was deleted"
        : `may have been deleted (Get Connection answered ${describe(found, ctx.redact)})`;
    observed.failures.push(
      `connection ${connectionName} ${how} although the request carried ${a.token === "invalid" ? "an invalid token" : "a token without the permission"}`,
    );
  }
  if (state !== "gone") {
    const problem = await removeFixture(admin, ctx.ledger, { projectName, connectionName, state: "may-exist" });
    if (problem !== undefined) stopOrFailure(ctx, observed).push(problem);
  }
}

/**
 * Just before the request: is the fixture still there? One that is gone was removed by someone
 * else during the run (a person, another tool, a `cleanup --force`): the request is not sent, and
 * the interaction is a problem of the run, never a finding against the server. An answer that
 * proves nothing (or none) lets the request go; the check after it says what happened.
 */
async function vanished(admin: Admin, ctx: EngineContext, fixture: PathNames): Promise<string | undefined> {
  const { projectName, connectionName } = fixture;
  if (presence(await admin.get(projectName, connectionName)) !== "gone") return undefined;
  ctx.ledger.set(projectName, connectionName, "gone");
  return `fixture ${connectionName} was removed by someone else during the run (created for this interaction, gone before its request): not verified; this is no finding against the server`;
}

/** Where a problem of a fixture step goes: cut short by Ctrl-C it is an error of the run, not something the server did wrong. */
function stopOrFailure(ctx: EngineContext, observed: Observation): string[] {
  return ctx.stop.aborted ? observed.errors : observed.failures;
}

/** The interaction being verified now: what its states arranged, and what the run records about it. */
interface Current {
  readonly plan: Arrangement;
  readonly observed: Observation;
}

/** What the harness answers: the state's names to inject, and each request through the gate and on to the server. */
function handlersFor(
  target: Target,
  ctx: EngineContext,
  admin: Admin,
  current: () => Current | undefined,
): HarnessHandlers {
  const tokens = { valid: target.token, invalid: invalidToken(target.token), limited: target.limitedToken ?? "" };
  return {
    state: async (change) => {
      const plan = current()?.plan;
      if (change.action !== "setup" || plan?.names === undefined || plan.problem !== undefined) return {};
      if (plan.skip !== undefined) return {};
      return { projectName: plan.names.projectName, connectionName: plan.names.connectionName };
    },
    request: async (request) => {
      const now = current();
      if (now === undefined) return localReply(NOT_SENT_STATUS, "Not sent: no interaction is being verified");
      const { plan, observed } = now;
      const blocked = ctx.stop.aborted
        ? "the run was interrupted: the request was not sent"
        : (plan.problem ?? plan.skip);
      const decision = gate(request, plan.names, blocked);
      if (!decision.send) {
        if (!observed.errors.includes(decision.reason)) observed.errors.push(decision.reason);
        return localReply(NOT_SENT_STATUS, `Not sent to the server: ${decision.reason}`);
      }
      if (plan.fixture !== undefined) {
        const gone = await vanished(admin, ctx, plan.fixture);
        if (gone !== undefined) {
          observed.errors.push(gone);
          return localReply(NOT_SENT_STATUS, `Not sent to the server: ${gone}`);
        }
        ctx.ledger.set(plan.fixture.projectName, plan.fixture.connectionName, "may-exist");
      }
      observed.sent = true;
      const sent = await forward(ctx.sender, target.baseUrl, decision.names, tokens[plan.token], ctx.redact);
      if (!sent.answered) {
        stopOrFailure(ctx, observed).push(`the server did not answer the delete request: ${sent.reason}`);
        return sent.reply;
      }
      recordAnswer(target, ctx, observed, sent.answer);
      return sent.reply;
    },
  };
}

/** What the run learns from the server's answer to a verified request: size, conformance, coverage, envelope. */
function recordAnswer(target: Target, ctx: EngineContext, observed: Observation, answer: Answer): void {
  const { status } = answer;
  if (answer.truncated) {
    observed.notCompared = `the answer (HTTP ${status}) is larger than ${MAX_BODY_BYTES} bytes: not shown to the verifier, not compared`;
    observed.failures.push(observed.notCompared);
  }
  const json = jsonOf(answer);
  const mediaType = answer.truncated ? undefined : answer.headers.get("content-type");
  observed.findings.push(...(ctx.conformance?.check(status, json, ctx.redact, mediaType) ?? []));
  const envelope = envelopeOf(json);
  if (envelope === "success" || envelope === "status") ctx.seen.add(coverageKey(status, envelope));
  if (envelope !== undefined && envelope !== target.envelope) ctx.onEnvelope("Delete Connection", envelope);
}

/** Runs one interaction through the native verifier (unless its states say it cannot be); never throws but for a missing Pact. */
async function verifyOne(
  interaction: Interaction,
  plan: Arrangement,
  observed: Observation,
  ctx: EngineContext,
  harness: Harness,
): Promise<NativeOutcome | undefined> {
  if (plan.skip !== undefined) {
    observed.skip = plan.skip;
    return undefined;
  }
  if (ctx.stop.aborted) {
    observed.errors.push("the run was interrupted: the interaction was not verified");
    return undefined;
  }
  if (plan.problem !== undefined) {
    observed.errors.push(notSent(plan.problem));
    return undefined;
  }
  const job = {
    pactFile: await ctx.pacts.write(interaction),
    providerBaseUrl: harness.url,
    stateUrl: harness.stateUrl,
  };
  let outcome = await ctx.native.run(job);
  // A child that died before it sent anything (one kept from an earlier run, killed meanwhile)
  // gets the job again, once, in a new child: nothing reached the server, so nothing is repeated.
  const died = outcome.kind === "failed" && outcome.exited === true;
  if (died && !observed.sent && !ctx.stop.aborted) outcome = await ctx.native.run(job);
  if (outcome.kind === "cannot-load") throw new NativeUnavailable(outcome.message);
  return outcome;
}

/** Verifies `interactions` (all of `target.envelope`) against `target`; resolves with their results in order. */
export async function runInteractions(
  target: Target,
  interactions: readonly Interaction[],
  ctx: EngineContext,
): Promise<InteractionResult[]> {
  const { ledger, sender, redact } = ctx;
  const { leaseUntil } = ctx;
  const admin = createAdmin({
    redact,
    baseUrl: target.baseUrl,
    token: target.token,
    runId: ledger.runId,
    leaseUntil,
    sender,
  });
  const stateContext = { projectName: target.projectName, ledger, hasLimitedToken: target.limitedToken !== undefined };
  const plans = interactions.map((i) =>
    arrange(
      i.states.map((s) => s.name),
      stateContext,
    ),
  );
  await eachLimited(plans, CREATE_CONCURRENCY, (a) => createFixture(admin, ctx, target, a));

  let current: Current | undefined;
  const harness = await startHarness(handlersFor(target, ctx, admin, () => current));
  const results: InteractionResult[] = [];
  const checks: Promise<void>[] = [];
  let printed = Promise.resolve();
  try {
    for (const [index, interaction] of interactions.entries()) {
      const plan = plans[index] as Arrangement;
      const observed = newObservation();
      observed.findings.push(...(plan.findings ?? []));
      current = { plan, observed };
      const outcome = await verifyOne(interaction, plan, observed, ctx, harness);
      current = undefined;
      // The check of what the request did runs while the next interaction is verified.
      const check = checkFixture(admin, ctx, plan, observed);
      checks.push(check);
      // Printed in order: this verdict after the previous one, once its check is done.
      printed = printed.then(async () => {
        await check;
        const options = { conformanceFails: ctx.conformanceFails, redact };
        results[index] = resultOf(interaction, outcome, observed, options);
        ctx.onResult(results[index]);
      });
    }
  } finally {
    await Promise.allSettled(checks);
    await printed.catch(() => {});
    await harness.close();
  }
  return results;
}

const notSent = (reason: string): string =>
  reason.endsWith("not sent") ? reason : `${reason}: the request was not sent`;

/** The native verifier's library could not be loaded (Pact not installed). */
export class NativeUnavailable extends Error {
  override name = "NativeUnavailable";
}

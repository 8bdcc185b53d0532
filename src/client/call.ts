// One call of any operation, from the caller's signal to a result: one deadline for the whole
// call (every attempt, back-off and body read), each attempt sent through openapi-fetch and its
// answer read bounded (exchange.ts holds those transport rules), a resend after a connection
// closed before any answer, retries on 502/503/504 and network errors (back-off or Retry-After),
// and the answer handed to the operation's mapper. The operations (client.ts, operations.ts) each
// bring their request and mapper; nothing here knows which runs.
import { type DurationUnit, durationText } from "../rules/duration.js";
import { closedBeforeAnswer } from "../rules/network.js";
import type { Redactor } from "../rules/secrets.js";
import {
  type Attempt,
  type AttemptAnswer,
  type AttemptError,
  answerOf,
  type Issue,
  readWhole,
  received,
} from "./exchange.js";
import { readBodyText, retryAfterMs } from "./http.js";
import { type InvalidArgumentFailure, invalidArgument, type NetworkFailure, type TimeoutFailure } from "./results.js";
import { followSignal } from "./signal.js";

/** What a client shares with every call. */
export interface CallContext {
  /** The client sends through its `fetch` option, not the global fetch (exchange.ts). */
  readonly customFetch: boolean;
  /** The deadline of one call, in ms. */
  readonly timeoutMs: number;
  /** The unit messages write the deadline in (the client's timeoutUnit option). */
  readonly timeoutUnit: DurationUnit;
  /** Extra attempts an idempotent call may make (the client's `retries`). */
  readonly retries: number;
  readonly redact: Redactor;
}

/**
 * What one operation brings to a call, made once per client: how to send its request (`Q`: the
 * call's checked arguments) and how to read what came back.
 */
export interface CallOperation<Q, R> {
  /** Sends the request through openapi-fetch (the client's, whose fetch is exchange.ts's `sender`). */
  readonly issue: Issue<Q>;
  /** The most bytes of the answer's body read, after decompression. */
  readonly limit: number;
  /**
   * Sending it twice does what sending it once does (DELETE, GET: RFC 9110 §9.2.2): then it is
   * sent again at once after a connection closed before any answer, and retried (`retries`).
   */
  readonly idempotent: boolean;
  /**
   * What such a resend leaves in `earlier`, if anything: Delete's says the first attempt may have
   * deleted (a later "not found" then says so too).
   */
  readonly resendNote: string | undefined;
  /** Ends a timeout's or an abort's message: what may have happened (" (the connection may …)"), or "". */
  readonly after: string;
  /**
   * The result of a complete answer; `earlier`: what an earlier attempt of the same call got
   * ("HTTP 502", "a network error"), if any.
   */
  readonly answer: (answer: AttemptAnswer, earlier: string | undefined, request: Q) => R;
  /** The result when the last attempt got no readable answer. */
  readonly failed: (outcome: AttemptError, earlier: string | undefined) => NetworkFailure;
  /** The result of something thrown that nothing expected (the request may have been sent). */
  readonly unexpected: (error: unknown) => NetworkFailure;
}

/** Statuses worth another attempt: a gateway or server that is busy or restarting. */
const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** The first back-off, in ms; each later attempt waits twice as long (with jitter). */
const BACKOFF_BASE_MS = 200;

/**
 * How long to wait before the attempt after `attemptNo` (0 for the first), in ms: exponential
 * back-off with jitter (half to all of 200 ms × 2^attemptNo), or the server's `Retry-After`
 * (seconds or an HTTP date) when that is longer.
 */
function retryDelayMs(attemptNo: number, retryAfter: string | null): number {
  const backoff = BACKOFF_BASE_MS * 2 ** attemptNo * (0.5 + Math.random() * 0.5);
  return Math.max(backoff, retryAfterMs(retryAfter) ?? 0);
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

const aborted = (message: string): NetworkFailure => ({ ok: false, kind: "network", aborted: true, message });

/** The result of a call its deadline or the caller's signal ended; `after` as in CallOperation. */
function stopped(timedOut: boolean, limit: string, retries: number, after: string): TimeoutFailure | NetworkFailure {
  if (!timedOut) return aborted(`aborted by the caller's signal${after}`);
  const scope = retries > 0 ? " (retries included)" : "";
  return { ok: false, kind: "timeout", message: `no complete answer within ${limit}${scope}${after}` };
}

/**
 * Runs `operation` for `request` (its arguments, already checked) under the call's rules;
 * `signal` is the caller's, not yet checked (signal.ts). Never throws for anything the network,
 * the server or the signal does.
 */
export async function call<Q, R>(
  ctx: CallContext,
  operation: CallOperation<Q, R>,
  request: Q,
  signal: unknown,
): Promise<R | NetworkFailure | TimeoutFailure | InvalidArgumentFailure> {
  const { timeoutMs, redact } = ctx;
  const controller = new AbortController();
  const follow = followSignal(signal, controller, redact);
  if (follow.kind === "invalid") return invalidArgument(follow.message);
  if (follow.kind === "aborted") return aborted("aborted by the caller's signal before the request was sent");
  const { after, limit } = operation;
  const { customFetch: custom } = ctx;
  const deadline = controller.signal;
  const retries = operation.idempotent ? ctx.retries : 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(
      new DOMException(`no complete answer within ${durationText(timeoutMs, ctx.timeoutUnit)}`, "TimeoutError"),
    );
  }, timeoutMs);
  const started = retries > 0 ? Date.now() : 0;
  let earlier: string | undefined;
  let resent = false;
  try {
    for (let attemptNo = 0; ; ) {
      // One attempt: the request through openapi-fetch, then its answer's body, bounded.
      let outcome: Attempt;
      let answered: Response | undefined;
      try {
        answered = received(await operation.issue(request, deadline));
        const { text, truncated } = readWhole(answered, limit, custom)
          ? { text: await answered.text(), truncated: false }
          : await readBodyText(answered, deadline, custom, limit);
        outcome = answerOf(answered, text, truncated);
      } catch (error) {
        // `status`: the answer's head arrived and its body could not be read.
        outcome = answered === undefined ? { kind: "error", error } : { kind: "error", error, status: answered.status };
      }
      if (outcome.kind === "answer" && !(attemptNo < retries && RETRY_STATUSES.has(outcome.status))) {
        // The answer of the call (the usual case, first), even if the deadline passed just after it arrived.
        return operation.answer(outcome, earlier, request);
      }
      if (outcome.kind === "error" && deadline.aborted)
        return stopped(timedOut, durationText(timeoutMs, ctx.timeoutUnit), retries, after);
      if (
        outcome.kind === "error" &&
        outcome.status === undefined &&
        operation.idempotent &&
        !resent &&
        closedBeforeAnswer(outcome.error)
      ) {
        // The connection closed before any answer (a server closing an idle kept-alive connection
        // as the request went out): sent again at once, once, on another connection.
        resent = true;
        earlier ??= operation.resendNote;
        continue;
      }
      if (attemptNo < retries) {
        const delay = retryDelayMs(attemptNo, outcome.kind === "answer" ? outcome.headers.get("retry-after") : null);
        if (Date.now() - started + delay < timeoutMs) {
          earlier ??= outcome.kind === "error" ? "a network error" : `HTTP ${outcome.status}`;
          attemptNo++;
          try {
            await sleep(delay, deadline);
          } catch {
            return stopped(timedOut, durationText(timeoutMs, ctx.timeoutUnit), retries, after);
          }
          continue;
        }
      }
      return outcome.kind === "error"
        ? operation.failed(outcome, earlier)
        : operation.answer(outcome, earlier, request);
    }
  } catch (error) {
    // Not expected: every step above turns its failures into results.
    return operation.unexpected(error);
  } finally {
    clearTimeout(timer);
    follow.unlink();
  }
}

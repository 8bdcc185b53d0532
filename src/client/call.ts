// One call of any operation, from the caller's signal to a result: one deadline for the whole
// call (every attempt, back-off and body read), attempts through openapi-fetch (exchange.ts), a
// resend after a connection closed before any answer, retries on 502/503/504 and network errors
// (back-off or Retry-After), and the answer handed to the operation's mapper. The operations
// (client.ts, operations.ts) each bring their request and mapper; nothing here knows which runs.
import { closedBeforeAnswer } from "../rules/network.js";
import type { Redactor } from "../rules/secrets.js";
import { type Attempt, exchange, type Send } from "./exchange.js";
import { retryAfterMs } from "./http.js";
import type { FetchFunction } from "./options.js";
import type { InvalidArgumentFailure, NetworkFailure, TimeoutFailure } from "./results.js";
import { followSignal } from "./signal.js";

/** What a client shares with every call. */
export interface CallContext {
  /** The client's `fetch` option (called with one Request), or undefined for the global fetch. */
  readonly userFetch: FetchFunction | undefined;
  /** The deadline of one call, in ms. */
  readonly timeoutMs: number;
  /** Extra attempts an idempotent call may make (the client's `retries`). */
  readonly retries: number;
  readonly redact: Redactor;
}

/** A complete answer, as the mappers read it. */
export interface CallAnswer {
  readonly status: number;
  readonly text: string;
  /** The body was longer than the operation's `limit` and `text` is only its start. */
  readonly truncated: boolean;
  /** A 3xx's Location (said in the result, never followed); null for any other status. */
  readonly location: string | null;
  /** What an earlier attempt of the same call got ("HTTP 502", "a network error"), if any. */
  readonly earlier: string | undefined;
}

/** The last attempt's error: no answer, or (`status` set) an answer whose body could not be read. */
export type AttemptError = Extract<Attempt, { kind: "error" }>;

/**
 * What one operation brings to a call, made once per client: how to send its request (`Q`: the
 * call's checked arguments) and how to read what came back.
 */
export interface CallOperation<Q, R> {
  /** Sends the request through openapi-fetch with the attempt's `fetch` and signal. */
  readonly issue: (request: Q, fetch: Send, signal: AbortSignal) => Promise<unknown>;
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
  /** The result of a complete answer. */
  readonly answer: (answer: CallAnswer, request: Q) => R;
  /** The result when the last attempt got no readable answer. */
  readonly failed: (outcome: AttemptError, earlier: string | undefined) => NetworkFailure;
}

/** Statuses worth another attempt: a gateway or server that is busy or restarting. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** The first back-off, in ms; each later attempt waits twice as long (with jitter). */
const BACKOFF_BASE_MS = 200;

/**
 * How long to wait before the attempt after `attemptNo` (0 for the first), in ms: exponential
 * back-off with jitter (half to all of 200 ms × 2^attemptNo), or the server's `Retry-After`
 * (seconds or an HTTP date) when that is longer.
 */
export function retryDelayMs(attemptNo: number, retryAfter: string | null): number {
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

const invalid = (message: string): InvalidArgumentFailure => ({ ok: false, kind: "invalid-argument", message });
const aborted = (message: string): NetworkFailure => ({ ok: false, kind: "network", aborted: true, message });

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
  if (follow.kind === "invalid") return invalid(follow.message);
  if (follow.kind === "aborted") return aborted("aborted by the caller's signal before the request was sent");
  const retries = operation.idempotent ? ctx.retries : 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no complete answer within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  const stopped = (): TimeoutFailure | NetworkFailure =>
    timedOut
      ? {
          ok: false,
          kind: "timeout",
          message: `no complete answer within ${timeoutMs} ms${retries > 0 ? " (retries included)" : ""}${operation.after}`,
        }
      : aborted(`aborted by the caller's signal${operation.after}`);
  const started = retries > 0 ? Date.now() : 0;
  let earlier: string | undefined;
  let resent = false;
  const issue = (send: Send, signal: AbortSignal) => operation.issue(request, send, signal);
  try {
    for (let attemptNo = 0; ; ) {
      const outcome = await exchange(ctx.userFetch, issue, operation.limit, controller.signal);
      // A complete answer counts even if the deadline passed just after it arrived.
      if (outcome.kind === "error" && controller.signal.aborted) return stopped();
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
      const retryable = outcome.kind === "error" || RETRY_STATUSES.has(outcome.status);
      if (retryable && attemptNo < retries) {
        const delay = retryDelayMs(attemptNo, outcome.kind === "answer" ? outcome.headers.get("retry-after") : null);
        if (Date.now() - started + delay < timeoutMs) {
          earlier ??= outcome.kind === "error" ? "a network error" : `HTTP ${outcome.status}`;
          attemptNo++;
          try {
            await sleep(delay, controller.signal);
          } catch {
            return stopped();
          }
          continue;
        }
      }
      if (outcome.kind === "error") return operation.failed(outcome, earlier);
      const { status } = outcome;
      const location = status >= 300 && status < 400 ? outcome.headers.get("location") : null;
      return operation.answer({ status, text: outcome.text, truncated: outcome.truncated, location, earlier }, request);
    }
  } finally {
    clearTimeout(timer);
    follow.unlink();
  }
}

// The run's sender: every request verify makes to a server or a broker is counted here. Its own
// calls (the healthcheck, List for cleanup, the broker's, drift's) go through `send`: a time limit
// per request, redirects never followed, bodies read up to MAX_BODY_BYTES (after decompression, so
// a gzip bomb stays small). The fixture calls go through the package's client over `fetch`, and
// the client applies the same rules itself.
import { type DurationUnit, durationText } from "../../rules/duration.js";
import { MAX_BODY_BYTES } from "../../rules/limits.js";
import { closedBeforeAnswer, describeError, failureSentence, unreadableAnswer } from "../../rules/network.js";
import type { HttpFetch, RequestLimit } from "../api.js";

/** An answer as verify sees it: the body cut at MAX_BODY_BYTES, already decompressed. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  /** The body bytes read (at most MAX_BODY_BYTES). */
  readonly body: Uint8Array;
  /** The body was longer than MAX_BODY_BYTES; only its start was read. */
  readonly truncated: boolean;
}

/** Why no answer came: `timeout` (no complete answer in time), `aborted` (the run was stopped) or `network`. */
export class SendError extends Error {
  override name = "SendError";
  constructor(
    readonly reason: "timeout" | "aborted" | "network",
    message: string,
  ) {
    super(message);
  }
}

export interface Request {
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** How an answer's body is read, when not as usual (kept, up to MAX_BODY_BYTES). */
export interface ReadOptions {
  /** The most body bytes read (after decompression); default MAX_BODY_BYTES. */
  readonly maxBytes?: number;
  /**
   * Called once the status is known. A function it returns takes the body chunk by chunk (in
   * order, at most `maxBytes` in all) and nothing is kept: the Answer's body is then empty and
   * `truncated` says whether the bound cut it. Undefined: the body is kept as usual.
   */
  readonly sinkFor?: (status: number) => ((chunk: Uint8Array) => void) | undefined;
}

/** Sends requests with one time limit and one stop signal; counts them. */
export interface Sender {
  send(request: Request, read?: ReadOptions): Promise<Answer>;
  /** How many requests were sent so far (through `send` and through `fetch`). */
  readonly count: number;
  /** The time limit of one request, in milliseconds. */
  readonly timeoutMs: number;
  /** The unit messages write it in. */
  readonly timeoutUnit: DurationUnit;
  /** Stops every request at once when it aborts. */
  readonly stop: AbortSignal | undefined;
  /**
   * The caller's transport, each request counted in `count`: for the package's client, which
   * sends the fixture calls itself (admin.ts) with `timeoutMs` and `stop` as its own.
   */
  readonly fetch: HttpFetch;
}

const utf8 = new TextDecoder();

/** The body as text (UTF-8; invalid bytes become U+FFFD). */
export function textOf(answer: Answer): string {
  return utf8.decode(answer.body);
}

/** The body parsed as JSON, or undefined when it is not JSON (or was cut). */
export function jsonOf(answer: Answer): unknown {
  if (answer.truncated || answer.body.length === 0) return undefined;
  try {
    return JSON.parse(textOf(answer)) as unknown;
  } catch {
    return undefined;
  }
}

async function readBounded(
  response: Response,
  signal: AbortSignal,
  maxBytes = MAX_BODY_BYTES,
  sink?: (chunk: Uint8Array) => void,
): Promise<{ body: Uint8Array; truncated: boolean }> {
  if (response.body === null) return { body: new Uint8Array(), truncated: false };
  const keep = (chunk: Uint8Array): void => {
    if (sink === undefined) chunks.push(chunk);
    else sink(chunk);
  };
  const reader = response.body.getReader();
  const onAbort = (): void => void reader.cancel().catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > maxBytes) {
        keep(value.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        await reader.cancel().catch(() => {});
        break;
      }
      keep(value);
      size += value.byteLength;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  if (sink !== undefined) return { body: new Uint8Array(), truncated };
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return { body, truncated };
}

/** What failed, for a report: a DNS or TLS failure in one sentence with the raw reason after it, else the cause's code or message. */
function causeOf(error: unknown): string {
  if (failureSentence(error) !== undefined) return describeError(error);
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/** Why a request (or a step made of requests) failed, for a report: a SendError's own message, else the error as text. */
export function reasonOf(error: unknown): string {
  return error instanceof SendError ? error.message : String(error);
}

/** Methods sent again once when their connection closes before any answer (RFC 9110 §9.2.2: idempotent). */
const RESENT_METHODS = new Set(["GET", "HEAD", "DELETE"]);

/**
 * A Sender whose every request must complete (headers and body) within `timeoutMs`, and which
 * stops at once when `stop` aborts. Sends through `fetch` (the caller's transport), default the global one.
 * A GET or DELETE whose connection closes before any answer (a server closing an idle kept-alive
 * connection as the request went out: rules/network.ts) is sent again once, at once, within the
 * same time limit; both sendings are counted.
 */
export function createSender(
  options: RequestLimit & { readonly fetch?: HttpFetch | undefined },
  stop?: AbortSignal,
): Sender {
  const send = options.fetch ?? ((request: globalThis.Request) => fetch(request));
  const timeoutUnit = options.timeoutUnit ?? "s";
  let count = 0;
  const stopped = (): boolean => stop?.aborted === true;
  return {
    get count() {
      return count;
    },
    timeoutMs: options.timeoutMs,
    timeoutUnit,
    stop,
    fetch: (request) => {
      count += 1;
      return send(request);
    },
    async send(request: Request, read: ReadOptions = {}): Promise<Answer> {
      if (stopped()) throw new SendError("aborted", "the run was stopped");
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = stop === undefined ? deadline : AbortSignal.any([deadline, stop]);
      const failure = (error: unknown): SendError => {
        if (stopped()) return new SendError("aborted", "the run was stopped");
        if (deadline.aborted)
          return new SendError("timeout", `no complete answer within ${durationText(options.timeoutMs, timeoutUnit)}`);
        return new SendError("network", unreadableAnswer(error) ?? causeOf(error));
      };
      for (let resent = false; ; resent = true) {
        count += 1;
        // Kept alive until the answer is read (the `finally` below): Node's fetch follows this
        // Request's signal only while the object lives (nodejs/node#55428); a garbage collection
        // while waiting would unhook the deadline, and a silent server would be waited on forever.
        const outgoing = new globalThis.Request(request.url, {
          method: request.method,
          headers: request.headers ?? {},
          redirect: "manual",
          signal,
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
        try {
          let response: Response;
          try {
            response = await send(outgoing);
          } catch (error) {
            if (!resent && !signal.aborted && RESENT_METHODS.has(request.method) && closedBeforeAnswer(error)) continue;
            throw failure(error);
          }
          try {
            const sink = read.sinkFor?.(response.status);
            const { body, truncated } = await readBounded(response, signal, read.maxBytes, sink);
            if (signal.aborted) throw signal.reason;
            return { status: response.status, headers: response.headers, body, truncated };
          } catch (error) {
            throw failure(error);
          }
        } finally {
          // A getter call after the last await: `outgoing` cannot be collected before this point.
          void outgoing.signal;
        }
      }
    },
  };
}

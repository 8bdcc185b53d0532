// The transport rules of one attempt, for every operation (the attempt itself is in call.ts's
// loop): openapi-fetch builds the Request from the generated `paths` (typed path, query and body;
// the names percent-encoded) and hands it to the client's `sender`, its custom `fetch` (one per
// client), which holds the deadline even for a fetch that ignores the signal and keeps a non-2xx
// answer from openapi-fetch; `parseAs: "stream"` leaves a 2xx body unread. The client reads every
// body itself, bounded (readWhole, http.ts's readBodyText).
import { isIdentity, raceAbort } from "./http.js";
import type { FetchFunction } from "./options.js";

/** A complete answer: its body read up to the limit. */
export interface AttemptAnswer {
  readonly kind: "answer";
  readonly status: number;
  readonly text: string;
  /** The body was longer than the limit and `text` is only its start. */
  readonly truncated: boolean;
  /** A 3xx's Location (said in the result, never followed); null for any other status. */
  readonly location: string | null;
  readonly headers: Headers;
}

/** An attempt that got no complete answer: none at all, or (`status` set) one whose body could not be read. */
export interface AttemptError {
  readonly kind: "error";
  readonly error: unknown;
  readonly status?: number;
}

/** What one attempt got: a complete answer, or an error. */
export type Attempt = AttemptAnswer | AttemptError;

/** Sends `request` through openapi-fetch, e.g. `(q, signal) => api.GET(path, { …, parseAs: "stream", signal })`. */
export type Issue<Q> = (request: Q, signal: AbortSignal) => Promise<{ readonly response: Response }>;

/** Like a Response (one of another realm, or a custom fetch's own), or something else. */
function isResponse(value: unknown): value is Response {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Response).status === "number" &&
    typeof (value as Response).headers?.get === "function"
  );
}

/**
 * What openapi-fetch gets in place of an answer that is not 2xx: it reads such a body whole
 * (`response.text()`), past any limit, and a 204 is never read. It carries the real answer, which
 * the client reads itself, bounded.
 */
class ReadByTheClient extends Response {
  constructor(readonly answer: Response) {
    super(null, { status: 204 });
  }
}

/** What openapi-fetch gets from the fetch: a 2xx answer itself, any other in a stand-in. */
function keep(response: Response): Response {
  if (!(response instanceof Response) && !isResponse(response)) throw new Error("fetch did not resolve to a Response");
  return response.ok ? response : new ReadByTheClient(response);
}

/**
 * The `fetch` a client gives openapi-fetch: the global fetch, or the client's `fetch` option
 * raced against the request's signal (it follows the call's deadline and the caller's signal: a
 * custom fetch may ignore it, and is never waited on past it). Called with one Request.
 */
export function sender(userFetch: FetchFunction | undefined): (request: Request) => Promise<Response> {
  const held = (request: Request) => (response: Response) => {
    if (typeof response === "object" && response !== null) requestOf.set(response, request);
    return keep(response);
  };
  if (userFetch === undefined) return (request) => fetch(request).then(held(request));
  return (request) =>
    raceAbort(
      Promise.resolve().then(() => userFetch(request)),
      request.signal,
    ).then(held(request));
}

/**
 * Each answer's Request, alive as long as the answer is (the client holds the answer until its
 * body is read): Node's fetch follows a Request's signal only while that object lives
 * (nodejs/node#55428), and openapi-fetch lets it go once the headers are in, so after a garbage
 * collection the deadline could no longer stop a body that stalls after its headers.
 */
const requestOf = new WeakMap<object, Request>();

/** The answer openapi-fetch resolved to: the real one, also when it was handed a stand-in. */
export function received(sent: { readonly response: Response }): Response {
  return sent.response instanceof ReadByTheClient ? sent.response.answer : sent.response;
}

/**
 * Whether `response`'s body may be read whole with `text()`: the global fetch's answer, announced
 * at most `limit` bytes and not compressed (fetch itself stops a server that sends more than it
 * declared). A compressed body's Content-Length counts the compressed bytes, not what text()
 * decodes (a 50 KB gzip body can be 50 MiB), and a custom fetch's Response is not held to its
 * own: those are read by readBodyText, counting the bytes. `custom`: the client's `fetch` option
 * is what sent it.
 */
export function readWhole(response: Response, limit: number, custom: boolean): boolean {
  if (custom) return false;
  const { headers } = response;
  const declared = Number(headers.get("content-length") ?? Number.NaN);
  return declared >= 0 && declared <= limit && isIdentity(headers.get("content-encoding"));
}

/** The attempt's complete answer: `response` with its body's `text` (its start, when `truncated`). */
export function answerOf(response: Response, text: string, truncated: boolean): AttemptAnswer {
  const { status, headers } = response;
  const location = status >= 300 && status < 400 ? headers.get("location") : null;
  return { kind: "answer", status, text, truncated, location, headers };
}

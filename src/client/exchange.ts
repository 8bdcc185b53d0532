// One request and its answer under the client's transport rules, for every operation: openapi-fetch
// builds the Request from the generated `paths` (typed path, query and body; the names
// percent-encoded) and hands it to `send`, its custom `fetch`, which holds the rules: the deadline
// even for a fetch that ignores the signal, the answer kept for the client to read, bounded.
// `parseAs: "stream"` leaves a 2xx body unread; a non-2xx one openapi-fetch never sees.
import { isIdentity, raceAbort, readBodyText } from "./http.js";
import type { FetchFunction } from "./options.js";

/** What one attempt got: a complete answer (its body read up to the limit), or an error. */
export type Attempt =
  | {
      readonly kind: "answer";
      readonly status: number;
      readonly text: string;
      readonly truncated: boolean;
      headers: Headers;
    }
  // `status` is set when the answer's head arrived and its body could not be read.
  | { readonly kind: "error"; readonly error: unknown; readonly status?: number };

/** Sends one request through openapi-fetch with `send` as its fetch, e.g. `(fetch, signal) => api.GET(path, { …, parseAs: "stream", signal, fetch })`. */
export type Issue = (send: (request: Request) => Promise<Response>, signal: AbortSignal) => Promise<unknown>;

/** Not a Response: a custom fetch resolved to something else. */
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
 * (`response.text()`), past any limit, and a 204 is never read. The client reads the real body
 * itself, bounded. Shared: a body-less Response can be read any number of times.
 */
const READ_BY_THE_CLIENT = new Response(null, { status: 204 });

/**
 * One attempt: `issue` sends the request through openapi-fetch; the answer's body is read up to
 * `limit` bytes (decoded bytes: a compressed body is counted after decompression). `userFetch`:
 * the client's `fetch` option, raced against `signal`. Never throws.
 */
export async function exchange(
  userFetch: FetchFunction | undefined,
  issue: Issue,
  limit: number,
  signal: AbortSignal,
): Promise<Attempt> {
  let received: Response | undefined;
  // The Request openapi-fetch built, held until the body is read (the `finally` below): Node's
  // fetch follows a Request's signal only while the object lives (nodejs/node#55428); once it
  // was collected, the deadline could no longer stop a body that stalls after its headers.
  let sent: Request | undefined;
  const keep = (response: Response): Response => {
    if (!isResponse(response)) throw new Error("fetch did not resolve to a Response");
    received = response;
    return response.ok ? response : READ_BY_THE_CLIENT;
  };
  const send = (request: Request): Promise<Response> => {
    sent = request;
    return userFetch === undefined
      ? fetch(request).then(keep)
      : // A custom fetch may ignore the signal: never wait on it past the deadline.
        raceAbort(
          Promise.resolve().then(() => userFetch(request)),
          signal,
        ).then(keep);
  };
  try {
    await issue(send, signal);
  } catch (error) {
    return { kind: "error", error };
  }
  const response = received as Response;
  try {
    if (userFetch === undefined) {
      const declared = Number(response.headers.get("content-length") ?? Number.NaN);
      if (declared >= 0 && declared <= limit && isIdentity(response.headers.get("content-encoding"))) {
        // Small, announced and not compressed: fetch itself stops a server that sends more than
        // it declared. A compressed body's Content-Length counts the compressed bytes, not what
        // text() decodes (a 50 KB gzip body can be 50 MiB): those go through readBodyText.
        const text = await response.text();
        return { kind: "answer", status: response.status, text, truncated: false, headers: response.headers };
      }
    }
    const { text, truncated } = await readBodyText(response, signal, userFetch !== undefined, limit);
    return { kind: "answer", status: response.status, text, truncated, headers: response.headers };
  } catch (error) {
    return { kind: "error", error, status: response.status };
  } finally {
    // A getter call after the last await: `sent` cannot be collected before this point.
    void sent?.signal;
  }
}

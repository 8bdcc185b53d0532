/** Small HTTP helpers for the client: bounded body reads, abort races, Retry-After. No dependencies. */

import { MAX_BODY_BYTES } from "../rules/limits.js";

export interface BodyText {
  readonly text: string;
  /** `true` when the body was longer than the read's limit and only its start was read. */
  readonly truncated: boolean;
}

const utf8 = new TextDecoder("utf-8");

/**
 * Resolves with `promise`, or rejects with the signal's reason as soon as `signal` aborts —
 * even if whatever produces `promise` ignores the signal (a custom `fetch`, a stalled stream).
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * `true` when a body with this Content-Encoding header is not compressed (no header, or
 * `identity`): only then does Content-Length count the bytes `text()` yields.
 */
export function isIdentity(contentEncoding: string | null): boolean {
  return contentEncoding === null || contentEncoding.trim().toLowerCase() === "identity";
}

/**
 * Reads at most `limit` bytes (default MAX_BODY_BYTES) of `response`'s body as UTF-8 text, counting the bytes the body
 * stream yields (after fetch decompressed them), and cancels the stream past that; stops when
 * `signal` aborts. Never trusts Content-Length: a compressed body's counts the compressed bytes,
 * and a Response a custom fetch built is not held to it.
 * `race`: also stop on abort when the body ignores the signal (a custom fetch's Response); the
 * global fetch aborts its bodies itself.
 */
export async function readBodyText(
  response: Response,
  signal: AbortSignal,
  race: boolean,
  limit = MAX_BODY_BYTES,
): Promise<BodyText> {
  const body = response.body;
  if (body === null) return { text: "", truncated: false };
  const reader = body.getReader();
  const cancel = (): void => {
    reader.cancel(signal.reason).catch(() => {});
  };
  signal.addEventListener("abort", cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await (race ? raceAbort(reader.read(), signal) : reader.read());
      if (done) break;
      if (size + value.byteLength > limit) {
        chunks.push(value.subarray(0, limit - size));
        size = limit;
        truncated = true;
        reader.cancel().catch(() => {});
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    signal.removeEventListener("abort", cancel);
  }
  if (signal.aborted) throw signal.reason;
  if (chunks.length === 1) return { text: utf8.decode(chunks[0]), truncated };
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: utf8.decode(all), truncated };
}

/**
 * Parses a Retry-After header (delay-seconds or an HTTP date) into milliseconds from `now`;
 * `undefined` when absent or unreadable.
 */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date (IMF-fixdate or the obsolete forms): all end in GMT. Date.parse alone would
  // also accept "1.5" or "-1" as dates.
  if (!/^[A-Za-z]{3,9}, .* GMT$|^[A-Za-z]{3} [A-Za-z]{3} .*\d{4}$/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

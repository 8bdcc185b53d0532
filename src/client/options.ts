// The client's options: their types, defaults and checks. An unusable option throws a TypeError
// at creation; no message ever repeats a token, a header value or the base URL's text.
import { checkBaseUrl } from "../rules/base-url.js";
import type { DurationUnit } from "../rules/duration.js";
import { tokenProblem } from "../rules/secrets.js";

/**
 * Any `fetch`-compatible function. `deleteConnection` and `client.raw` both call it as openapi-fetch
 * calls one: with a single `Request` (method, URL, headers, `redirect: "manual"` and the deadline's
 * signal are on it), `fetch(request)`.
 */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Optional fields also accept `undefined` (= the default), handy under exactOptionalPropertyTypes. */
export interface ConnectionsClientOptions {
  /**
   * The management console's URL, e.g. `https://demo.apinizer.com` (http or https; a path prefix
   * is kept; no credentials, query, fragment or trailing `/apiops`). Checked by the project's one
   * base-URL rule.
   */
  readonly baseUrl: string;
  /** A Personal API Access Token (visible ASCII). Sent only as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Time limit in milliseconds for one `deleteConnection` call, retries and backoff included. Default 30000. */
  readonly timeoutMs?: number | undefined;
  /**
   * The unit a result's message writes the time limit in: "ms" ("no complete answer within 1500
   * ms", the default: the unit of `timeoutMs`) or "s" ("… within 1.5 s"), e.g. the unit a user
   * gave it in.
   */
  readonly timeoutUnit?: DurationUnit | undefined;
  /** Extra attempts after a network error or a 502/503/504. Default 0, at most MAX_RETRIES (10). */
  readonly retries?: number | undefined;
  /** A `fetch` to use instead of `globalThis.fetch` (tests, proxies, instrumentation); called with a single `Request`. */
  readonly fetch?: FetchFunction | undefined;
  /** Extra request headers. `Authorization` is refused: the client sets it from `token`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The default time limit of one `deleteConnection` call, in milliseconds (30 s). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The most `retries` a client accepts. */
export const MAX_RETRIES = 10;
/** setTimeout's limit, in milliseconds. */
const MAX_TIMEOUT_MS = 2_147_483_647;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The options after checking, with defaults filled in. */
export interface CheckedOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
  readonly timeoutUnit: DurationUnit;
  readonly retries: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: FetchFunction | undefined;
}

function optionError(message: string): TypeError {
  return new TypeError(`createConnectionsClient: ${message}`);
}

function checkHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw optionError("headers must be an object of header names to string values");
  }
  const out: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (!HEADER_NAME.test(name)) {
      throw optionError(`headers: "${name.replace(/[^\x20-\x7e]/g, "?")}" is not a valid header name`);
    }
    if (name.toLowerCase() === "authorization") {
      throw optionError("headers must not set Authorization: the client sends the token as a Bearer token itself");
    }
    // The value is not repeated in the message: it may be a secret too.
    if (typeof headerValue !== "string" || !HEADER_VALUE.test(headerValue)) {
      throw optionError(`headers: the value of "${name}" must be a string without CR, LF or other control characters`);
    }
    out[name] = headerValue;
  }
  return out;
}

function checkTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw optionError(`timeoutMs must be a number of milliseconds > 0 and <= ${MAX_TIMEOUT_MS}`);
  }
  return value;
}

function checkRetries(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_RETRIES) {
    throw optionError(`retries must be an integer from 0 to ${MAX_RETRIES}`);
  }
  return value;
}

/** Checks every option; throws a TypeError naming the option and the reason (never its value). */
export function checkOptions(options: ConnectionsClientOptions): CheckedOptions {
  if (typeof options !== "object" || options === null) throw optionError("options must be an object");
  const base = checkBaseUrl(options.baseUrl);
  if (!base.ok) throw optionError(`baseUrl ${base.problem}`);
  const problem = tokenProblem(options.token);
  if (problem !== undefined) throw optionError(`token ${problem}`);
  const timeoutMs = checkTimeout(options.timeoutMs);
  const timeoutUnit = options.timeoutUnit ?? "ms";
  if (timeoutUnit !== "ms" && timeoutUnit !== "s") throw optionError('timeoutUnit must be "ms" or "s"');
  const retries = checkRetries(options.retries);
  const headers = checkHeaders(options.headers);
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw optionError("fetch must be a function");
  return { baseUrl: base.url, token: options.token, timeoutMs, timeoutUnit, retries, headers, fetch: options.fetch };
}

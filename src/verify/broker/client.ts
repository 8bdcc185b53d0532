// The Pact Broker's HTTP side (HAL over HTTP): authentication, links followed on the configured
// origin, the broker's error words, and retries. Every call is bounded by the run's timeout and
// stops with it, so a silent broker can never hang a run; 5xx, 408 and 429 are retried with
// back-off (and Retry-After) within a bound for the whole run.
//
// How the broker behaves (pact_broker 2.120, read from its source): it writes every link from its
// own configured base URL, which may name another host or scheme than the URL the pipeline uses;
// like Pact's own verifier, every link is followed on the configured origin (the link's path and
// query), so the broker's credentials never go anywhere else.
import { setTimeout as delay } from "node:timers/promises";
import { retryAfterMs } from "../../client/http.js";
import { durationText } from "../../rules/duration.js";
import { isJsonObject } from "../../rules/envelope.js";
import type { BrokerOptions, VerifyOptions } from "../api.js";
import { type Answer, createSender, jsonOf, SendError, type Sender } from "../server/http.js";

const HAL = "application/hal+json, application/json";

/** Retries of one call to the broker after a 5xx, 408 or 429 (as Pact's clients retry). */
export const BROKER_RETRIES = 3;
/** The first back-off wait, doubled for each retry (0.5 s, 1 s, 2 s), unless the broker sends Retry-After. */
export const BROKER_BACKOFF_MS = 500;
/** The most a whole run waits between retries of the broker, all calls together. */
export const BROKER_RETRY_BUDGET_MS = 30_000;

function authorization(auth: BrokerOptions["auth"]): Record<string, string> {
  if (auth === undefined) return {}; // a broker without authentication (the Pact Broker's default)
  return {
    authorization:
      "token" in auth
        ? `Bearer ${auth.token}`
        : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
  };
}

/** A broker answer this run cannot go on with; its message is the whole explanation. */
export class BrokerError extends Error {}

/** What the broker's error body says (`{"errors": …}` of a 400, `{"error": {"message"}}` of a 500), on one line. */
export function brokerMessages(answer: Answer): string | undefined {
  const json = jsonOf(answer);
  const found: string[] = [];
  const collect = (value: unknown, field: string): void => {
    if (found.length >= 5) return;
    if (typeof value === "string") found.push(field === "" ? value : `${field}: ${value}`);
    else if (Array.isArray(value)) for (const v of value) collect(v, field);
    else if (isJsonObject(value)) {
      if (typeof value["message"] === "string") collect(value["message"], field);
      else for (const [k, v] of Object.entries(value)) collect(v, field === "" ? k : `${field}.${k}`);
    }
  };
  if (isJsonObject(json)) collect(json["errors"] ?? json["error"], "");
  if (found.length === 0) return undefined;
  // Printable, short: a broker's message is data from the network.
  const text = found.map((m) => m.replace(/\p{Cc}+/gu, " ").trim()).join("; ");
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/** "answered 400 (providerVersionBranch: cannot be blank)": a status with the broker's own words. */
export function answered(answer: Answer): string {
  const said = brokerMessages(answer);
  return `answered ${answer.status}${said === undefined ? "" : ` (${said})`}`;
}

const retryable = (status: number): boolean => status === 408 || status === 429 || (status >= 500 && status <= 599);

/** What the broker's retries of one run have waited so far (one budget per run, shared by every call). */
const waited = new WeakMap<BrokerOptions, { ms: number }>();

/** One Pact Broker, as this run speaks to it: links on the configured origin, calls with retries. */
export interface Broker {
  /** The configured origin's URL for a link (absolute or relative): the link's path and query. */
  resolve(href: string): URL;
  call(method: string, href: string, body?: unknown): Promise<Answer>;
  /** A link of the broker's index (HAL), with `{name}` placeholders filled; undefined when the broker has none. */
  link(relation: string, values: Record<string, string>): Promise<string | undefined>;
}

/**
 * The broker of `broker.url`, with the run's time limit and stop signal; retries of all its calls
 * share one budget per run (BROKER_RETRY_BUDGET_MS unless `broker.retryBudgetMs`). A call throws
 * BrokerError for an answer the run cannot go on with, SendError when no answer came.
 */
export function brokerClient(broker: BrokerOptions, options: VerifyOptions): Broker {
  const sender: Sender = createSender(options, options.signal);
  const base = broker.url.replace(/\/+$/, "");
  const budget = waited.get(broker) ?? { ms: 0 };
  waited.set(broker, budget);
  let index: Promise<unknown> | undefined;
  const resolve = (href: string): URL => {
    let link: URL;
    try {
      link = new URL(href, `${base}/`);
    } catch {
      throw new BrokerError("the Pact Broker gave a link that is not a URL: not followed");
    }
    const target = new URL(base);
    target.pathname = link.pathname;
    target.search = link.search;
    target.hash = "";
    return target;
  };
  const once = (method: string, url: URL, body?: unknown): Promise<Answer> =>
    sender.send({
      method,
      url: url.href,
      headers: {
        ...authorization(broker.auth),
        accept: HAL,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const call = async (method: string, href: string, body?: unknown): Promise<Answer> => {
    const url = resolve(href);
    for (let retry = 0; ; retry += 1) {
      const answer = await once(method, url, body);
      if (!retryable(answer.status) || retry >= BROKER_RETRIES) return answer;
      const asked = retryAfterMs(answer.headers.get("retry-after"));
      const wait = asked ?? BROKER_BACKOFF_MS * 2 ** retry;
      const where = `${method} ${url.pathname}`;
      if (wait > options.timeoutMs)
        throw new BrokerError(
          `the Pact Broker ${answered(answer)} to ${where} and asked to retry in ${Math.ceil(wait / 1000)} s, longer than the timeout (${durationText(options.timeoutMs, sender.timeoutUnit)}): not retried`,
        );
      const bound = broker.retryBudgetMs ?? BROKER_RETRY_BUDGET_MS;
      if (budget.ms + wait > bound)
        throw new BrokerError(
          `the Pact Broker ${answered(answer)} to ${where}; this run has already waited ${(budget.ms / 1000).toFixed(1)} s for it to recover (at most ${bound / 1000} s a run): not retried`,
        );
      budget.ms += wait;
      // Node's timer: it ends early (rejecting) when the run is stopped, which is checked next.
      await delay(wait, undefined, { signal: options.signal }).catch(() => undefined);
      if (options.signal?.aborted) throw new SendError("aborted", "the run was stopped");
    }
  };
  return {
    resolve,
    call,
    async link(relation, values) {
      index ??= call("GET", `${base}/`).then((a) => {
        if (a.status !== 200) throw new BrokerError(`the Pact Broker ${answered(a)} to GET ${base}/`);
        return jsonOf(a);
      });
      const links = (await index) as { _links?: Record<string, { href?: string }> } | undefined;
      const href = links?._links?.[relation]?.href;
      if (typeof href !== "string") return undefined;
      return href.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
    },
  };
}

/** One sentence for a failed call to the broker at `url`. */
export function describeFailure(error: unknown, url: string): string {
  if (error instanceof BrokerError) return error.message;
  if (error instanceof SendError) return `the Pact Broker ${url} did not answer: ${error.message}`;
  return `the Pact Broker ${url}: ${String(error)}`;
}

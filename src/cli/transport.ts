// How every command reaches a server, a broker or a published document: one fetch, built once from
// the environment (the only place that reads the proxy variables), handed to the client (its
// `fetch` option) and to verify (its `fetch` option). The client library and verify read no
// variable; teams that import the client pass their own fetch.
//
// Proxies follow the convention curl, npm and Pact's own CLIs share, through undici's
// EnvHttpProxyAgent: HTTPS_PROXY for https targets (falling back to HTTP_PROXY), HTTP_PROXY for
// http; lower-case spellings win; NO_PROXY lists hosts, domain suffixes (`.corp` or `corp`),
// `host:port`, IPv6 addresses (`::1` or `[::1]`) and `*`. Loopback is always reached directly.
// An https target is tunnelled (CONNECT): the proxy sees the host and port, never the request or
// its token. Corporate CAs: Node reads NODE_EXTRA_CA_CERTS at start-up, for direct and tunnelled
// connections alike.
import type { Dispatcher } from "undici";
import { UsageError } from "./args.js";

/** What the client and verify are given: called with a Request (as openapi-fetch calls it), or a URL and init. */
export type TransportFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value (lower-case spelling first, as curl reads it), or undefined when unset or blank. */
function read(env: Env, name: string): { name: string; value: string } | undefined {
  for (const spelled of [name.toLowerCase(), name]) {
    const value = env[spelled]?.trim();
    if (value !== undefined && value !== "") return { name: spelled, value };
  }
  return undefined;
}

/** A proxy URL as curl takes it (`proxy.corp:3128` means http://); a UsageError that never repeats the value. */
function proxyUrl(found: { name: string; value: string } | undefined): string {
  if (found === undefined) return "";
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${found.name} is not a valid proxy URL (write it as http://host:port)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${found.name} must be an http:// or https:// proxy URL`);
  }
  return url.href;
}

/**
 * NO_PROXY in the form undici matches: an IPv6 address in brackets (undici compares the URL's
 * bracketed host, and would read `::1` as host `:` port 1), and `*` alone when any entry is `*`.
 */
export function normaliseNoProxy(value: string): string {
  const entries = value.split(/[\s,]+/).filter((e) => e !== "");
  if (entries.includes("*")) return "*";
  return (
    entries
      // Two colons or more and no brackets: an IPv6 address (`host:port` has one).
      .map((entry) => (!entry.startsWith("[") && (entry.match(/:/g)?.length ?? 0) >= 2 ? `[${entry}]` : entry))
      .join(",")
  );
}

/** localhost, 127.0.0.0/8, ::1 (and ::ffff:127.x): never through a proxy. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127(?:\.\d{1,3}){3}$/.test(host) ||
    host === "::1" ||
    /^::ffff:127\./.test(host) ||
    /^::ffff:7f[0-9a-f]{2}:/.test(host)
  );
}

/** The proxy variables as read once: the proxies' URLs ("" for none) and NO_PROXY in undici's form. */
export interface ProxyConfig {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

/** HTTP_PROXY, HTTPS_PROXY and NO_PROXY from `env`; throws UsageError for a proxy variable that is not a URL. */
export function proxyConfigFrom(env: Env): ProxyConfig {
  return {
    httpProxy: proxyUrl(read(env, "HTTP_PROXY")),
    httpsProxy: proxyUrl(read(env, "HTTPS_PROXY")),
    noProxy: normaliseNoProxy(read(env, "NO_PROXY")?.value ?? ""),
  };
}

/** Whether a proxy applies to `target` (undici's rule: the variable for its scheme, NO_PROXY; plus: loopback never). */
export function proxied(config: ProxyConfig, target: string): boolean {
  const url = new URL(target);
  if (isLoopback(url.hostname)) return false;
  if ((url.protocol === "https:" ? config.httpsProxy || config.httpProxy : config.httpProxy) === "") return false;
  if (config.noProxy === "*") return false;
  const host = url.host.replace(/:\d*$/, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return !config.noProxy
    .split(",")
    .filter((e) => e !== "")
    .some((raw) => {
      const m = /^(.+):(\d+)$/.exec(raw);
      if (m !== null && m[2] !== port) return false;
      const name = (m?.[1] ?? raw).replace(/^\*?\./, "").toLowerCase();
      return host === name || host.endsWith(`.${name}`);
    });
}

/** The fetch every request of a command goes through; throws UsageError for a proxy variable that is not a URL. */
export function transportFrom(env: Env): TransportFetch {
  const config = proxyConfigFrom(env);
  if (config.httpProxy === "" && config.httpsProxy === "") return (input, init) => fetch(input, init);
  // Every value is passed explicitly (empty for unset), so undici itself reads no variable.
  // proxyTunnel false: an http target goes to the proxy in absolute form, as curl sends it (many
  // corporate proxies refuse CONNECT to port 80); https is always tunnelled.
  // undici is loaded only when a proxy is set: a command without one never loads it.
  let agent: Promise<Dispatcher> | undefined;
  const proxyAgent = (): Promise<Dispatcher> => {
    agent ??= import("undici").then((u) => new u.EnvHttpProxyAgent({ ...config, proxyTunnel: false }));
    return agent;
  };
  const urlOf = (input: string | URL | Request): string => (input instanceof Request ? input.url : String(input));
  // Loopback goes without the agent (Node's own direct dispatcher). undici 7's dispatchers also
  // take the handler contract of the undici 6 inside Node 20's and 22's global fetch.
  return async (input, init) =>
    isLoopback(new URL(urlOf(input)).hostname)
      ? fetch(input, init)
      : fetch(input, { ...init, dispatcher: await proxyAgent() } as unknown as RequestInit);
}

/**
 * The one warning for a token sent in clear: the first of `targets` (URL, what it is) that is plain
 * http to a host that is not loopback (through a proxy, the proxy can read it too); else undefined.
 */
export function plainHttpWarning(
  env: Env,
  targets: readonly (readonly [url: string | undefined, what: string])[],
): string | undefined {
  for (const [url, what] of targets) {
    if (url === undefined) continue;
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" || isLoopback(parsed.hostname)) continue;
    const via = proxied(proxyConfigFrom(env), url) ? ", through the proxy (which can read it)" : "";
    return `warning: the token for ${what} ${parsed.host} is sent over plain http${via}; use https`;
  }
  return undefined;
}

// Outbound proxies. verify, cleanup and drift connect to servers and brokers directly, never
// through a proxy: the token would travel through it. Node's global fetch uses the proxy variables
// when Node runs with NODE_USE_ENV_PROXY=1 or --use-env-proxy (Node 22.21+), so when the
// environment's proxy settings apply to a URL the run needs, the run refuses with a message saying
// how to proceed. Which variable applies follows undici's EnvHttpProxyAgent: HTTPS_PROXY for
// https, falling back to HTTP_PROXY; HTTP_PROXY for http; NO_PROXY is honoured.
import type { ProxySettings } from "../api.js";

/** Does a NO_PROXY entry (`host`, `.domain`, `domain`, `host:port`, `*`) cover this host and port? */
function excluded(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === "") continue;
    if (entry === "*") return true;
    const [name = "", entryPort] = entry.startsWith("[")
      ? [entry.slice(0, entry.indexOf("]") + 1), entry.split("]:")[1]]
      : entry.split(":");
    if (entryPort !== undefined && entryPort !== port) continue;
    const domain = name.replace(/^\*?\./, "");
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * `undefined` when `url` is reached directly; otherwise why the run refuses (which variable
 * applies, and what to do). The proxy's own URL is never repeated (it may hold credentials).
 */
export function proxyProblem(url: string, settings: ProxySettings | undefined, what: string): string | undefined {
  if (settings === undefined) return undefined;
  const target = new URL(url);
  const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";
  const variable =
    target.protocol === "https:" && set(settings.httpsProxy)
      ? "HTTPS_PROXY"
      : set(settings.httpProxy)
        ? "HTTP_PROXY"
        : undefined;
  if (variable === undefined) return undefined;
  const host = target.hostname.toLowerCase();
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  if (excluded(settings.noProxy ?? "", host, port)) return undefined;
  return (
    `${variable} is set and applies to ${what} ${host}, but verify never sends a token through a proxy. ` +
    `To connect directly, add ${host} to NO_PROXY (or unset ${variable}).`
  );
}

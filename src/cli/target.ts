// The checks every command applies to a server it is pointed at and to the names it is given:
// base URL (rules/base-url), token (rules/secrets), project and connection names (rules/names)
// (proxies: transport.ts). Each turns a problem into a UsageError that names where the value came from, never the value.

import { checkBaseUrl, checkHttpUrl } from "../rules/base-url.js";
import { injectionProblem, nameProblem } from "../rules/names.js";
import { tokenProblem } from "../rules/secrets.js";
import { type OptionTable, UsageError } from "./args.js";

/** `--base-url URL` and `--base-url-from-env`: a real server is reached only when the command line says so. */
export const SERVER_OPTIONS = {
  "base-url": {
    type: "string",
    value: "URL",
    description: "The management console's URL of a real Apinizer, e.g. https://staging.example.com.",
    group: "Target",
  },
  "base-url-from-env": {
    type: "boolean",
    description:
      "Take the URL from APINIZER_BASE_URL instead (so a pipeline can set it once). Without this flag or --base-url, APINIZER_BASE_URL is never read.",
    group: "Target",
  },
} as const satisfies OptionTable;

/** `--timeout` per request and `--json`, for the commands that make a few requests to a server (cleanup, drift). */
export const REQUEST_OPTIONS = {
  timeout: {
    type: "string",
    value: "DURATION",
    default: "30",
    description: 'Limit for each request: seconds ("30", "2.5") or with a unit ("1500ms").',
    group: "Run",
  },
  json: { type: "boolean", description: "Print the outcome as one JSON object on stdout.", group: "Output" },
} as const satisfies OptionTable;

/** An http(s) URL without credentials (a broker's, a document's), or a UsageError naming `label`. */
export function httpUrlOf(value: string, label: string): string {
  const checked = checkHttpUrl(value);
  if (!checked.ok) throw new UsageError(`${label} ${checked.problem}`);
  return checked.url;
}

/** The normalised base URL, or a UsageError naming `label` and what is wrong (rules/base-url). */
export function baseUrlOf(value: string, label: string): string {
  const check = checkBaseUrl(value);
  if (!check.ok) throw new UsageError(`${label} ${check.problem}`);
  return check.url;
}

/**
 * The server the command line asks for: `--base-url`, or APINIZER_BASE_URL with
 * `--base-url-from-env`; `undefined` when it asks for none.
 */
export function serverUrl(
  values: { "base-url"?: string; "base-url-from-env"?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (values["base-url-from-env"] === true) {
    if (values["base-url"] !== undefined) throw new UsageError("give --base-url or --base-url-from-env, not both");
    const fromEnv = env["APINIZER_BASE_URL"] ?? "";
    if (fromEnv.trim() === "") throw new UsageError("--base-url-from-env: APINIZER_BASE_URL is not set");
    return baseUrlOf(fromEnv, "APINIZER_BASE_URL");
  }
  return values["base-url"] === undefined ? undefined : baseUrlOf(values["base-url"], "--base-url");
}

/** A token from the environment: required ones throw when unset; any set one must pass rules/secrets. */
export function tokenFrom(
  env: Readonly<Record<string, string | undefined>>,
  variable: string,
  required: string | false,
): string | undefined {
  const value = env[variable];
  if (value === undefined || value === "") {
    if (required === false) return undefined;
    throw new UsageError(`${variable} is not set (${required})`);
  }
  const problem = tokenProblem(value);
  if (problem !== undefined) throw new UsageError(`${variable} ${problem}`);
  return value;
}

/** A project or connection name that passes the client's rule (and, for names verify injects, `injectionProblem`). */
export function checkName(value: string, label: string, rule: "name" | "injected" = "name"): string {
  const problem = rule === "name" ? nameProblem(value) : injectionProblem(value);
  if (problem !== undefined) throw new UsageError(`${label} ${problem}`);
  return value;
}

/** The proxy variables, as every command that reaches a server documents them (one home; what they do: transport.ts). */
export const PROXY_VARIABLES = {
  name: "HTTP_PROXY, HTTPS_PROXY, NO_PROXY",
  description:
    "Outbound proxy, as curl and npm read them (lower-case spellings win): HTTPS_PROXY (else HTTP_PROXY) for https URLs, HTTP_PROXY for http; NO_PROXY lists hosts, domain suffixes, host:port, IPv6 addresses and * that are reached directly. Loopback is never proxied. An https server is reached through a CONNECT tunnel, so the proxy never sees the token; a token sent over plain http to a host that is not loopback gets a warning. A corporate CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem.",
} as const;

/** Environment variables that hold secrets: every command redacts their values from what it prints or writes. */
const SECRET_VARIABLES = [
  "APINIZER_TOKEN",
  "APINIZER_LIMITED_TOKEN",
  "PACT_BROKER_TOKEN",
  "PACT_BROKER_PASSWORD",
] as const;

/** The secrets in an environment: the variables above and the passwords inside proxy URLs. */
export function secretsInEnvironment(env: Readonly<Record<string, string | undefined>>): string[] {
  const proxies = ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"].map((name) => {
    try {
      return decodeURIComponent(new URL(env[name] ?? "").password);
    } catch {
      return "";
    }
  });
  return [...SECRET_VARIABLES.map((name) => env[name] ?? ""), ...proxies].filter((s) => s !== "");
}

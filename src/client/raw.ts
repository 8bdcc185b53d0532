// `client.raw`: openapi-fetch's typed client, pre-authenticated, with the client's name rule.
// openapi-fetch encodes path values with encodeURIComponent but leaves "." and "..", which the
// URL parser then removes: `connectionName: ".."` would turn DELETE …/connections/../ into
// DELETE /apiops/projects/P/. A middleware refuses such a request before it is sent.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { nameProblem } from "../rules/names.js";
import type { FetchFunction } from "./options.js";
import { pathSerializer, querySerializer } from "./serializers.js";

/** The typed openapi-fetch client for this API (base URL and Authorization already set, redirects not followed). */
export type ConnectionsRawClient = Client<paths>;

const PLACEHOLDER = /^\{([^{}]+)\}$/;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The URL's query holds exactly the operation's query parameters (List Connections' `type`), each once, as given. */
function sameQuery(sent: URLSearchParams, query: Readonly<Record<string, unknown>> | undefined): boolean {
  const expected = Object.entries(query ?? {}).filter(([, value]) => value !== undefined);
  if ([...sent.keys()].length !== expected.length) return false;
  return expected.every(([name, value]) => sent.getAll(name).length === 1 && sent.get(name) === String(value));
}

/**
 * Why a request built by openapi-fetch must not be sent, or `undefined`. Each path parameter must
 * pass the name rule, and the URL the request really goes to must be the client's base URL plus
 * the operation's template, segment for segment, each placeholder segment decoding back to its
 * value (so no serializer, base URL override or URL normalisation can make it address anything
 * else). The query holds the operation's query parameters and nothing else.
 */
export function rawRequestProblem(
  baseUrl: string,
  schemaPath: string,
  pathParams: Readonly<Record<string, unknown>> | undefined,
  requestUrl: string,
  query: Readonly<Record<string, unknown>> | undefined = undefined,
): string | undefined {
  const template = schemaPath.split("/");
  for (const segment of template) {
    const name = PLACEHOLDER.exec(segment)?.[1];
    if (name === undefined) continue;
    const problem = nameProblem(pathParams?.[name]);
    if (problem !== undefined) return `path parameter ${name} ${problem}`;
  }
  const base = new URL(`${baseUrl}/`);
  const url = new URL(requestUrl);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    return "the request would go elsewhere than the client's base URL";
  }
  if (url.hash !== "") return "the request would carry a fragment";
  if (!sameQuery(url.searchParams, query)) return "the request would carry a query other than its parameters";
  const sent = url.pathname.slice(base.pathname.length - 1).split("/");
  const addressesTemplate =
    sent.length === template.length &&
    template.every((segment, i) => {
      const name = PLACEHOLDER.exec(segment)?.[1];
      return name === undefined ? sent[i] === segment : decode(sent[i] ?? "") === pathParams?.[name];
    });
  return addressesTemplate ? undefined : `the request path would not address ${schemaPath} with these names`;
}

/**
 * openapi-fetch's client typed by the generated `paths`, for `baseUrl`, sending `headers`, never
 * following redirects; `fetch` (called with one Request) when given. No middleware: the caller
 * checks the names. `client.raw` is one of these.
 */
export function createTypedClient(
  baseUrl: string,
  headers: Readonly<Record<string, string>>,
  fetch?: FetchFunction,
): ConnectionsRawClient {
  return createClient<paths>({
    baseUrl,
    headers,
    redirect: "manual",
    ...(fetch === undefined ? {} : { fetch: (request: Request) => fetch(request) }),
  });
}

/**
 * The openapi-fetch client every operation of the client sends through: typed by the generated
 * `paths` as createTypedClient's, sending through `send` (exchange.ts's `sender`), its URLs written
 * by serializers.ts (the URLs openapi-fetch writes, with less work per call). No middleware: the
 * operations check the names.
 */
export function createSendingClient(
  baseUrl: string,
  headers: Readonly<Record<string, string>>,
  send: (request: Request) => Promise<Response>,
): ConnectionsRawClient {
  return createClient<paths>({
    baseUrl,
    headers,
    redirect: "manual",
    fetch: send,
    pathSerializer: pathSerializer(),
    querySerializer,
  });
}

/** openapi-fetch's client for `baseUrl`, sending `headers`, never following redirects, guarded by rawRequestProblem. */
export function createRawClient(
  baseUrl: string,
  headers: Readonly<Record<string, string>>,
  fetch: FetchFunction | undefined,
): ConnectionsRawClient {
  const raw = createTypedClient(baseUrl, headers, fetch);
  const guard: Middleware = {
    onRequest({ request, schemaPath, params }) {
      const problem = rawRequestProblem(baseUrl, schemaPath, params.path, request.url, params.query);
      // Thrown errors reject the raw call: nothing is sent.
      if (problem !== undefined) throw new TypeError(`client.raw refused the request: ${problem}; nothing was sent`);
      return undefined;
    },
  };
  raw.use(guard);
  return raw;
}

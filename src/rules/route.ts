// The API Ops routes this project addresses, built from the spec's own path template. Every
// stage that sends or routes a connection request (client, stand-in, verify) uses these.
import type { paths } from "../generated/openapi.js";

/** Delete (and Get, Create) Connection, as the spec writes it; checked against the generated `paths`. */
export const CONNECTION_PATH_TEMPLATE =
  "/apiops/projects/{projectName}/connections/{connectionName}/" satisfies keyof paths;

/** List Connections, as the spec writes it; checked against the generated `paths`. */
export const CONNECTIONS_PATH_TEMPLATE = "/apiops/projects/{projectName}/connections/" satisfies keyof paths;

/** The healthcheck (no token, answers text `OK`). Apinizer documents it without the trailing slash. */
export const HEALTHCHECK_PATH = "/apiops/test/healthcheck";

/**
 * Where springdoc servers publish their OpenAPI document (`/v3/api-docs`, `.yaml` beside it),
 * under `/apiops/` where Apinizer's Management API lives and at the root. `drift` looks there.
 */
export const SPEC_PATHS = ["/apiops/v3/api-docs", "/v3/api-docs", "/apiops/v3/api-docs.yaml", "/v3/api-docs.yaml"];

/**
 * CONNECTION_PATH_TEMPLATE around its two placeholders. The path is the template with each
 * placeholder replaced by encodeURIComponent(value): exactly what openapi-fetch's serializer
 * (used by `client.raw`) produces, which a property test checks; concatenation is cheaper per call.
 */
const [HEAD, MID, TAIL] = splitTemplate(CONNECTION_PATH_TEMPLATE);

function splitTemplate(template: string): [string, string, string] {
  const match = /^(.*)\{projectName\}(.*)\{connectionName\}(.*)$/.exec(template);
  if (match === null) throw new Error(`unexpected path template ${template}`);
  return [match[1] ?? "", match[2] ?? "", match[3] ?? ""];
}

/** The path of one connection, e.g. `/apiops/projects/My%20Project/connections/c1/`: each name one encoded segment. */
export function connectionPath(projectName: string, connectionName: string): string {
  return `${HEAD}${encodeURIComponent(projectName)}${MID}${encodeURIComponent(connectionName)}${TAIL}`;
}

/** List Connections of a project: `/apiops/projects/{projectName}/connections/`. */
export function connectionsPath(projectName: string): string {
  return `${HEAD}${encodeURIComponent(projectName)}${MID.replace(/\/$/, "")}/`;
}

/** A path split at its query: `path` without `?…`, `query` the raw text after `?` ("" when none). */
export function splitQuery(target: string): { path: string; query: string } {
  const at = target.indexOf("?");
  return at < 0 ? { path: target, query: "" } : { path: target.slice(0, at), query: target.slice(at + 1) };
}

/** What a request path addresses, with each name percent-decoded (`undefined` for a path of another shape). */
export type ParsedRoute =
  | {
      readonly route: "connection";
      readonly projectName: string;
      readonly connectionName: string;
      readonly slash: boolean;
    }
  | { readonly route: "connections"; readonly projectName: string; readonly slash: boolean }
  | { readonly route: "healthcheck"; readonly slash: boolean };

const CONNECTION_ROUTE = /^\/apiops\/projects\/([^/]*)\/connections\/([^/]*)(\/?)$/;
const CONNECTIONS_ROUTE = /^\/apiops\/projects\/([^/]*)\/connections(\/?)$/;

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Parses a request path (no query) into the route it addresses and its decoded names; `slash`
 * says whether it ends with the `/` API Ops requires. Comparing decoded names, not raw text, is
 * what makes `a+b`, `a%2Bb` and `a%2bb` the same name. Undefined for any other path, or a segment
 * that does not decode.
 */
export function parseRoute(path: string): ParsedRoute | undefined {
  if (path === HEALTHCHECK_PATH || path === `${HEALTHCHECK_PATH}/`) {
    return { route: "healthcheck", slash: path.endsWith("/") };
  }
  // The list route first: `…/connections/` is the list with its slash, not a connection named "".
  const all = CONNECTIONS_ROUTE.exec(path);
  if (all !== null) {
    const projectName = decodeSegment(all[1] ?? "");
    if (projectName === undefined) return undefined;
    return { route: "connections", projectName, slash: all[2] === "/" };
  }
  const one = CONNECTION_ROUTE.exec(path);
  if (one !== null) {
    const projectName = decodeSegment(one[1] ?? "");
    const connectionName = decodeSegment(one[2] ?? "");
    if (projectName === undefined || connectionName === undefined) return undefined;
    return { route: "connection", projectName, connectionName, slash: one[3] === "/" };
  }
  return undefined;
}

// Real HTTP against stand-ins on port 0: each test starts its own and closes them when it
// finishes, so files run in parallel without sharing anything.
import { type ServeOptions, type StandIn, serve } from "../../src/provider/index.js";
import { connectionPath, connectionsPath } from "../../src/rules/route.js";
import { fixtureBody } from "../../src/verify/server/admin.js";
import { closeAfterTest } from "../support/lifecycle.js";

/**
 * Starts a stand-in (token `tok-123`, limited token `tok-limited` unless given), closed when the
 * calling test finishes.
 */
export async function start(options: ServeOptions = {}): Promise<StandIn> {
  return closeAfterTest(await serve({ token: "tok-123", limitedToken: "tok-limited", ...options }));
}

/** The verifier's own fixture body, so the stand-in is tested with what `verify` sends. */
export const email = (name: string): Record<string, unknown> => fixtureBody(name, "stand-in-test");

export interface Answer {
  status: number;
  type: string;
  /** Parsed JSON, else the text. */
  body: unknown;
}

/**
 * One request. `token`: undefined sends the stand-in's full token, null sends no Authorization
 * header, a string sends that token. `body`: sent as JSON (a string is sent as is).
 */
export async function call(
  s: StandIn,
  method: string,
  path: string,
  init: { token?: string | null; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? s.token : init.token;
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const payload = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: payload } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", body };
}

/** A connection's path, each name percent-encoded (the shared route rule). */
export const conn = (projectName: string, connectionName: string): string =>
  connectionPath(projectName, connectionName);

/** List Connections of a project, with an optional raw query. */
export const listPath = (projectName: string, query = ""): string =>
  `${connectionsPath(projectName)}${query === "" ? "" : `?${query}`}`;

/** Creates a connection with the fixture body (full token); fails the test unless it is stored. */
export async function create(s: StandIn, projectName: string, connectionName: string, extra: object = {}) {
  const r = await call(s, "POST", conn(projectName, connectionName), { body: { ...email(connectionName), ...extra } });
  if (r.status !== 200) throw new Error(`create ${connectionName}: ${r.status} ${JSON.stringify(r.body)}`);
  return r;
}

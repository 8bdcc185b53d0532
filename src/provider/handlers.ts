// What the stand-in does with one request: the checks in the order a server makes them
// (token, route, names, project, permission, then the operation), and the change to the store.
// The answer's wording is answers.ts's job.
import type { IncomingMessage } from "node:http";
import { type Envelope, isJsonObject } from "../rules/envelope.js";
import type { Decision } from "./answers.js";
import { preferenceOf } from "./prefer.js";
import { type Route, readBody } from "./request.js";
import { connectionKey, isDeployed, type Store } from "./store.js";
import type { Principal, StandInBehaviour, StoredConnection } from "./types.js";

/** What every handler works on. */
export interface HandlerState {
  store: Store;
  envelope: Envelope;
  behaviour: StandInBehaviour;
}

/** Decides the answer to one request, changing the store as the real server would. */
export async function decide(
  route: Route,
  principal: Principal,
  req: IncomingMessage,
  state: HandlerState,
): Promise<Decision> {
  if (route.operation === "healthcheck") return { outcome: "ok" };
  if (route.operation === "spec") return { outcome: "spec" };
  if (principal === "anonymous" || principal === "invalid") {
    if (route.operation === "delete" && state.behaviour.deleteBeforeAuth) deleteQuietly(route, state);
    return { outcome: "unauthorized" };
  }
  if (route.operation === "unknown") return { outcome: "no-route" };
  // A documented answer on request, once the token is accepted (docs/stand-in.md, "Prefer").
  const preference = route.operation === "delete" ? preferenceOf(req.headers.prefer) : undefined;
  if (preference) return { outcome: "preferred", preference };
  const projectName = route.projectName ?? "";
  if (projectName === "" || route.connectionName === "") return { outcome: "empty-name" };
  if (!state.store.hasProject(projectName)) return { outcome: "project-not-found" };
  // Reading needs any permission in the project; Delete and Create need CONNECTIONS + MANAGE.
  const writes = route.operation === "delete" || route.operation === "create";
  if (writes && principal === "limited") return { outcome: "permission-denied" };
  const connectionName = route.connectionName ?? "";
  switch (route.operation) {
    case "list":
      return list(projectName, route.query, state);
    case "get": {
      const connection = state.store.get(projectName, connectionName);
      return connection ? { outcome: "found", connection } : { outcome: "connection-not-found" };
    }
    case "delete": {
      const existing = state.store.get(projectName, connectionName);
      if (!existing) return { outcome: "connection-not-found" };
      if (!state.behaviour.keepOnDelete) state.store.delete(projectName, connectionName);
      return { outcome: "deleted", deployed: isDeployed(existing) };
    }
    case "create":
      return create(projectName, connectionName, await readBody(req), state);
  }
}

/** `deleteBeforeAuth`: a server that deletes before it checks the token. */
function deleteQuietly(route: Route, state: HandlerState): void {
  const { projectName, connectionName } = route;
  if (projectName === undefined || connectionName === undefined || state.behaviour.keepOnDelete) return;
  if (state.store.hasProject(projectName)) state.store.delete(projectName, connectionName);
}

/**
 * List Connections. The status envelope's servers require `?type=` and list that type only
 * (connections are stored per type there); the success envelope lists all unless `type` is given.
 */
function list(projectName: string, query: string, state: HandlerState): Decision {
  const type = new URLSearchParams(query).get("type") ?? "";
  if (type === "" && state.envelope === "status") return { outcome: "type-required" };
  const all = state.store.list(projectName) ?? [];
  return { outcome: "listed", connections: type === "" ? all : all.filter((c) => c.type === type) };
}

/** Create Connection: the body's `name` must equal the path's (letter case ignored) and `type` is required. */
function create(
  projectName: string,
  connectionName: string,
  text: string | "too-large" | "unsupported-encoding",
  state: HandlerState,
): Decision {
  if (text === "too-large") return { outcome: "body-too-large" };
  if (text === "unsupported-encoding") return { outcome: "unsupported-encoding" };
  const parsed = parseConnection(text, connectionName);
  if (typeof parsed === "string") return { outcome: "invalid-body", problem: parsed };
  const createExisting = state.behaviour.createExisting ?? (state.envelope === "status" ? "upsert" : "reject");
  if (createExisting === "reject" && state.store.get(projectName, connectionName)) {
    return { outcome: "connection-exists" };
  }
  const put = state.store.put(projectName, parsed);
  if (typeof put === "object") return { outcome: "limit-reached", limit: put.limit };
  return { outcome: put, deployed: isDeployed(parsed) };
}

/** The Create body as a connection, or what is wrong with it (in words that never repeat the body). */
function parseConnection(text: string, connectionName: string): StoredConnection | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "The request body is not valid JSON";
  }
  if (!isJsonObject(body)) return "The request body must be a JSON object (a connection)";
  const record = body;
  const { type, name } = record;
  if (typeof type !== "string" || type === "") return "The connection's 'type' is required (e.g. email)";
  if (typeof name !== "string" || connectionKey(name) !== connectionKey(connectionName)) {
    return "The connection's 'name' must equal the name in the path (letter case aside)";
  }
  return { ...record, name, type };
}

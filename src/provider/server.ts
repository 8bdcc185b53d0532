// The in-memory Apinizer stand-in: the documented connection endpoints of API Ops on node:http,
// for `verify` (its default target) and for teams developing against `serve`. It loads nothing
// of Pact.
//
//   DELETE /apiops/projects/{p}/connections/{c}/   as the seed documents (200, 400, 401, 404)
//   POST   /apiops/projects/{p}/connections/{c}/   Create Connection (JSON body, `name` + `type`)
//   GET    /apiops/projects/{p}/connections/{c}/   Get Connection
//   GET    /apiops/projects/{p}/connections/       List Connections (debugging, tests)
//   GET    /apiops/test/healthcheck                "OK", no token
//
// Connection names are case-insensitive, project names case-sensitive; the trailing slash is
// required (without it the answer is the unknown-route 404).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_BODY_BYTES } from "../rules/limits.js";
import type {
  ApiError,
  DeleteConnectionResponse,
  Operation,
  Outcome,
  Reply,
  ReplyContext,
  StandInBehaviour,
  StoredConnection,
} from "./types.js";

export const DEFAULT_PROJECT = "MyProject";

export interface ServeOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** The one token the stand-in accepts; default a random one (see `StandIn.token`). */
  token?: string;
  /** Projects that exist (case-sensitive names); default `["MyProject"]`. */
  projects?: readonly string[];
  /** Deviations from the documented behaviour, for tests; default none. */
  behaviour?: StandInBehaviour;
}

export interface StandIn {
  /** Base URL, e.g. `http://127.0.0.1:41234` (paths start with `/apiops/`). */
  url: string;
  /** The token to send as `Authorization: Bearer …`. */
  token: string;
  /** The connections of a project, sorted by name (undefined when the project does not exist). */
  connections(projectName: string): StoredConnection[] | undefined;
  /** Names of the existing projects. */
  projects(): string[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

export function randomToken(): string {
  return `standin-${randomBytes(24).toString("base64url")}`;
}

class Store {
  private readonly data = new Map<string, Map<string, StoredConnection>>();

  constructor(projects: readonly string[]) {
    for (const p of projects) this.data.set(p, new Map());
  }
  project(name: string): Map<string, StoredConnection> | undefined {
    return this.data.get(name);
  }
  projectNames(): string[] {
    return [...this.data.keys()];
  }
}

/** The key under which a connection name is stored: names are case-insensitive. */
const key = (connectionName: string): string => connectionName.toLowerCase();

const json = (status: number, body: unknown): Reply => ({
  status,
  headers: { "content-type": "application/json" },
  body,
});

const apiError = (status: number, error: string, description: string): Reply => {
  const body: ApiError = { error, error_description: description };
  return json(status, body);
};

const notFoundConnection = (name: string) => apiError(400, "bad_request", `Connection (name: ${name}) was not found!`);
// Get Connection, as Apinizer documents it, answers a missing connection with 404 (Delete: 400).
const notFoundOnGet = (name: string) =>
  name === ""
    ? apiError(400, "bad_request", "Connection name can not be empty!")
    : apiError(404, "not_found", `Connection (name: ${name}) was not found!`);
const notFoundProject = (name: string) => apiError(404, "not_found", `Project '${name}' not found`);
const unauthorized = () => apiError(401, "unauthorized_client", "Invalid token");

interface Route {
  operation: Operation;
  projectName?: string;
  connectionName?: string;
}

const CONNECTION_ROUTE = /^\/apiops\/projects\/([^/]*)\/connections\/([^/]*)(\/?)$/;
const LIST_ROUTE = /^\/apiops\/projects\/([^/]*)\/connections(\/?)$/;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function route(method: string, path: string, trailingSlash: "required" | "absent"): Route {
  const slashOk = (slash: string | undefined) => (trailingSlash === "required" ? slash === "/" : slash === "");
  if (method === "GET" && (path === "/apiops/test/healthcheck" || path === "/apiops/test/healthcheck/")) {
    return { operation: "healthcheck" };
  }
  const c = CONNECTION_ROUTE.exec(path);
  if (c && slashOk(c[3])) {
    const projectName = decode(c[1] ?? "");
    const connectionName = decode(c[2] ?? "");
    const operation: Operation | undefined =
      method === "DELETE" ? "delete" : method === "POST" ? "create" : method === "GET" ? "get" : undefined;
    if (operation && projectName !== undefined && connectionName !== undefined) {
      return { operation, projectName, connectionName };
    }
  }
  const l = LIST_ROUTE.exec(path);
  if (l && method === "GET" && slashOk(l[2])) {
    const projectName = decode(l[1] ?? "");
    if (projectName !== undefined) return { operation: "list", projectName };
  }
  return { operation: "unknown" };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (\S+)$/.exec(header ?? "");
  if (!m?.[1]) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseConnection(text: string | undefined, connectionName: string): StoredConnection | string {
  if (text === undefined) return "Request body too large";
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "Request body is not valid JSON";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "Request body must be a JSON object";
  const record = body as Record<string, unknown>;
  if (typeof record["type"] !== "string" || record["type"] === "") return "Connection type is required";
  if (typeof record["name"] !== "string" || key(record["name"]) !== key(connectionName)) {
    return `Connection name in the body must be '${connectionName}'`;
  }
  return { ...record, name: record["name"], type: record["type"] };
}

/** Decides the answer to one request, changing the store as the real server would. */
async function handle(
  req: IncomingMessage,
  store: Store,
  token: string,
  behaviour: StandInBehaviour,
): Promise<{ reply: Reply; context: ReplyContext }> {
  const method = req.method ?? "GET";
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  const r = route(method, path, behaviour.trailingSlash ?? "required");
  const context = (outcome: Outcome): ReplyContext => ({
    operation: r.operation,
    outcome,
    method,
    path,
    ...(r.projectName !== undefined ? { projectName: r.projectName } : {}),
    ...(r.connectionName !== undefined ? { connectionName: r.connectionName } : {}),
  });
  const done = (outcome: Outcome, reply: Reply) => ({ reply, context: context(outcome) });

  if (r.operation === "healthcheck") {
    return done("ok", { status: 200, headers: { "content-type": "text/plain;charset=UTF-8" }, body: "OK" });
  }
  const authorised = behaviour.enforceAuth === false || tokenMatches(req.headers.authorization, token);
  if (!authorised && !(r.operation === "delete" && behaviour.deleteBeforeAuth)) {
    return done("unauthorized", unauthorized());
  }
  if (r.operation === "unknown") {
    // Shaped like the Spring Boot error page a real server answers for a path it does not route.
    return done("no-route", json(404, { timestamp: new Date().toISOString(), status: 404, error: "Not Found", path }));
  }
  const projectName = r.projectName ?? "";
  const connections = store.project(projectName);
  if (!connections) return done("project-not-found", notFoundProject(projectName));

  if (r.operation === "list") {
    const resultList = [...connections.values()].sort((a, b) => a.name.localeCompare(b.name));
    return done("listed", json(200, { success: true, resultList, resultCount: resultList.length }));
  }
  const connectionName = r.connectionName ?? "";
  const existing = connectionName === "" ? undefined : connections.get(key(connectionName));

  switch (r.operation) {
    case "delete": {
      if (!existing) {
        return authorised
          ? done("connection-not-found", notFoundConnection(connectionName))
          : done("unauthorized", unauthorized());
      }
      if (!behaviour.keepOnDelete) connections.delete(key(connectionName));
      if (!authorised) return done("unauthorized", unauthorized());
      const body: DeleteConnectionResponse = {
        success: true,
        // Real servers carry more deployment details; the contract must tolerate them.
        deploymentResult: { success: true, responseTime: 3, detailList: [] },
      };
      return done("deleted", json(200, body));
    }
    case "get": {
      if (!existing) return done("connection-not-found", notFoundOnGet(connectionName));
      return done("found", json(200, { success: true, resultList: [existing] }));
    }
    case "create": {
      const parsed = parseConnection(await readBody(req), connectionName);
      if (typeof parsed === "string") return done("invalid-body", apiError(400, "bad_request", parsed));
      if (existing && (behaviour.createExisting ?? "reject") === "reject") {
        return done(
          "connection-exists",
          apiError(400, "bad_request", `Connection (name: ${connectionName}) already exists!`),
        );
      }
      connections.set(key(connectionName), parsed);
      return done(existing ? "updated" : "created", json(200, { success: true, deploymentResult: { success: true } }));
    }
  }
}

function write(res: ServerResponse, reply: Reply): void {
  const isText = typeof reply.body === "string";
  const payload = reply.body === undefined ? "" : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...reply.headers, "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

/** Starts the stand-in; resolves once it listens. */
export async function serve(options: ServeOptions = {}): Promise<StandIn> {
  const token = options.token ?? randomToken();
  if (!/^\S+$/.test(token)) throw new TypeError("token must be a non-empty string without whitespace");
  const store = new Store(options.projects ?? [DEFAULT_PROJECT]);
  const behaviour = options.behaviour ?? {};
  const host = options.host ?? "127.0.0.1";

  const server = createServer((req, res) => {
    const delay = behaviour.delayMs ? new Promise((r) => setTimeout(r, behaviour.delayMs)) : undefined;
    handle(req, store, token, behaviour)
      .then(async ({ reply, context }) => {
        await delay;
        write(res, behaviour.reply?.(reply, context) ?? reply);
      })
      .catch(() => {
        if (!res.headersSent) write(res, apiError(500, "server_error", "Internal error of the stand-in"));
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    token,
    connections(projectName) {
      const p = store.project(projectName);
      return p && [...p.values()].map((c) => ({ ...c })).sort((a, b) => a.name.localeCompare(b.name));
    },
    projects: () => store.projectNames(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

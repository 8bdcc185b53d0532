// The in-memory Apinizer stand-in on node:http: the connection operations of API Ops in the
// envelope chosen at start (answers.ts), for `verify` (its default target) and for teams
// developing against `serve`. It loads nothing of Pact; everything lives in memory.
//
//   DELETE /apiops/projects/{p}/connections/{c}/   Delete Connection (the seed page's endpoint)
//   POST   /apiops/projects/{p}/connections/{c}/   Create Connection (JSON body with `name` and `type`)
//   GET    /apiops/projects/{p}/connections/{c}/   Get Connection
//   GET    /apiops/projects/{p}/connections/       List Connections (`?type=`, required in the status envelope)
//   GET    /apiops/test/healthcheck                text "OK", no token
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { MAX_BODY_BYTES } from "../rules/limits.js";
import { splitQuery } from "../rules/route.js";
import { type AnswerContext, type Decision, render } from "./answers.js";
import { decide } from "./handlers.js";
import type { ServeOptions, StandIn } from "./options.js";
import { principalOf, type Route, routeOf } from "./request.js";
import { resolveSettings, type Settings } from "./settings.js";
import type { Outcome, Principal, Reply, ReplyContext } from "./types.js";

/** Starts the stand-in; resolves once it listens. Rejects with a TypeError/RangeError for a bad option, or an Error whose `code` is the system's (e.g. `EADDRINUSE`). */
export async function serve(options: ServeOptions = {}): Promise<StandIn> {
  const settings = resolveSettings(options);
  const server = createServer((req, res) => {
    void answer(req, res, settings);
  });
  server.keepAliveTimeout = 1000;
  await listen(server, settings.port, settings.host);
  const address = server.address() as AddressInfo;
  const { store, envelope, token, limitedToken } = settings;
  return {
    url: `http://${urlHost(address)}:${address.port}`,
    host: address.address,
    port: address.port,
    loopback: isLoopback(address.address),
    envelope,
    nulls: settings.nulls,
    token,
    limitedToken,
    limits: { ...settings.limits, maxBodyBytes: MAX_BODY_BYTES },
    connections: (projectName) => store.list(projectName)?.map((c) => structuredClone(c)),
    projects: () => store.projectNames(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Answers one request: decide, word, let the behaviour rewrite, wait out `delayMs`, write, log. */
async function answer(req: IncomingMessage, res: ServerResponse, settings: Settings) {
  const started = performance.now();
  const { behaviour } = settings;
  const delay = behaviour.delayMs ? new Promise((r) => setTimeout(r, behaviour.delayMs)) : undefined;
  const method = req.method ?? "GET";
  const target = req.url ?? "/";
  let route: Route = { operation: "unknown", method, path: splitQuery(target).path, query: "" };
  let principal: Principal = "anonymous";
  let outcome: Outcome = "internal-error";
  res.once("close", () => settings.log?.(route, outcome, res.statusCode, performance.now() - started));
  let written: Written;
  try {
    route = routeOf(method, target, behaviour);
    principal = principalOf(req.headers.authorization, settings, behaviour);
    const decision = await decide(route, principal, req, settings);
    outcome = decision.outcome;
    written = serialized(rendered(decision, route, principal, settings));
  } catch {
    // A behaviour hook, a name transform or an unserialisable reply threw: the envelope's 500.
    outcome = "internal-error";
    written = serialized(render({ outcome }, answerContext(route, principal, settings)));
  }
  await delay;
  try {
    res.writeHead(written.status, written.headers);
    res.end(written.payload);
  } catch {
    res.destroy(); // a hook's header that HTTP cannot carry: no answer rather than a crash
  }
}

function answerContext(route: Route, principal: Principal, settings: Settings): AnswerContext {
  return {
    envelope: settings.envelope,
    operation: route.operation,
    principal,
    path: route.path,
    projectName: route.projectName,
    connectionName: route.connectionName,
    limits: settings.limits,
    nulls: settings.nulls,
  };
}

/** The decision in the envelope, then through `behaviour.reply` (which sees the whole context). */
function rendered(decision: Decision, route: Route, principal: Principal, settings: Settings): Reply {
  const reply = render(decision, answerContext(route, principal, settings));
  const hook = settings.behaviour.reply;
  if (!hook) return reply;
  const context: ReplyContext = {
    ...route,
    envelope: settings.envelope,
    outcome: decision.outcome,
    principal,
    ...("deployed" in decision ? { deployed: decision.deployed } : {}),
  };
  return hook(reply, context) ?? reply;
}

interface Written {
  status: number;
  headers: Record<string, string | number>;
  payload: string;
}

/** A reply as it goes on the wire: JSON unless the body is a string; throws for a body JSON cannot hold. */
function serialized(reply: Reply): Written {
  const payload =
    reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  return { status: reply.status, headers: { ...reply.headers, "content-length": Buffer.byteLength(payload) }, payload };
}

const SYSTEM_REASONS: Record<string, string> = {
  EADDRINUSE: "the port is already in use",
  EACCES: "permission denied (ports below 1024 need privileges)",
  EADDRNOTAVAIL: "the address is not one of this machine's",
  ENOTFOUND: "the host name does not resolve",
};

/** Listens; a failure rejects with an Error that keeps the system's `code` and says what it means. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      const why = SYSTEM_REASONS[e.code ?? ""] ?? e.message;
      reject(Object.assign(new Error(`cannot listen on ${host}:${port}: ${why}`, { cause: e }), { code: e.code }));
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x: only this machine can connect. */
function isLoopback(address: string): boolean {
  return /^(?:::ffff:)?127\.\d+\.\d+\.\d+$/i.test(address) || address === "::1";
}

/** The URL's host: a wildcard bind is reached through loopback, IPv6 in brackets. */
function urlHost(address: AddressInfo): string {
  if (address.address === "0.0.0.0") return "127.0.0.1";
  if (address.address === "::") return "[::1]";
  return address.family === "IPv6" ? `[${address.address}]` : address.address;
}

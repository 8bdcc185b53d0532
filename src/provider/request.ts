// Reading one request: which operation it addresses (through the shared route rule, so names
// are compared decoded, never raw), who sent it, and its body within the size limit.
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { MAX_BODY_BYTES } from "../rules/limits.js";
import { parseRoute, SPEC_PATHS, splitQuery } from "../rules/route.js";
import type { Operation, Principal, StandInBehaviour } from "./types.js";

/** A request as the handlers see it: the operation, the decoded names, the raw path and query. */
export interface Route {
  operation: Operation;
  method: string;
  /** Path as received, without the query (still percent-encoded). */
  path: string;
  query: string;
  projectName?: string;
  /** After `behaviour.nameTransform`. */
  connectionName?: string;
}

const CONNECTION_METHODS: Partial<Record<string, Operation>> = { DELETE: "delete", POST: "create", GET: "get" };

/**
 * Routes a request target (`/apiops/…?query`). API Ops requires the trailing slash on connection
 * routes (`behaviour.trailingSlash` can flip that); the healthcheck answers with or without it.
 */
export function routeOf(method: string, target: string, behaviour: StandInBehaviour): Route {
  const { path, query } = splitQuery(target);
  const base = { method, path, query };
  if (SPEC_PATHS.includes(path)) return { ...base, operation: method === "GET" ? "spec" : "unknown" };
  const parsed = parseRoute(path);
  if (parsed?.route === "healthcheck") {
    return { ...base, operation: method === "GET" ? "healthcheck" : "unknown" };
  }
  const slashWanted = (behaviour.trailingSlash ?? "required") === "required";
  if (parsed === undefined || parsed.slash !== slashWanted) return { ...base, operation: "unknown" };
  if (parsed.route === "connections") {
    return method === "GET"
      ? { ...base, operation: "list", projectName: parsed.projectName }
      : { ...base, operation: "unknown" };
  }
  const operation = CONNECTION_METHODS[method];
  if (operation === undefined) return { ...base, operation: "unknown" };
  const transform = behaviour.nameTransform ?? ((name: string) => name);
  return {
    ...base,
    operation,
    projectName: parsed.projectName,
    connectionName: transform(parsed.connectionName, operation),
  };
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who sent the request, by its Authorization header (`Bearer <token>`, scheme in any case). With
 * `enforceAuth: false` a missing or wrong token acts as the full token; with
 * `enforcePermission: false` the limited token does too.
 */
export function principalOf(
  header: string | undefined,
  tokens: { token: string; limitedToken: string },
  behaviour: StandInBehaviour,
): Principal {
  const sent = /^Bearer +(\S+)$/i.exec(header ?? "")?.[1];
  let principal: Principal = "invalid";
  if (header === undefined || header.trim() === "" || /^Bearer\s*$/i.test(header)) principal = "anonymous";
  else if (sent !== undefined && same(sent, tokens.token)) principal = "full";
  else if (sent !== undefined && same(sent, tokens.limitedToken)) principal = "limited";
  if ((principal === "anonymous" || principal === "invalid") && behaviour.enforceAuth === false) return "full";
  if (principal === "limited" && behaviour.enforcePermission === false) return "full";
  return principal;
}

/**
 * The request body as UTF-8 text; `too-large` once it passes MAX_BODY_BYTES (1 MiB);
 * `unsupported-encoding` when it is sent with a Content-Encoding other than identity (gzip, br…:
 * the stand-in reads plain bodies only). A refused body is read and dropped, so the client still
 * receives the answer; nothing beyond the limit is kept in memory.
 */
export async function readBody(req: IncomingMessage): Promise<string | "too-large" | "unsupported-encoding"> {
  const encoding = (req.headers["content-encoding"] ?? "").trim().toLowerCase();
  if (encoding !== "" && encoding !== "identity") {
    for await (const _ of req) {
      // Drained unread.
    }
    return "unsupported-encoding";
  }
  const declared = Number(req.headers["content-length"]);
  let tooLarge = Number.isFinite(declared) && declared > MAX_BODY_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    if (tooLarge) continue;
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) {
      tooLarge = true;
      chunks.length = 0;
    } else chunks.push(buf);
  }
  return tooLarge ? "too-large" : Buffer.concat(chunks).toString("utf8");
}

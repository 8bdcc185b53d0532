// Small misbehaving HTTP servers on loopback (port 0) for the verify tests: a recording server
// with a handler of the test's choosing, and a "front" that sits before the stand-in, passes
// requests through and lets a test rewrite, withhold or break chosen answers. Both keep a log of
// every request they received, so tests assert on what reached a server, never on timing.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as a server received it. */
export interface Received {
  readonly method: string;
  /** Path and query, as sent (percent-encoded). */
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

export interface TestServer {
  readonly url: string;
  /** Every request received so far, in arrival order. */
  readonly received: Received[];
  /** Resolves with the first request (received from now on or already) that `match` accepts. */
  next(match?: (r: Received) => boolean): Promise<Received>;
  close(): Promise<void>;
}

export type Handler = (request: Received, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts a server on 127.0.0.1 whose every request goes to `handler` (after its body is read). */
export async function startServer(handler: Handler): Promise<TestServer> {
  const received: Received[] = [];
  const waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void readAll(req).then(async (body) => {
      const request: Received = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      received.push(request);
      for (const w of [...waiters]) {
        if (w.match(request)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(request);
        }
      }
      try {
        await handler(request, res, req);
      } catch {
        res.destroy();
      }
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    next(match = () => true) {
      const seen = received.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A server that records and answers nothing useful: the "other host" a redirect points at. */
export function startVictim(): Promise<TestServer> {
  return startServer((_r, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"success":true,"deploymentResult":{"success":true}}');
  });
}

/** The upstream's answer, read completely. */
export interface Upstream {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** What a front's hook is given for one request. */
export interface FrontContext {
  readonly request: Received;
  readonly res: ServerResponse;
  /** Sends the request on to the upstream (with its headers and body) and reads the answer. */
  forward(): Promise<Upstream>;
  /** Writes an answer (`content-length` set here). */
  reply(status: number, headers: Record<string, string>, body: string | Buffer): void;
}

/**
 * A hook decides one request: return `false` (or nothing) to pass it through unchanged, `true`
 * when it has answered (or deliberately never will).
 */
export type FrontHook = (ctx: FrontContext) => Promise<boolean | undefined> | boolean | undefined;

/** A reverse proxy before `upstream` (e.g. the stand-in) whose hook can misbehave on chosen requests. */
export function startFront(upstream: string, hook: FrontHook): Promise<TestServer> {
  return startServer(async (request, res) => {
    const forward = async (): Promise<Upstream> => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) {
        if (typeof v === "string" && !["host", "connection", "content-length"].includes(k)) headers[k] = v;
      }
      const answer = await fetch(`${upstream}${request.url}`, {
        method: request.method,
        headers,
        redirect: "manual",
        ...(request.body !== "" ? { body: request.body } : {}),
      });
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (!["content-length", "connection", "keep-alive", "transfer-encoding"].includes(k)) out[k] = v;
      });
      return { status: answer.status, headers: out, body: Buffer.from(await answer.arrayBuffer()) };
    };
    const reply = (status: number, headers: Record<string, string>, body: string | Buffer): void => {
      const buf = typeof body === "string" ? Buffer.from(body) : body;
      res.writeHead(status, { ...headers, "content-length": buf.length });
      res.end(buf);
    };
    if ((await hook({ request, res, forward, reply })) === true) return;
    const u = await forward();
    reply(u.status, u.headers, u.body);
  });
}

/** The path of a request without its query. */
export const pathOf = (r: Received): string => r.url.split("?")[0] ?? r.url;

/** `DELETE /apiops/projects/P/connections/c/` lines, for readable assertions on logs. */
export const linesOf = (received: readonly Received[]): string[] => received.map((r) => `${r.method} ${r.url}`);

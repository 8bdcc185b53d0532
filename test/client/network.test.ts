import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, createConnectionsClient } from "../../src/client/index.js";
import { closedPort } from "../support/net.js";
import { DELETED_BODY, json, startServer, type TestServer } from "./server.js";

const TOKEN = "tok-network-7f3e";
const NAMES = { projectName: "P", connectionName: "C" };
const DEFINITION: Connection = { type: "email", name: "C", host: "smtp.example.com", port: 587 };
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe("network failures end in results, never in exceptions", () => {
  it("connection refused -> network", async () => {
    const client = createConnectionsClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, token: TOKEN });
    const r = await client.deleteConnection(NAMES);
    expect(r).toMatchObject({ ok: false, kind: "network" });
    expect(r.ok === false && r.message).toMatch(/ECONNREFUSED/);
  });

  it("DNS failure -> network", async () => {
    const client = createConnectionsClient({
      baseUrl: "http://does-not-exist.invalid",
      token: TOKEN,
      timeoutMs: 10_000,
    });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "network" });
  });

  it("socket closed without an answer -> network", async () => {
    server.handler = (req) => req.socket.destroy();
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "network" });
  });

  it("socket closed in the middle of the body -> network", async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"success":true,');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "network" });
  });

  it("a custom fetch that throws, or resolves to garbage -> network, which may have deleted", async () => {
    const throwing = createConnectionsClient({
      baseUrl: server.url,
      token: TOKEN,
      fetch: () => {
        throw new Error("sync boom");
      },
    });
    // A custom fetch's own error does not say whether it sent the request.
    expect(await throwing.deleteConnection(NAMES)).toMatchObject({
      ok: false,
      kind: "network",
      mayHaveDeleted: true,
      message: "sync boom (the request was sent; the connection may or may not have been deleted)",
    });
    const garbage = createConnectionsClient({
      baseUrl: server.url,
      token: TOKEN,
      fetch: async () => 42 as unknown as Response,
    });
    expect(await garbage.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "network" });
  });

  it("a custom fetch is called as openapi-fetch calls one: with a single Request (method, URL, Authorization)", async () => {
    const calls: unknown[][] = [];
    const client = createConnectionsClient({
      baseUrl: "http://example.test",
      token: TOKEN,
      fetch: async (...args: unknown[]) => {
        calls.push(args);
        return new Response(DELETED_BODY, { status: 200 });
      },
    });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true, deleted: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(1);
    const request = calls[0]?.[0];
    expect(request).toBeInstanceOf(Request);
    if (!(request instanceof Request)) return;
    expect(request.url).toBe("http://example.test/apiops/projects/P/connections/C/");
    expect(request.method).toBe("DELETE");
    expect(request.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(request.redirect).toBe("manual");
    expect(request.body).toBeNull();
  });
});

describe("timeouts", () => {
  it("no headers in time -> timeout, after about timeoutMs", async () => {
    server.handler = () => {};
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 150 });
    const t0 = Date.now();
    const r = await client.deleteConnection(NAMES);
    expect(r).toMatchObject({ ok: false, kind: "timeout" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("headers sent, then the body stalls -> timeout", async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "60" });
      res.write('{"success":true,');
    };
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 150 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "timeout" });
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }); // chunked, no length
      res.write('{"success":true,');
    };
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "timeout" });
  });

  it("a slow body that completes within the time limit is fine", async () => {
    server.handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success":true,');
      setTimeout(() => res.end('"deploymentResult":{"success":true}}'), 50);
    };
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 2000 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true, deleted: true });
  });

  it("the time limit is per call, not per client: every call gets the full timeoutMs", async () => {
    // 4 answers of 250 ms each take longer than one limit of 900 ms; each alone has 650 ms to
    // spare, which a loaded machine needs (120 ms of 300 failed at load 18).
    server.handler = (_req, res) => setTimeout(() => json(res, 200, DELETED_BODY), 250);
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 900 });
    for (let i = 0; i < 4; i++) expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true });
  });

  it("a custom fetch that ignores the signal still times out", async () => {
    const client = createConnectionsClient({
      baseUrl: server.url,
      token: TOKEN,
      timeoutMs: 100,
      fetch: () => new Promise<Response>(() => {}),
    });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "timeout" });
  });

  it("says what the call may have done: deleted (Delete), created (Create, never retried), nothing (a read)", async () => {
    server.handler = () => {};
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 100, retries: 1 });
    const within = "no complete answer within 100 ms";
    expect(await client.deleteConnection(NAMES)).toMatchObject({
      kind: "timeout",
      message: `${within} (retries included) (the connection may or may not have been deleted)`,
    });
    expect(await client.createConnection(NAMES, DEFINITION)).toMatchObject({
      kind: "timeout",
      message: `${within} (the connection may or may not have been created)`,
    });
    expect(await client.getConnection(NAMES)).toMatchObject({
      kind: "timeout",
      message: `${within} (retries included)`,
    });
  });

  it("the default is 30 s", () => {
    expect(createConnectionsClient({ baseUrl: server.url, token: TOKEN }).timeoutMs).toBe(30_000);
  });
});

describe("caller's signal", () => {
  it("already aborted -> network (aborted), no request sent", async () => {
    const before = server.requests.length;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    const r = await client.deleteConnection(NAMES, { signal: AbortSignal.abort() });
    expect(r).toMatchObject({ ok: false, kind: "network", aborted: true });
    expect(server.requests.length - before).toBe(0);
  });

  it("aborted while waiting: says what the call may have done, as a timeout does", async () => {
    server.handler = () => {};
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 5000 });
    const abortSoon = () => ({ signal: AbortSignal.timeout(30) });
    const said = "aborted by the caller's signal";
    expect(await client.deleteConnection(NAMES, abortSoon())).toMatchObject({
      aborted: true,
      message: `${said} (the connection may or may not have been deleted)`,
    });
    expect(await client.createConnection(NAMES, DEFINITION, abortSoon())).toMatchObject({
      aborted: true,
      message: `${said} (the connection may or may not have been created)`,
    });
    expect(await client.getConnection(NAMES, abortSoon())).toMatchObject({ aborted: true, message: said });
  });

  it("aborted while waiting -> network with aborted: true, distinct from timeout", async () => {
    server.handler = () => {};
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = Date.now();
    const r = await client.deleteConnection(NAMES, { signal: controller.signal });
    expect(r).toMatchObject({
      ok: false,
      kind: "network",
      aborted: true,
      message: expect.stringMatching(/aborted by the caller/),
    });
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

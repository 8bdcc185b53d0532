import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnectionsClient, type FetchFunction } from "../../src/client/index.js";
import { DELETED_BODY, json, startServer, type TestServer } from "./server.js";

const TOKEN = "tok-network-7f3e";
const NAMES = { projectName: "P", connectionName: "C" };
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function countSince(before: number): number {
  return server.requests.length - before;
}

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

  it("a custom fetch that throws, or resolves to garbage -> network", async () => {
    const throwing = createConnectionsClient({
      baseUrl: server.url,
      token: TOKEN,
      fetch: () => {
        throw new Error("sync boom");
      },
    });
    expect(await throwing.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "network", message: "sync boom" });
    const garbage = createConnectionsClient({
      baseUrl: server.url,
      token: TOKEN,
      fetch: async () => 42 as unknown as Response,
    });
    expect(await garbage.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "network" });
  });

  it("a custom fetch is called with the URL and init (method, Authorization)", async () => {
    const calls: [unknown, RequestInit | undefined][] = [];
    const client = createConnectionsClient({
      baseUrl: "http://example.test",
      token: TOKEN,
      fetch: async (input, init) => {
        calls.push([input, init]);
        return new Response(DELETED_BODY, { status: 200 });
      },
    });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true, deleted: true });
    expect(calls[0]?.[0]).toBe("http://example.test/apiops/projects/P/connections/C/");
    expect(calls[0]?.[1]?.method).toBe("DELETE");
    expect(new Headers(calls[0]?.[1]?.headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.[1]?.redirect).toBe("manual");
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
    server.handler = (_req, res) => setTimeout(() => json(res, 200, DELETED_BODY), 120);
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 300 });
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
    expect(countSince(before)).toBe(0);
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

describe("retries", () => {
  it("503 then 200: retried and deleted", async () => {
    server.handler = (_req, res, i) => (i % 2 === 0 ? json(res, 503, "busy") : json(res, 200, DELETED_BODY));
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 2 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true, deleted: true });
    expect(server.requests).toHaveLength(2);
  });

  it("retries only 502/503/504 and network errors, never 4xx, 500 or 200", async () => {
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 2 });
    for (const status of [400, 401, 404, 500, 501]) {
      server.handler = (_req, res) =>
        json(res, status, { error: "x", error_description: "Connection (name: C) was not found!" });
      const before = server.requests.length;
      await client.deleteConnection(NAMES);
      expect(countSince(before), `status ${status}`).toBe(1);
    }
    for (const status of [502, 504]) {
      server.handler = (_req, res) => json(res, status, "gateway");
      const before = server.requests.length;
      expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "http-error", status });
      expect(countSince(before), `status ${status}`).toBe(3);
    }
  });

  it("without retries (the default) a 503 is reported at once", async () => {
    server.handler = (_req, res) => json(res, 503, "busy");
    const before = server.requests.length;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    expect(await client.deleteConnection(NAMES)).toMatchObject({
      ok: false,
      kind: "http-error",
      status: 503,
      body: "busy",
    });
    expect(countSince(before)).toBe(1);
  });

  it("network errors are retried: closed socket, then success", async () => {
    server.handler = (req, res, i) => (i % 2 === 0 ? req.socket.destroy() : json(res, 200, DELETED_BODY));
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it("a timeout is not retried", async () => {
    server.handler = () => {};
    const before = server.requests.length;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 3, timeoutMs: 150 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ kind: "timeout" });
    expect(countSince(before)).toBe(1);
  });

  it("ignoreMissing makes a retried delete safe: first attempt lost, second says not found", async () => {
    server.handler = (req, res, i) =>
      i % 2 === 0
        ? req.socket.destroy()
        : json(res, 400, { error: "bad_request", error_description: "Connection (name: C) was not found!" });
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    expect(await client.deleteConnection(NAMES, { ignoreMissing: true })).toMatchObject({
      ok: true,
      deleted: false,
      status: 400,
    });
  });
});

describe("backoff and Retry-After, on a fake clock", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** A fetch that answers each call with `answer(n)` and records the (fake) time of each call. */
  function recordingFetch(answer: (n: number) => Response) {
    const times: number[] = [];
    const fetch: FetchFunction = async () => {
      times.push(Date.now());
      return answer(times.length - 1);
    };
    return { fetch, times };
  }
  const busy = (headers: Record<string, string> = {}) => new Response("busy", { status: 503, headers });

  it("Retry-After is honoured: the retry waits the seconds the server asked for", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const t0 = Date.now();
    const { fetch, times } = recordingFetch((n) =>
      n === 0 ? busy({ "retry-after": "1" }) : new Response(DELETED_BODY),
    );
    const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 1, fetch });
    const pending = client.deleteConnection(NAMES);
    await vi.advanceTimersByTimeAsync(999);
    expect(times).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ ok: true, deleted: true });
    expect(times.map((t) => t - t0)).toEqual([0, 1000]);
  });

  it("never waits beyond the overall time limit: a Retry-After past it ends the retries at once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { fetch, times } = recordingFetch(() => busy({ "retry-after": "120" }));
    const client = createConnectionsClient({
      baseUrl: "http://example.test",
      token: TOKEN,
      retries: 5,
      timeoutMs: 2000,
      fetch,
    });
    // Resolves without the clock moving at all.
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "http-error", status: 503 });
    expect(times).toHaveLength(1);
  });

  it("backoff doubles (200 ms x 2^n, jitter at its top) and no retry is made past timeoutMs", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.spyOn(Math, "random").mockReturnValue(1);
    const t0 = Date.now();
    const { fetch, times } = recordingFetch(() => busy());
    const client = createConnectionsClient({
      baseUrl: "http://example.test",
      token: TOKEN,
      retries: 10,
      timeoutMs: 1500,
      fetch,
    });
    const pending = client.deleteConnection(NAMES);
    await vi.advanceTimersByTimeAsync(1500);
    expect(await pending).toMatchObject({ ok: false, kind: "http-error", status: 503 });
    // 200, 400, 800 fit in 1.5 s; the next wait (1600 ms) would not.
    expect(times.map((t) => t - t0)).toEqual([0, 200, 600, 1400]);
  });

  it("jitter keeps each wait between half and all of the doubled base", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.spyOn(Math, "random").mockReturnValue(0);
    const t0 = Date.now();
    const { fetch, times } = recordingFetch((n) => (n < 2 ? busy() : new Response(DELETED_BODY)));
    const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 2, fetch });
    const pending = client.deleteConnection(NAMES);
    await vi.advanceTimersByTimeAsync(300);
    expect(await pending).toMatchObject({ ok: true });
    expect(times.map((t) => t - t0)).toEqual([0, 100, 300]);
  });
});

describe("a retry that hears 'not found' says an earlier attempt may have deleted the connection", () => {
  const notFound = { error: "bad_request", error_description: "Connection (name: C) was not found!" };
  const statusNotFound = { status: "FAILURE", resultMessage: "Connection (name: C) was not found!" };
  const cases: [string, (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void][] =
    [
      ["HTTP 502", (_req, res) => json(res, 502, "bad gateway")],
      ["HTTP 503", (_req, res) => json(res, 503, "busy")],
      ["HTTP 504", (_req, res) => json(res, 504, "timeout")],
      ["a network error", (req) => req.socket.destroy()],
    ];
  for (const [earlier, first] of cases) {
    for (const [envelope, body] of [
      ["success", notFound],
      ["status", statusNotFound],
    ] as const) {
      it(`first attempt ${earlier}, retry says not found (${envelope} envelope)`, async () => {
        server.handler = (req, res, i) => (i % 2 === 0 ? first(req, res) : json(res, 400, body));
        server.requests.length = 0;
        const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
        const note = `(an earlier attempt of this call got ${earlier}; it may have deleted the connection)`;
        expect(await client.deleteConnection(NAMES)).toMatchObject({
          ok: false,
          kind: "connection-not-found",
          envelope,
          earlierAttemptMayHaveDeleted: true,
          message: `Connection (name: C) was not found! ${note}`,
        });
        expect(await client.deleteConnection(NAMES, { ignoreMissing: true })).toMatchObject({
          ok: true,
          deleted: false,
          envelope,
          earlierAttemptMayHaveDeleted: true,
          message: expect.stringContaining(note),
        });
      });
    }
  }

  it("a first answer of 'not found' carries no such note", async () => {
    server.handler = (_req, res) => json(res, 400, notFound);
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    const r = await client.deleteConnection(NAMES);
    expect(r).toMatchObject({ kind: "connection-not-found", message: notFound.error_description });
    expect("earlierAttemptMayHaveDeleted" in r).toBe(false);
  });

  it("a missing project after a retry is just a missing project (our DELETE cannot remove a project)", async () => {
    server.handler = (_req, res, i) =>
      i % 2 === 0
        ? json(res, 503, "busy")
        : json(res, 400, { status: "FAILURE", resultMessage: "Project (P) is not found!" });
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    const r = await client.deleteConnection(NAMES, { ignoreMissing: true });
    expect(r).toMatchObject({ ok: false, kind: "project-not-found", message: "Project (P) is not found!" });
    expect("earlierAttemptMayHaveDeleted" in r).toBe(false);
  });
});

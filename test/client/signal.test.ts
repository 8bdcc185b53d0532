// Issue 10 (11a): `deleteConnection` never rejects, whatever the caller passes as `signal`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import { DELETED_BODY, json, startServer, type TestServer } from "./server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 200, DELETED_BODY));
});
afterAll(() => server.close());

const NAMES = { projectName: "P", connectionName: "C" };
const boom = () => {
  throw new Error("signal boom tok-signal-55");
};

/** Calls deleteConnection with `signal` and returns the result and the number of requests it sent. */
async function callWith(signal: unknown) {
  const before = server.requests.length;
  const client = createConnectionsClient({ baseUrl: server.url, token: "tok-signal-55" });
  const result = await client.deleteConnection(NAMES, { signal: signal as AbortSignal });
  return { result, sent: server.requests.length - before };
}

/** A signal-like object: a real AbortSignal's shape with one member replaced. */
function signalWith(overrides: PropertyDescriptorMap): AbortSignal {
  return Object.defineProperties(Object.create(AbortSignal.prototype), {
    aborted: { get: () => false },
    addEventListener: { value: () => {} },
    removeEventListener: { value: () => {} },
    ...overrides,
  }) as AbortSignal;
}

describe("a signal that throws never makes deleteConnection reject", () => {
  it.each([
    ["addEventListener throws", { addEventListener: { value: boom } }],
    ["the aborted getter throws", { aborted: { get: boom } }],
    ["the addEventListener getter throws", { addEventListener: { get: boom } }],
  ])("%s -> invalid-argument, nothing sent, the token not echoed", async (_label, overrides) => {
    const { result, sent } = await callWith(signalWith(overrides));
    expect(result).toMatchObject({ ok: false, kind: "invalid-argument" });
    expect(result.ok === false && result.message).toMatch(/^signal must be an AbortSignal/);
    expect(JSON.stringify(result)).not.toContain("tok-signal-55");
    expect(sent).toBe(0);
  });

  it("addEventListener throwing a string is reported with it", async () => {
    const { result } = await callWith(
      signalWith({
        addEventListener: {
          value: () => {
            throw "no listeners here";
          },
        },
      }),
    );
    expect(result).toMatchObject({ kind: "invalid-argument", message: expect.stringContaining("no listeners here") });
  });

  it("removeEventListener throws -> the call still resolves with its result", async () => {
    const { result, sent } = await callWith(signalWith({ removeEventListener: { value: boom } }));
    expect(result).toMatchObject({ ok: true, deleted: true });
    expect(sent).toBe(1);
  });

  it("a Proxy that throws on every access -> invalid-argument", async () => {
    const proxy = new Proxy(new AbortController().signal, { get: boom, has: boom, getPrototypeOf: boom });
    expect((await callWith(proxy)).result).toMatchObject({ ok: false, kind: "invalid-argument" });
  });

  it("a revoked Proxy -> invalid-argument", async () => {
    const { proxy, revoke } = Proxy.revocable(new AbortController().signal, {});
    revoke();
    expect((await callWith(proxy)).result).toMatchObject({ ok: false, kind: "invalid-argument" });
  });

  it("a signal whose aborted getter throws only after the check is still followed safely", async () => {
    let reads = 0;
    const { result } = await callWith(signalWith({ aborted: { get: () => (reads++ === 0 ? false : boom()) } }));
    expect(result).toMatchObject({ ok: true });
  });

  it("a signal-like object that fires the listener at once aborts the call, as a result", async () => {
    const eager = signalWith({ addEventListener: { value: (_: string, listener: () => void) => listener() } });
    expect((await callWith(eager)).result).toMatchObject({ ok: false, kind: "network", aborted: true });
  });

  it("a signal whose reason getter throws, aborted during the call -> aborted result, no uncaught error", async () => {
    const controller = new AbortController();
    const signal = new Proxy(controller.signal, {
      get: (target, key) => {
        if (key === "reason") boom();
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    server.handler = () => controller.abort();
    const { result } = await callWith(signal);
    server.handler = (_req, res) => json(res, 200, DELETED_BODY);
    expect(result).toMatchObject({ ok: false, kind: "network", aborted: true });
  });
});

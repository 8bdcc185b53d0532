// Starting, listening, logging, slowing down and stopping: what the CLI's `serve` builds on.
import { describe, expect, it } from "vitest";
import { type RequestLogEntry, serve } from "../../src/provider/index.js";
import { REDACTED } from "../../src/rules/secrets.js";
import { call, conn, start } from "./support.js";

describe("listening", () => {
  it("rejects a busy port with code EADDRINUSE (the CLI maps it to its own exit code)", async () => {
    const first = await start();
    const error = await serve({ port: first.port }).catch((e: NodeJS.ErrnoException) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toBe("EADDRINUSE");
    expect((error as Error).message).toBe(`cannot listen on 127.0.0.1:${first.port}: the port is already in use`);
  });

  it("says whether only this machine can connect", async () => {
    const wildcard = await start({ host: "0.0.0.0" });
    expect(wildcard).toMatchObject({ host: "0.0.0.0", loopback: false });
    // A wildcard bind is reached through loopback, so the printed URL works as printed.
    expect(wildcard.url).toBe(`http://127.0.0.1:${wildcard.port}`);
    expect((await call(wildcard, "GET", "/apiops/test/healthcheck")).status).toBe(200);

    const v6 = await start({ host: "::1" });
    expect(v6).toMatchObject({ host: "::1", loopback: true, url: `http://[::1]:${v6.port}` });
    expect((await call(v6, "GET", "/apiops/test/healthcheck")).status).toBe(200);
    expect((await start({ host: "localhost" })).loopback).toBe(true);
  });

  it("stops listening on close", async () => {
    const s = await serve();
    await s.close();
    await expect(fetch(`${s.url}/apiops/test/healthcheck`)).rejects.toThrow();
  });
});

describe("request log", () => {
  it("reports each answered request: method, path, status, duration, operation, outcome", async () => {
    const log: RequestLogEntry[] = [];
    const s = await start({ connections: [{ connectionName: "c1" }], onRequest: (e) => log.push(e) });
    await call(s, "DELETE", conn("MyProject", "c1"));
    await call(s, "GET", "/apiops/projects/MyProject/connections/?type=email");
    await call(s, "DELETE", conn("MyProject", "c1"), { token: null });
    expect(log).toEqual([
      expect.objectContaining({
        method: "DELETE",
        path: "/apiops/projects/MyProject/connections/c1/",
        status: 200,
        operation: "delete",
        outcome: "deleted",
      }),
      // The query is not logged: it is the caller's, and may hold anything.
      expect.objectContaining({
        method: "GET",
        path: "/apiops/projects/MyProject/connections/",
        status: 200,
        outcome: "listed",
      }),
      expect.objectContaining({ method: "DELETE", status: 401, outcome: "unauthorized" }),
    ]);
    for (const e of log) expect(e.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("never holds a token, even one sent in the path, in any encoding", async () => {
    const log: RequestLogEntry[] = [];
    const s = await start({
      token: "tok-in-the-path-1234",
      limitedToken: "lim-in-the-path-5678",
      onRequest: (e) => log.push(e),
    });
    await call(s, "GET", conn("MyProject", s.token));
    await call(
      s,
      "GET",
      `/apiops/projects/MyProject/connections/${encodeURIComponent(s.limitedToken).replace("-", "%2D")}/`,
    );
    expect(log.map((e) => e.path)).toEqual([
      `/apiops/projects/MyProject/connections/${REDACTED}/`,
      `/apiops/projects/MyProject/connections/${REDACTED}/`,
    ]);
  });

  it("a log callback that throws does not disturb the answers", async () => {
    const s = await start({
      onRequest: () => {
        throw new Error("broken log");
      },
    });
    expect((await call(s, "GET", "/apiops/test/healthcheck")).status).toBe(200);
    expect((await call(s, "GET", "/apiops/test/healthcheck")).status).toBe(200);
  });
});

describe("delay and failures", () => {
  it("delayMs holds every answer back at least that long", async () => {
    const log: RequestLogEntry[] = [];
    const s = await start({ behaviour: { delayMs: 40 }, onRequest: (e) => log.push(e) });
    const t0 = performance.now();
    expect((await call(s, "DELETE", conn("MyProject", "none"))).status).toBe(400);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(39);
    expect(log[0]?.durationMs).toBeGreaterThanOrEqual(39);
  });

  it("a behaviour hook that throws is answered 500 in the envelope, and the stand-in keeps serving", async () => {
    for (const [envelope, body] of [
      ["success", { error: "server_error", error_description: "Internal error of the stand-in" }],
      ["status", { status: "FAILURE", resultMessage: "An unexpected error occurred" }],
    ] as const) {
      const log: RequestLogEntry[] = [];
      const s = await start({
        envelope,
        onRequest: (e) => log.push(e),
        behaviour: {
          reply: (_r, ctx) => {
            if (ctx.operation === "delete") throw new Error("hook failed");
            return undefined;
          },
        },
      });
      expect(await call(s, "DELETE", conn("MyProject", "x"))).toMatchObject({ status: 500, body });
      expect((await call(s, "GET", "/apiops/test/healthcheck")).status).toBe(200);
      expect(log[0]).toMatchObject({ status: 500, outcome: "internal-error" });
    }
  });

  it("a hook's reply that HTTP or JSON cannot carry fails that request only", async () => {
    const s = await start({
      behaviour: {
        reply: (reply, ctx) => {
          if (ctx.connectionName === "bigint") return { ...reply, body: { n: 1n } };
          if (ctx.connectionName === "header") return { ...reply, headers: { "x-bad": "a\nb" } };
          return undefined;
        },
      },
    });
    expect((await call(s, "GET", conn("MyProject", "bigint"))).status).toBe(500);
    await expect(call(s, "GET", conn("MyProject", "header"))).rejects.toThrow();
    expect((await call(s, "GET", "/apiops/test/healthcheck")).status).toBe(200);
  });
});

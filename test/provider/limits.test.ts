// The stand-in stays small: one request body at most 1 MiB (rules/limits.ts), at most
// `maxConnections` connections and `maxStoredBytes` of stored bodies; refusals come in the
// envelope in use. Bad options are refused before anything listens.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_STORED_BYTES, serve } from "../../src/provider/index.js";
import { MAX_BODY_BYTES } from "../../src/rules/limits.js";
import { call, conn, create, email, start } from "./support.js";

/** A Create body for `name` whose JSON is exactly `bytes` long. */
function bodyOfSize(name: string, bytes: number): string {
  const base = JSON.stringify({ ...email(name), description: "" });
  return JSON.stringify({ ...email(name), description: "d".repeat(bytes - Buffer.byteLength(base)) });
}

describe("request body limit (1 MiB)", () => {
  it("takes a body of exactly 1 MiB and refuses one byte more with 413, storing nothing", async () => {
    for (const envelope of ["success", "status"] as const) {
      const s = await start({ envelope });
      const exact = await call(s, "POST", conn("MyProject", "big"), { body: bodyOfSize("big", MAX_BODY_BYTES) });
      expect(exact.status, envelope).toBe(200);
      const over = await call(s, "POST", conn("MyProject", "bigger"), {
        body: bodyOfSize("bigger", MAX_BODY_BYTES + 1),
      });
      expect(over.status).toBe(413);
      expect(JSON.stringify(over.body)).toMatch(/larger than 1048576 bytes/);
      expect(over.body).toHaveProperty(envelope === "status" ? "resultMessage" : "error_description");
      expect(s.connections("MyProject")?.map((c) => c.name)).toEqual(["big"]);
      expect((await call(s, "GET", "/apiops/test/healthcheck")).status).toBe(200);
    }
  });

  it("refuses a body far beyond the limit without keeping it", async () => {
    const s = await start();
    const r = await call(s, "POST", conn("MyProject", "huge"), { body: "x".repeat(8 * MAX_BODY_BYTES) });
    expect(r.status).toBe(413);
  });
});

describe("a compressed request body", () => {
  // Issue 20: a gzip body was answered 400 "not valid JSON"; 415 says the encoding is the problem.
  it.each(["gzip", "br", "GZIP", "deflate, gzip"])("Content-Encoding %s: 415, nothing stored", async (encoding) => {
    for (const envelope of ["success", "status"] as const) {
      const s = await start({ envelope });
      const body = gzipSync(JSON.stringify(email("zipped")));
      const res = await fetch(`${s.url}${conn("MyProject", "zipped")}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${s.token}`,
          "content-type": "application/json",
          "content-encoding": encoding,
        },
        body,
      });
      expect(res.status, envelope).toBe(415);
      expect(await res.text()).toMatch(/Content-Encoding is not supported: send it uncompressed/);
      expect(s.connections("MyProject")).toEqual([]);
    }
  });

  it("Content-Encoding identity is a plain body", async () => {
    const s = await start();
    const res = await fetch(`${s.url}${conn("MyProject", "plain")}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${s.token}`,
        "content-type": "application/json",
        "content-encoding": "identity",
      },
      body: JSON.stringify(email("plain")),
    });
    expect(res.status).toBe(200);
  });
});

describe("store limits", () => {
  it("has documented defaults", async () => {
    const s = await start();
    expect(s.limits).toEqual({
      maxConnections: DEFAULT_MAX_CONNECTIONS,
      maxStoredBytes: DEFAULT_MAX_STORED_BYTES,
      maxBodyBytes: MAX_BODY_BYTES,
    });
    expect(DEFAULT_MAX_CONNECTIONS).toBe(10_000);
  });

  it("counts connections over all projects; updates and deletes free what they should", async () => {
    const s = await start({ envelope: "status", projects: ["A", "B"], maxConnections: 2 });
    await create(s, "A", "one");
    await create(s, "B", "two");
    const full = await call(s, "POST", conn("B", "three"), { body: email("three") });
    expect(full).toMatchObject({
      status: 507,
      body: { status: "FAILURE", resultMessage: expect.stringMatching(/holds 2 connections, its limit/) },
    });
    // An update (upsert in this envelope) adds nothing, so it still works at the limit.
    expect((await call(s, "POST", conn("A", "ONE"), { body: email("ONE") })).status).toBe(200);
    expect((await call(s, "DELETE", conn("A", "one"))).status).toBe(200);
    await create(s, "B", "three");
    expect(s.connections("B")?.map((c) => c.name)).toEqual(["three", "two"]);
  });

  it("bounds the bytes of stored bodies", async () => {
    const size = Buffer.byteLength(JSON.stringify(email("c1")));
    const s = await start({ maxStoredBytes: 2 * size + 10 });
    await create(s, "MyProject", "c1");
    await create(s, "MyProject", "c2");
    const r = await call(s, "POST", conn("MyProject", "c3"), { body: email("c3") });
    expect(r).toMatchObject({ status: 507, body: { error: "insufficient_storage" } });
    expect(JSON.stringify(r.body)).toMatch(new RegExp(`take ${2 * size + 10} bytes, its limit`));
  });
});

describe("seed connections", () => {
  it("start the stand-in with connections, in the first project unless named", async () => {
    const s = await start({
      projects: ["P1", "P2"],
      connections: [
        { connectionName: "my-email-connection" },
        { projectName: "P2", connectionName: "events", type: "kafka", deployToWorker: false },
      ],
    });
    expect(s.connections("P1")).toMatchObject([{ name: "my-email-connection", type: "email", deployToWorker: true }]);
    expect(s.connections("P2")).toMatchObject([{ name: "events", type: "kafka", deployToWorker: false }]);
    expect((await call(s, "DELETE", conn("P1", "my-email-connection"))).status).toBe(200);
    expect((await call(s, "DELETE", conn("P1", "my-email-connection"))).status).toBe(400);
  });

  it("refuse seeds that cannot be held", async () => {
    await expect(serve({ connections: [{ projectName: "Nope", connectionName: "c" }] })).rejects.toThrow(
      /project "Nope" is not one of the projects/,
    );
    await expect(serve({ connections: [{ connectionName: "c" }, { connectionName: "C" }] })).rejects.toThrow(
      /given twice/,
    );
    await expect(serve({ connections: [{ connectionName: "a/b" }] })).rejects.toThrow(TypeError);
    await expect(serve({ connections: [{ connectionName: "a" }], maxConnections: 0 })).rejects.toThrow(RangeError);
  });
});

describe("options are checked before anything listens", () => {
  it("refuses bad values with a TypeError or RangeError that never repeats a token", async () => {
    await expect(serve({ port: 70_000 })).rejects.toThrow(RangeError);
    await expect(serve({ port: 1.5 })).rejects.toThrow(RangeError);
    await expect(serve({ maxConnections: -1 })).rejects.toThrow(RangeError);
    await expect(serve({ behaviour: { delayMs: -5 } })).rejects.toThrow(RangeError);
    await expect(serve({ envelope: "json" as "status" })).rejects.toThrow(TypeError);
    await expect(serve({ projects: [""] })).rejects.toThrow(TypeError);
    const secret = "secret value with spaces";
    const error = await serve({ token: secret }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(String((error as Error).message)).not.toContain(secret);
  });
});

// Compressed answers: the 1 MiB limit counts decoded bytes. Content-Length counts the compressed
// ones, so a small gzip/br/deflate body that decodes to 50 MiB must be cut, not read in full.
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectionsClientOptions,
  createConnectionsClient,
  type DeleteConnectionResult,
} from "../../src/client/index.js";
import { MAX_BODY_BYTES } from "../../src/rules/limits.js";
import { DELETED_BODY, type Handler, startServer, type TestServer } from "./server.js";

const NAMES = { projectName: "P", connectionName: "C" };
const DECODED_BYTES = 50 * 1024 * 1024;
/** Generous: the fixed client reads about 1 MiB; reading the bomb in full takes well over 100 MiB. */
const MEMORY_SLACK = 64 * 1024 * 1024;

let server: TestServer;
/** 50 MiB of zeros in each encoding (each well under 1 MiB on the wire), built once. */
const bombs: Record<string, Buffer> = {};
beforeAll(async () => {
  server = await startServer();
  const zeros = Buffer.alloc(DECODED_BYTES);
  bombs.gzip = zlib.gzipSync(zeros);
  // Brotli's default quality (11) takes seconds on 50 MiB; quality 1 takes milliseconds.
  bombs.br = zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } });
  bombs.deflate = zlib.deflateSync(zeros);
  // Several codings: applied br first, then gzip; fetch decodes in reverse.
  bombs["br, gzip"] = zlib.gzipSync(bombs.br);
}, 60_000);
afterAll(() => server.close());

const encoded =
  (status: number, encoding: string, body: Buffer): Handler =>
  (_q, res) => {
    res.writeHead(status, {
      "content-type": "application/json",
      "content-encoding": encoding,
      "content-length": body.byteLength,
    });
    res.end(body);
  };

/** One call, with the growth of the process's RSS at its peak (sampled while the call runs). */
async function measured(
  handler: Handler,
  fetch?: ConnectionsClientOptions["fetch"],
): Promise<{ r: DeleteConnectionResult; growth: number }> {
  server.handler = handler;
  const client = createConnectionsClient({ baseUrl: server.url, token: "tok-123", fetch });
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const r = await client.deleteConnection(NAMES);
    return { r, growth: Math.max(peak, process.memoryUsage.rss()) - before };
  } finally {
    clearInterval(sampler);
  }
}

function expectCut(r: DeleteConnectionResult, growth: number): void {
  expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status: 200 });
  expect(r.ok === false && r.message).toContain(`larger than ${MAX_BODY_BYTES} bytes`);
  expect(r.ok === false && r.body?.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
  expect(growth).toBeLessThan(MEMORY_SLACK);
}

const globalFetch: ConnectionsClientOptions["fetch"] = (input, init) => fetch(input, init);

describe("a compressed answer that decodes to over 1 MiB -> unexpected-response, bounded", () => {
  for (const encoding of ["gzip", "br", "deflate", "br, gzip"]) {
    it(`${encoding}: ${DECODED_BYTES} decoded bytes from a small Content-Length`, async () => {
      const bomb = bombs[encoding] as Buffer;
      expect(bomb.byteLength).toBeLessThan(MAX_BODY_BYTES);
      const { r, growth } = await measured(encoded(200, encoding, bomb));
      expectCut(r, growth);
    });

    it(`${encoding}, through a custom fetch: the same`, async () => {
      const { r, growth } = await measured(encoded(200, encoding, bombs[encoding] as Buffer), globalFetch);
      expectCut(r, growth);
    });
  }

  it("a 500 with a gzip bomb -> http-error, its body bounded", async () => {
    const { r, growth } = await measured(encoded(500, "gzip", bombs.gzip as Buffer));
    expect(r).toMatchObject({ ok: false, kind: "http-error", status: 500 });
    expect(r.ok === false && r.body?.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(growth).toBeLessThan(MEMORY_SLACK);
  });
});

describe("a compressed answer that decodes to little is read as usual", () => {
  for (const [encoding, compress] of [
    ["gzip", zlib.gzipSync],
    ["br", zlib.brotliCompressSync],
    ["deflate", zlib.deflateSync],
  ] as const) {
    it(`${encoding} 200 with the documented body -> deleted (default and custom fetch)`, async () => {
      const handler = encoded(200, encoding, compress(Buffer.from(DELETED_BODY)));
      for (const custom of [undefined, globalFetch]) {
        const { r } = await measured(handler, custom);
        expect(r).toMatchObject({ ok: true, deleted: true, status: 200, envelope: "success" });
      }
    });
  }

  it("Content-Encoding: identity with a Content-Length keeps the short path's result", async () => {
    const { r } = await measured(encoded(200, "identity", Buffer.from(DELETED_BODY)));
    expect(r).toMatchObject({ ok: true, deleted: true });
  });
});

describe("a Content-Length that lies (says 10, sends 5 MiB)", () => {
  it("global fetch reads only the declared 10 bytes: a typed result, no huge body", async () => {
    const { r, growth } = await measured((_q, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": 10 });
      res.end(Buffer.alloc(5 * 1024 * 1024, 0x61));
    });
    expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status: 200, body: "aaaaaaaaaa" });
    expect(growth).toBeLessThan(MEMORY_SLACK);
  });

  it("a custom fetch's Response is not held to it: cut at 1 MiB", async () => {
    const { r, growth } = await measured(
      (_q, res) => res.end(),
      async () =>
        new Response(Buffer.alloc(5 * 1024 * 1024, 0x61), {
          status: 200,
          headers: { "content-type": "application/json", "content-length": "10" },
        }),
    );
    expectCut(r, growth);
  });
});

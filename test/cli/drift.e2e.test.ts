// `drift` end to end against a local server that publishes (or not) an OpenAPI document, like
// Apinizer's own description of Delete Connection: 200, 401 and 500, no 400 (issue 13 item 4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { json, startServer, type TestServer } from "../client/server.js";
import { captureIo } from "../support/io.js";

const TOKEN = "drift-token-0a9b8c7d";
const answer = (description: string) => ({
  description,
  content: { "*/*": { schema: { type: "object", additionalProperties: true } } },
});
/** A server's own description of Delete Connection, written from the facts (not copied from anywhere). */
const DOCUMENT = {
  openapi: "3.0.1",
  info: { title: "API Ops", version: "1" },
  paths: {
    "/apiops/projects/{projectName}/connections/{connectionName}/": {
      delete: {
        operationId: "deleteConnection",
        parameters: [
          { name: "projectName", in: "path", required: true, schema: { type: "string" } },
          { name: "connectionName", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: { "200": answer("OK"), "401": answer("Unauthorized"), "500": answer("Internal Server Error") },
      },
    },
  },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((q, res) =>
    q.url === "/published/openapi.json"
      ? json(res, 200, DOCUMENT)
      : json(res, 404, { status: 404, error: "Not Found", path: q.url }),
  );
});
afterAll(() => server.close());

async function drift(argv: string[]) {
  const c = captureIo({ APINIZER_TOKEN: TOKEN });
  const code = await main(["drift", "--base-url", server.url, ...argv], c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe("drift, end to end", () => {
  it("a document that declares 200/401/500 and no 400: exit 1, the differences named", async () => {
    const r = await drift(["--spec-url", `${server.url}/published/openapi.json`]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/400/);
    expect(r.out + r.err).not.toContain(TOKEN);
    const j = await drift(["--spec-url", `${server.url}/published/openapi.json`, "--json"]);
    expect(JSON.parse(j.out)).toMatchObject({ outcome: "drift", exitCode: 1 });
  });

  it("a server that publishes none: exit 3 and a clear message", async () => {
    const r = await drift([]);
    expect(r.code).toBe(3);
    expect(r.out + r.err).toMatch(/publish|no OpenAPI|not found/i);
  });
});

// `delete --json` and its plain output never show a piece of the token (issue 19, item 5): a
// server that echoes the token split over two fields, over two lines, or as base64 wrapped over
// lines. The shared check (test/verify/support/secrets.ts) looks for every 10-character piece.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { json, startServer, type TestServer } from "../client/server.js";
import { captureIo } from "../support/io.js";
import { distinctiveToken, expectNoToken } from "../verify/support/secrets.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const token = distinctiveToken();
const half = Math.floor(token.length / 2);
const wrapped = (text: string, width: number): string =>
  (text.match(new RegExp(`.{1,${width}}`, "g")) ?? []).join("\r\n");
/** The output read whole again: JSON-escaped and raw line breaks removed. */
const unwrapped = (text: string): string => text.replace(/\\r|\\n|[\r\n]/g, "");

const echoes: { name: string; body: (auth: string) => unknown }[] = [
  {
    name: "split over two fields",
    body: () => ({ success: false, error: token.slice(0, half), error_description: token.slice(half) }),
  },
  {
    name: "split over two lines",
    body: () => ({ success: false, error: "bad", error_description: `${token.slice(0, half)}\n${token.slice(half)}` }),
  },
  {
    name: "base64 wrapped over lines",
    body: (auth) => ({
      success: false,
      error: "bad",
      error_description: wrapped(Buffer.from(`seen ${auth}`).toString("base64"), 12),
    }),
  },
];

describe("delete never shows a piece of the token", () => {
  it.each(echoes)("$name, in --json and in plain output", async ({ body }) => {
    server.handler = (req, res) => json(res, 400, body(req.headers.authorization ?? ""));
    for (const extra of [["--json"], []]) {
      const c = captureIo({ APINIZER_BASE_URL: server.url, APINIZER_TOKEN: token });
      const code = await main(["delete", "--project", "P", "--connection", "c", ...extra], c.io);
      expect(code).not.toBe(0);
      const texts = { stdout: c.stdout(), stderr: c.stderr() };
      expectNoToken(token, texts);
      expectNoToken(token, { stdout: unwrapped(texts.stdout), stderr: unwrapped(texts.stderr) });
      const base64 = unwrapped(texts.stdout + texts.stderr).match(/[A-Za-z0-9+/]{16,}/g) ?? [];
      for (const b of base64) expectNoToken(token, { decoded: Buffer.from(b, "base64").toString("latin1") });
    }
  });
});

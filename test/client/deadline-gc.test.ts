// The client's time limit holds however the garbage collector runs (support/collect.ts): once the
// Request openapi-fetch built was collected, a body that stalled after its headers was waited on
// forever (a suite run hung 60 s on network.test.ts that way). Collections are forced every 10 ms.
import { describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import { underCollection } from "../support/collect.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { startServer } from "../verify/support/servers.js";

describe("a server that stalls, while garbage is collected", () => {
  const stalls: Record<string, Record<string, string>> = {
    "headers with a Content-Length, then half the body": { "content-length": "60" },
    "headers, then half a chunked body": {},
    "no headers": { none: "" },
  };
  for (const [name, headers] of Object.entries(stalls)) {
    it(`${name}: the delete ends at its time limit`, async () => {
      const server = closeAfterTest(
        await startServer((_r, res) => {
          if (!("none" in headers)) {
            res.writeHead(200, { "content-type": "application/json", ...headers });
            res.write('{"success":true,');
          }
          return new Promise(() => {});
        }),
      );
      const client = createConnectionsClient({ baseUrl: server.url, token: "t", timeoutMs: 300 });
      const ended = await underCollection(() => client.deleteConnection({ projectName: "P", connectionName: "c" }));
      expect(ended).toMatchObject({ ok: false, kind: "timeout" });
    });
  }
});

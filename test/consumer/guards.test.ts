// The contract guards the client: replayed with a deliberately broken client, an interaction
// fails. These write their pact to a throw-away folder, never to build/pacts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PactV4, SpecificationVersion } from "@pact-foundation/pact";
import { afterAll, describe, expect, it } from "vitest";
import { createConnectionsClient, type FetchFunction } from "../../src/client/index.js";
import { example, interactions } from "./interactions.js";
import { consumer, provider } from "./pact.js";

const dir = mkdtempSync(join(tmpdir(), "apinizer-pact-guards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pact = () =>
  new PactV4({ consumer, provider, dir, spec: SpecificationVersion.SPECIFICATION_VERSION_V4, logLevel: "error" });

/** A client whose every request goes through `breakIt` on its way out. */
const brokenClient = (baseUrl: string, breakIt: (url: string, init: RequestInit) => [string, RequestInit]) => {
  const fetch: FetchFunction = (input, init) => globalThis.fetch(...breakIt(String(input), init ?? {}));
  return createConnectionsClient({ baseUrl, token: "guard-token", fetch, timeoutMs: 5_000 });
};

describe("a consumer test fails when the client breaks the contract", () => {
  it("by dropping the trailing slash", async () => {
    const run = interactions.connectionExists(pact()).executeTest(async (server) => {
      await brokenClient(server.url, (url, init) => [url.replace(/\/$/, ""), init]).deleteConnection(example);
    });
    await expect(run).rejects.toThrow(/request was not expected/);
  });

  it("by dropping the Authorization header", async () => {
    const run = interactions.connectionExists(pact()).executeTest(async (server) => {
      await brokenClient(server.url, (url, init) => {
        const headers = new Headers(init.headers);
        headers.delete("authorization");
        return [url, { ...init, headers }];
      }).deleteConnection(example);
    });
    await expect(run).rejects.toThrow(/request was incorrect/);
  });

  it("by sending another method", async () => {
    const run = interactions.connectionExists(pact()).executeTest(async (server) => {
      await brokenClient(server.url, (url, init) => [url, { ...init, method: "POST" }]).deleteConnection(example);
    });
    await expect(run).rejects.toThrow(/request was not expected/);
  });

  it("and passes when the same client is not broken", async () => {
    const run = interactions.connectionExists(pact()).executeTest(async (server) => {
      const result = await brokenClient(server.url, (url, init) => [url, init]).deleteConnection(example);
      expect(result.ok).toBe(true);
    });
    await expect(run).resolves.toBeUndefined();
  });
});

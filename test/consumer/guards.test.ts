// The contract guards the client: replayed with a deliberately broken client, an interaction
// fails. These write their pacts to a throw-away folder, never to build/pacts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createConnectionsClient, type FetchFunction } from "../../src/client/index.js";
import { ENVELOPES, type Envelope } from "../../src/rules/envelope.js";
import { interaction, OUTCOMES, type Outcome } from "./interactions.js";
import { pactFor } from "./pact.js";

const dir = mkdtempSync(join(tmpdir(), "apinizer-pact-guards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A client whose every request goes through `breakIt` on its way out. The client calls its fetch
 * as openapi-fetch does, with one Request: taken apart into a URL and an init for `breakIt`.
 */
const brokenClient = (baseUrl: string, breakIt: (url: string, init: RequestInit) => [string, RequestInit]) => {
  const fetch: FetchFunction = (input) => {
    const request = input as Request;
    const init = {
      method: request.method,
      headers: request.headers,
      redirect: request.redirect,
      signal: request.signal,
    };
    return globalThis.fetch(...breakIt(request.url, init));
  };
  return createConnectionsClient({ baseUrl, token: "guard-token", fetch, timeoutMs: 5_000 });
};

const exists = (envelope: Envelope) => OUTCOMES[envelope][0] as Outcome;
const replay = (envelope: Envelope, breakIt: (url: string, init: RequestInit) => [string, RequestInit]) =>
  interaction(pactFor(envelope, dir, "error"), exists(envelope)).executeTest(async (server) => {
    // Only Pact's own verdict counts here: the mock server fails the test for a request it did not expect.
    await brokenClient(server.url, breakIt).deleteConnection(exists(envelope).names);
  });

for (const envelope of ENVELOPES) {
  describe(`a consumer test fails when the client breaks the ${envelope} envelope's contract`, () => {
    it("by dropping the trailing slash", async () => {
      await expect(replay(envelope, (url, init) => [url.replace(/\/$/, ""), init])).rejects.toThrow(
        /request was not expected/,
      );
    });

    it("by dropping the Authorization header", async () => {
      const run = replay(envelope, (url, init) => {
        const headers = new Headers(init.headers);
        headers.delete("authorization");
        return [url, { ...init, headers }];
      });
      await expect(run).rejects.toThrow(/request was incorrect/);
    });

    it("by sending another method", async () => {
      await expect(replay(envelope, (url, init) => [url, { ...init, method: "POST" }])).rejects.toThrow(
        /request was not expected/,
      );
    });

    it("and passes when the same client is not broken", async () => {
      const run = interaction(pactFor(envelope, dir, "error"), exists(envelope)).executeTest(async (server) => {
        const result = await brokenClient(server.url, (url, init) => [url, init]).deleteConnection(
          exists(envelope).names,
        );
        expect(result).toMatchObject(exists(envelope).expected);
      });
      await expect(run).resolves.toBeUndefined();
    });
  });
}

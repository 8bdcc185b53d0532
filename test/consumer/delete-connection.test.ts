// Pact consumer tests: each drives the project's own client against Pact's mock server through
// one documented outcome of Delete Connection, in each envelope, and checks what the client made
// of it. Each envelope's outcomes go to its own provider's pact (test/consumer/pact.ts).
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import { ENVELOPES } from "../../src/rules/envelope.js";
import { interaction, OUTCOMES } from "./interactions.js";
import { pactFor } from "./pact.js";

// A fresh token per run: test/contracts proves it never reaches the pact files.
const token = `test-${randomUUID()}`;
const clientFor = (baseUrl: string) => createConnectionsClient({ baseUrl, token, timeoutMs: 5_000 });

for (const envelope of ENVELOPES) {
  describe(`Delete Connection, as the client uses it (${envelope} envelope)`, () => {
    const pact = pactFor(envelope);
    for (const outcome of OUTCOMES[envelope]) {
      it(outcome.description, async () => {
        await interaction(pact, outcome).executeTest(async (server) => {
          const result = await clientFor(server.url).deleteConnection(outcome.names);
          expect(result).toMatchObject(outcome.expected);
          if (outcome.exact !== undefined) expect(result).toEqual(outcome.exact);
        });
      });
    }
  });
}

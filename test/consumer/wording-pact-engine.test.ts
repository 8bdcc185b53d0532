// The contract's matchers are evaluated by Pact's own engine (pact-core: Oniguruma, in the mock
// server and the verifier), not by JavaScript. Each WORDING pattern is put into a throw-away
// interaction as a request matcher and every message of the agreement table is sent to Pact's mock
// server: it must accept exactly the messages meaningOf gives that pattern's meaning.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MatchersV3 } from "@pact-foundation/pact";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { meaningOf, pactRegex, WORDING, type Wording } from "../../src/rules/wording.js";
import { MESSAGES, TABLE, WORDING_OF } from "../rules/wording-table.js";
import { pactFor } from "./pact.js";

const dir = mkdtempSync(join(tmpdir(), "apinizer-pact-wording-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EXAMPLES: Record<Wording, string> = {
  connectionNotFound: "Connection (name: my-email-connection) was not found!",
  projectNotFound: "Project (MyProject) is not found!",
  permissionDenied: "User does not have required permission for this operation!",
};

/** Whether Pact's mock server matches `message` against the wording's pattern. */
async function pactAccepts(wording: Wording, message: string, regex = pactRegex(wording)): Promise<boolean> {
  const run = pactFor("status", dir, "error")
    .addInteraction()
    .uponReceiving(`a message matched as ${wording}`)
    .withRequest("POST", "/wording", (request) =>
      request.jsonBody({ message: MatchersV3.regex(regex, EXAMPLES[wording]) }),
    )
    .willRespondWith(204)
    .executeTest(async (server) => {
      await fetch(`${server.url}/wording`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message }),
      });
    });
  return run.then(
    () => true,
    (error: Error) => {
      expect(error.message).toMatch(/request was incorrect|not expected|mismatch/i);
      return false;
    },
  );
}

describe("Pact's matcher engine reads the contract's patterns as meaningOf does", () => {
  for (const wording of Object.keys(WORDING) as Wording[]) {
    it(`${wording}: every message of the agreement table, and generated ones`, async () => {
      const generated = fc.sample(MESSAGES, { numRuns: 40, seed: 8 });
      const verdicts: string[] = [];
      for (const message of [...TABLE.map((row) => row.message), ...generated]) {
        const meaning = meaningOf(message);
        const expected = meaning !== "other" && WORDING_OF[meaning] === wording;
        const accepted = await pactAccepts(wording, message);
        if (accepted !== expected)
          verdicts.push(`${JSON.stringify(message)}: Pact ${accepted ? "accepts" : "refuses"}`);
      }
      expect(verdicts).toEqual([]);
    });
  }

  it("the check can fail: a message the pattern refuses, and a pattern Pact's engine cannot read", async () => {
    expect(await pactAccepts("connectionNotFound", "Project 'ContractTests' not found")).toBe(false);
    expect(await pactAccepts("connectionNotFound", EXAMPLES.connectionNotFound)).toBe(true);
    // What the patterns once were: `(?is)` is not valid in Oniguruma, so every message is refused.
    expect(await pactAccepts("connectionNotFound", EXAMPLES.connectionNotFound, "(?is)^.*not found.*$")).toBe(false);
  });
});

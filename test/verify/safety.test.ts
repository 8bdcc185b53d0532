// The safety gate: a request whose state this verifier cannot make true (an unknown state, no
// state at all) would address the contract's example names, which on a shared server may be
// somebody's real connection. Such a request is never sent; the interaction fails and says why.

import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { STATES as states } from "../../src/rules/contract.js";
import { failures, pactPath, runVerify, TOKEN } from "./support/harness.js";

const dir = resolve(import.meta.dirname, `../../build/safety-${randomBytes(4).toString("hex")}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PactJson {
  interactions: { description: string; providerStates?: { name: string; params?: Record<string, unknown> }[] }[];
}

it("never sends a request whose provider state it could not set up", async () => {
  // Derived from the committed contract: one interaction's state renamed, one without states.
  const file = resolve(pactPath, "apinizer-connections-apinizer-management-api.json");
  const pact = JSON.parse(readFileSync(file, "utf8")) as PactJson;
  const existing = pact.interactions.find(
    (i) => i.providerStates?.length === 1 && i.providerStates[0]?.name === states.connectionExists,
  );
  const missing = pact.interactions.find((i) => i.providerStates?.[0]?.name === states.connectionMissing);
  if (!existing?.providerStates?.[0] || !missing) throw new Error("contract lacks the expected interactions");
  existing.providerStates[0].name = "connection {connectionName} exists in some way this verifier does not know";
  delete missing.providerStates;
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, "derived.json"), JSON.stringify(pact));

  const seen: string[] = [];
  const s = await serve({
    token: TOKEN,
    projects: ["MyProject"],
    behaviour: { reply: (_reply, ctx) => void seen.push(`${ctx.method} ${ctx.path}`) },
  });
  try {
    // The example connection exists on this server: it must survive the run.
    await fetch(`${s.url}/apiops/projects/MyProject/connections/my-email-connection/`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "email", name: "my-email-connection" }),
    });
    const r = await runVerify(["--base-url", s.url, "--project", "MyProject", "--pact", dir], {
      APINIZER_TOKEN: TOKEN,
    });
    expect(r.code).toBe(1);
    const failed = failures(r.stdout);
    expect(failed, r.stdout).toHaveLength(2);
    expect(failed.find((b) => b.includes(existing.description))).toMatch(
      /state "connection \{connectionName\} exists in some way this verifier does not know" is unknown to this verifier \(no handler\): the request was not sent/,
    );
    expect(failed.find((b) => b.includes(missing.description))).toMatch(
      /has no provider state.*the request was not sent/,
    );
    expect(seen.filter((l) => l.startsWith("DELETE") && /my-email-connection/i.test(l))).toEqual([]);
    expect(s.connections("MyProject")?.map((c) => c.name)).toEqual(["my-email-connection"]);
  } finally {
    await s.close();
  }
});

// The safety gate and provider states: a request whose state this verifier cannot make true (an
// unknown state, no state at all, two states that each name the resource) would address the
// contract's example names, which on a shared server may be somebody's real connection. Such a
// request is never sent; the interaction is an error that says why; nothing else is touched.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type StandIn, serve } from "../../src/provider/index.js";
import { EXAMPLE_NAMES } from "../../src/rules/contract.js";
import type { VerificationReport } from "../../src/verify/index.js";
import { againstServer, TOKEN, verifyCollect } from "./support/harness.js";
import { existing, missing, type PactInteraction, writePact } from "./support/pacts.js";
import { linesOf, startFront, type TestServer } from "./support/servers.js";

const { projectName: PROJECT, connectionName: EXAMPLE } = EXAMPLE_NAMES;

function renamed(description: string, from: PactInteraction, change: (i: PactInteraction) => void) {
  const i = structuredClone(from);
  i.description = description;
  change(i);
  return i;
}

const cases = {
  unknown: renamed("an unknown state", existing(), (i) => {
    const state = i.providerStates?.[0];
    if (state) state.name = "connection {connectionName} exists in some way this verifier does not know";
  }),
  none: renamed("no state", missing(), (i) => {
    delete i.providerStates;
  }),
  twoNames: renamed("two states that each name the resource", existing(), (i) => {
    i.providerStates = [...(i.providerStates ?? []), ...(missing().providerStates ?? [])];
  }),
};

let standIn: StandIn;
let front: TestServer;
let report: VerificationReport;

beforeAll(async () => {
  standIn = await serve({ token: TOKEN, projects: [PROJECT] });
  // The example connection exists on this server: it must survive the run.
  await fetch(`${standIn.url}/apiops/projects/${PROJECT}/connections/${EXAMPLE}/`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "email", name: EXAMPLE }),
  });
  front = await startFront(standIn.url, () => false);
  ({ report } = await verifyCollect(
    againstServer(front.url, { projectName: PROJECT, pacts: [writePact(Object.values(cases))] }),
  ));
});
afterAll(async () => {
  await front?.close();
  await standIn?.close();
});

const problemsOf = (i: PactInteraction) =>
  report.interactions.find((r) => r.description === i.description && r.verdict === "error")?.problems.join("\n");

it("never sends a request whose provider state it could not set up, and says why", () => {
  expect(problemsOf(cases.unknown)).toMatch(
    /state "connection \{connectionName\} exists in some way this verifier does not know" is unknown to this verifier \(no handler\): the request was not sent/,
  );
  expect(problemsOf(cases.none)).toMatch(/has no provider state.*the request was not sent/);
  expect(problemsOf(cases.twoNames)).toMatch(/two provider states name the resource.*not sent/);
  expect(report.outcome).toBe("failed");
});

it("sent nothing to the example names and left the server as it was", () => {
  expect(linesOf(front.received).filter((l) => l.toLowerCase().includes(EXAMPLE))).toEqual([]);
  expect(linesOf(front.received).filter((l) => l.startsWith("DELETE"))).toEqual([]);
  expect(standIn.connections(PROJECT)?.map((c) => c.name)).toEqual([EXAMPLE]);
  expect(report.fixturesLeft).toEqual([]);
});

// Issue 10, input 2: a contract file is input from outside (a Pact Broker, another team), so it
// must not choose what reaches a shared server. Only DELETE, on exactly the path of the fixture
// the interaction's states arranged, without query or body, is sent; the contract's own headers
// are never forwarded; anything else is refused before sending and reported. One run verifies a
// pact full of such interactions against the stand-in, whose request log is then read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandIn, serve } from "../../../src/provider/index.js";
import type { VerificationReport } from "../../../src/verify/index.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { existing, missing, type PactInteraction, writePact } from "../support/pacts.js";
import { type Received, startFront, type TestServer } from "../support/servers.js";

const PROJECT = "MyProject";
const BYSTANDERS = ["my-email-connection", "victim"];

function variant(description: string, from: PactInteraction, change: (i: PactInteraction) => void): PactInteraction {
  const i = structuredClone(from);
  i.description = description;
  change(i);
  return i;
}

const withPath = (expression: string) => (i: PactInteraction) => {
  i.request.generators = { path: { expression, type: "ProviderState" } };
  i.request.matchingRules = {};
};

/** Interactions that must be refused before anything is sent, by description. */
const REFUSED: PactInteraction[] = [
  // The inputs.
  variant("query naming another connection", existing(), (i) => {
    i.request.query = { connectionName: ["victim"], projectName: ["P"] };
  }),
  variant("missing connection, as a POST with a body", missing(), (i) => {
    i.request.method = "POST";
    i.request.headers = { "Content-Type": ["application/json"] };
    i.request.body = { type: "email", name: "victim", description: "created by a contract" };
  }),
  variant("the example names, not the fixture's", existing(), (i) => {
    delete i.request.generators;
  }),
  // Variants of the same kind.
  variant("a PUT", existing(), (i) => {
    i.request.method = "PUT";
  }),
  variant("a GET", missing(), (i) => {
    i.request.method = "GET";
  }),
  variant("a DELETE with a body", existing(), (i) => {
    i.request.headers = { "Content-Type": ["application/json"] };
    i.request.body = { name: "victim" };
  }),
  variant(
    "a query inside the path expression",
    existing(),
    withPath("/apiops/projects/${projectName}/connections/${connectionName}/?force=true"),
  ),
  variant(
    "dot segments after the fixture",
    existing(),
    withPath("/apiops/projects/${projectName}/connections/${connectionName}/../victim/"),
  ),
  variant(
    "an encoded slash in the name",
    existing(),
    withPath("/apiops/projects/${projectName}/connections/${connectionName}%2F..%2Fvictim/"),
  ),
  variant("the whole project's connections", existing(), withPath("/apiops/projects/${projectName}/connections/")),
  variant("a name taken from the contract's own state parameters", existing(), (i) => {
    withPath("/apiops/projects/${projectName}/connections/${other}/")(i);
    for (const s of i.providerStates ?? []) s.params = { ...s.params, other: "victim" };
  }),
];

/** Interactions that are sent, but without the contract's headers. */
const HEADERS_DROPPED: PactInteraction[] = [
  variant("an X-HTTP-Method-Override header", existing(), (i) => {
    i.request.headers = { ...i.request.headers, "X-HTTP-Method-Override": ["GET"] };
  }),
  variant("X-HTTP-Method and X-Method-Override headers", existing(), (i) => {
    i.request.headers = { ...i.request.headers, "X-HTTP-Method": ["POST"], "X-Method-Override": ["PUT"] };
  }),
];

let standIn: StandIn;
let front: TestServer;
let report: VerificationReport;

beforeAll(async () => {
  standIn = await serve({ token: TOKEN, projects: [PROJECT, "P"] });
  for (const [project, name] of [...BYSTANDERS.map((n) => [PROJECT, n]), ["P", "victim"]]) {
    await fetch(`${standIn.url}/apiops/projects/${project}/connections/${name}/`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ type: "email", name }),
    });
  }
  front = await startFront(standIn.url, () => false);
  const dir = writePact([...REFUSED, ...HEADERS_DROPPED]);
  ({ report } = await verifyCollect(againstServer(front.url, { projectName: PROJECT, pacts: [dir] })));
});
afterAll(async () => {
  await front?.close();
  await standIn?.close();
});

const verdictOf = (description: string) => report.interactions.find((i) => i.description === description);

/** Allowed: the healthcheck, and Get/Create/Delete of this run's own fixture names (Create with its body). */
function allowed(r: Received): boolean {
  if (r.method === "GET" && /^\/apiops\/test\/healthcheck\/?$/.test(r.url)) return true;
  const fixture = /^\/apiops\/projects\/[^/?]+\/connections\/act-verify-[0-9a-f]{12}-[a-z0-9-]+\/$/i.test(r.url);
  if (!fixture) return false;
  if (r.method === "POST") return (JSON.parse(r.body) as { name?: string }).name?.startsWith("act-verify-") === true;
  return (r.method === "GET" || r.method === "DELETE") && r.body === "";
}

describe("a hostile contract", () => {
  it.each(REFUSED.map((i) => i.description))("%s: refused before sending, reported as an error", (description) => {
    const result = verdictOf(description);
    expect(result?.verdict, JSON.stringify(result)).toBe("error");
    expect(result?.problems.join("\n")).toMatch(/the request was not sent/);
    expect(result?.differences).toEqual([]);
  });

  it.each(HEADERS_DROPPED.map((i) => i.description))(
    "%s: sent as a plain DELETE, the headers dropped",
    (description) => {
      expect(verdictOf(description)?.verdict).toBe("passed");
    },
  );

  it("reached the server only with allowed requests, and never with the contract's headers", () => {
    expect(front.received.filter((r) => !allowed(r)).map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([]);
    const headerNames = front.received.flatMap((r) => Object.keys(r.headers));
    expect(headerNames.filter((h) => /override|x-http-method/i.test(h))).toEqual([]);
  });

  it("left every bystander and no fixture on the server", () => {
    expect(standIn.connections(PROJECT)?.map((c) => c.name)).toEqual(BYSTANDERS);
    expect(standIn.connections("P")?.map((c) => c.name)).toEqual(["victim"]);
    expect(report.fixturesLeft).toEqual([]);
    expect(report.outcome).toBe("failed");
  });
});

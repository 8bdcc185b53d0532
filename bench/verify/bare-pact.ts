// The baseline: a bare Pact Verifier run of one pact file against a server, with the least work
// that makes the contract's provider states true — what a team would write by hand:
//   "exists" states   one POST (Create Connection) of a fresh name; return the names
//   "missing" states  nothing (a fresh name is missing); return the names
//   invalid token     the request filter sends a wrong token instead of the real one
//   teardown          DELETE the fixtures the interaction's request did not delete
// No pre-flight, no "is this name free" look-ups, no checks that a delete really deleted.
//
//   node bare-pact.js --base-url URL --project NAME --pact FILE   (token in APINIZER_TOKEN)
// Exit 0 when every interaction passed.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { Verifier, type VerifierOptions } from "@pact-foundation/pact";
import type { RequestHandler } from "express";
import { STATES } from "../../src/rules/contract.js";
import { connectionPath } from "../../src/rules/route.js";

const { values } = parseArgs({
  options: { "base-url": { type: "string" }, project: { type: "string" }, pact: { type: "string" } },
});
const baseUrl = values["base-url"] ?? "";
const project = values.project ?? "";
const pact = values.pact ?? "";
const token = process.env["APINIZER_TOKEN"] ?? "";
if (!baseUrl || !project || !pact || !token) {
  throw new Error("usage: bare-pact.js --base-url URL --project NAME --pact FILE (APINIZER_TOKEN set)");
}

const runId = randomBytes(4).toString("hex");
let counter = 0;
const fresh = (kind: string): string => `bare-${runId}-${++counter}${kind}`;

/** The interaction in progress: its fixtures, whether its request carries a wrong token. */
let current = { fixtures: [] as string[], invalidToken: false, deletedByRequest: false };

async function send(method: "POST" | "DELETE", name: string): Promise<number> {
  const body =
    method === "POST"
      ? JSON.stringify({ type: "email", name, host: "smtp.example.com", port: 587, from: "noreply@example.com" })
      : undefined;
  const res = await fetch(`${baseUrl}${connectionPath(project, name)}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body } : {}),
  });
  await res.arrayBuffer();
  return res.status;
}

async function createFixture(upperCase: boolean) {
  const name = fresh("");
  const status = await send("POST", name);
  if (status !== 200) throw new Error(`creating fixture ${name} answered ${status}`);
  current.fixtures.push(name);
  return { projectName: project, connectionName: upperCase ? name.toUpperCase() : name };
}

async function teardown(): Promise<void> {
  const { fixtures, deletedByRequest } = current;
  current = { fixtures: [], invalidToken: false, deletedByRequest: false };
  if (!deletedByRequest) for (const name of fixtures) await send("DELETE", name);
}

const handler = (setup: () => Promise<Record<string, string> | undefined>) => ({
  setup: async () => (await setup()) ?? {},
  teardown,
});
const stateHandlers: VerifierOptions["stateHandlers"] = {
  [STATES.connectionExists]: handler(() => createFixture(false)),
  [STATES.connectionExistsInOtherCase]: handler(() => createFixture(true)),
  [STATES.connectionMissing]: handler(async () => ({ projectName: project, connectionName: fresh("-missing") })),
  [STATES.projectMissing]: handler(async () => ({ projectName: fresh("-project"), connectionName: fresh("-missing") })),
  [STATES.tokenInvalid]: handler(async () => {
    current.invalidToken = true;
    return undefined;
  }),
};

const requestFilter: RequestHandler = (req, res, next) => {
  if (!(req.url ?? "").startsWith("/_pactSetup")) {
    req.headers["authorization"] = `Bearer ${current.invalidToken ? "not-the-token" : token}`;
    res.on("finish", () => {
      if (req.method === "DELETE" && res.statusCode === 200) current.deletedByRequest = true;
    });
  }
  next();
};

await new Verifier({
  providerBaseUrl: baseUrl,
  pactUrls: [pact],
  stateHandlers,
  requestFilter,
  logLevel: "error",
}).verifyProvider();

// One agreement (issue 16): for every answer of a corpus — each documented status × envelope ×
// serialisation (as the pages show it, every unset field null, extra fields; media type as is, with
// a charset, in other letter case) — the client's classification, the contract's matchers run
// through Pact's own engine (the native verifier verify uses), the conformance check and verify's
// pre-flight agree. Answers outside the spec are in the corpus too: none of them passes anywhere
// as a deletion.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient, type DeleteConnectionResult } from "../../../src/client/index.js";
import { DEPLOYMENT_RESULT_FIELDS, TOP_LEVEL_FIELDS } from "../../../src/provider/answers.js";
import { PROVIDERS } from "../../../src/rules/contract.js";
import { ENVELOPES, type Envelope } from "../../../src/rules/envelope.js";
import { redactor } from "../../../src/rules/secrets.js";
import { type Conformance, loadConformance } from "../../../src/verify/checks/conformance.js";
import { startNative } from "../../../src/verify/native/verifier.js";
import { createAdmin } from "../../../src/verify/server/admin.js";
import { createSender } from "../../../src/verify/server/http.js";
import { preflight } from "../../../src/verify/server/preflight.js";
import { pactPath } from "../support/harness.js";

type Json = Record<string, unknown>;
const TOKEN = "agreement-token-7a1c";
const PROJECT = "MyProject";

/** What an answer means, as each party reads it: a client outcome, or "deleted". */
type Meaning = "deleted" | Extract<DeleteConnectionResult, { ok: false }>["kind"];

/** The documented outcome of each contract interaction, by its description. */
const MEANING_OF: Record<string, Meaning> = {
  "a request to delete an existing connection": "deleted",
  "a request to delete an existing connection, named in another letter case": "deleted",
  "a request to delete a connection that does not exist": "connection-not-found",
  "a request to delete a connection with an invalid token": "unauthorized",
  "a request to delete a connection in a project that does not exist": "project-not-found",
  "a request to delete a connection without the permission to manage connections": "permission-denied",
};

interface Entry {
  readonly n: number;
  readonly envelope: Envelope;
  readonly label: string;
  readonly status: number;
  readonly body: string;
  readonly type: string;
  /** What the answer means; for an answer outside the spec, what the client must make of it. */
  readonly meaning: Meaning;
  /** Within the spec: every party accepts it. Outside: none takes it for a deletion. */
  readonly inSpec: boolean;
  /** The contract interaction whose response matchers judge it (none for a status no interaction has). */
  readonly interaction?: Json;
}

// Serialisations of a documented body.
const asPages = (body: Json): Json => body;
/** As a Java server writes it: every field either envelope names, null where unset (as `serve --nulls`). */
const nulls = (body: Json): Json => {
  const out: Json = { ...Object.fromEntries(TOP_LEVEL_FIELDS.map((f) => [f, null])), ...body };
  const result = out["deploymentResult"];
  if (typeof result === "object" && result !== null)
    out["deploymentResult"] = { ...Object.fromEntries(DEPLOYMENT_RESULT_FIELDS.map((f) => [f, null])), ...result };
  return out;
};
const extra = (body: Json): Json => ({ ...body, traceId: "t-1", timestamp: "2026-12-07T18:00:00Z", more: { a: [1] } });
const SERIALISATIONS: [string, (b: Json) => Json, string][] = [
  ["as the pages show it", asPages, "application/json"],
  ["as the pages show it, with a charset", asPages, "application/json;charset=UTF-8"],
  ["unset fields null, media type in other letter case", nulls, "APPLICATION/JSON; Charset=UTF-8"],
  ["unset fields null, with a charset", nulls, "application/json;charset=UTF-8"],
  ["extra fields, media type in other letter case", extra, "Application/Json"],
];

/** Answers outside the spec, per envelope: none of them is a deletion anywhere. */
const OUTSIDE: Record<Envelope, [string, number, Json | string, string, Meaning][]> = {
  success: [
    [
      '200 "success": "true" (a string)',
      200,
      { success: "true", deploymentResult: { success: true } },
      "application/json",
      "unexpected-response",
    ],
    [
      "200 without deploymentResult",
      200,
      { success: true, deploymentResult: null },
      "application/json",
      "unexpected-response",
    ],
    [
      '200 "success": true with "status": "FAILURE"',
      200,
      { success: true, deploymentResult: { success: true }, status: "FAILURE" },
      "application/json",
      "unexpected-response",
    ],
    ["200 as an HTML page", 200, "<html>Deleted</html>", "text/html", "unexpected-response"],
  ],
  status: [
    [
      '200 "status": "FAILURE"',
      200,
      { status: "FAILURE", resultMessage: "Connection could not be deleted" },
      "application/json",
      "bad-request",
    ],
    ['200 "status": "DONE"', 200, { status: "DONE" }, "application/json", "unexpected-response"],
    [
      '200 "status": "SUCCESS" with "success": false',
      200,
      { status: "SUCCESS", success: false },
      "application/json",
      "unexpected-response",
    ],
    ["200 SUCCESS as text/plain", 200, { status: "SUCCESS" }, "text/plain", "deleted"],
  ],
};

function readContract(envelope: Envelope): Json {
  return JSON.parse(readFileSync(join(pactPath, `apinizer-connections-${PROVIDERS[envelope]}.json`), "utf8")) as Json;
}

function corpus(): Entry[] {
  const entries: Entry[] = [];
  const add = (e: Omit<Entry, "n">) => entries.push({ ...e, n: entries.length });
  for (const envelope of ENVELOPES) {
    for (const interaction of readContract(envelope)["interactions"] as Json[]) {
      const response = interaction["response"] as { status: number; body: { content: Json } };
      const meaning = MEANING_OF[interaction["description"] as string];
      if (meaning === undefined) throw new Error(`no meaning for ${String(interaction["description"])}`);
      for (const [how, serialise, type] of SERIALISATIONS) {
        const label = `${response.status} ${interaction["description"]}, ${how} (${type})`;
        const body = JSON.stringify(serialise(response.body.content));
        add({ envelope, label, status: response.status, body, type, meaning, inSpec: true, interaction });
      }
    }
    for (const [label, status, body, type, meaning] of OUTSIDE[envelope]) {
      const text = typeof body === "string" ? body : JSON.stringify(body);
      const deletion = (readContract(envelope)["interactions"] as Json[]).find(
        (i) => MEANING_OF[i["description"] as string] === "deleted",
      ) as Json;
      add({ envelope, label, status, body: text, type, meaning, inSpec: false, interaction: deletion });
    }
  }
  // The status envelope's 500, documented, in no interaction (a server error is no consumer's contract).
  const failure = { status: "FAILURE", resultMessage: "An unexpected error occurred" };
  for (const [how, serialise, type] of SERIALISATIONS) {
    const body = JSON.stringify(serialise(failure));
    add({
      envelope: "status",
      label: `500, ${how} (${type})`,
      status: 500,
      body,
      type,
      meaning: "http-error",
      inSpec: true,
    });
  }
  return entries;
}

const ENTRIES = corpus();
const entryOfPath = (path: string): Entry | undefined => {
  const n = /\/(?:corpus|connections)\/c?(\d+)\/?$/.exec(path)?.[1];
  return n === undefined ? undefined : ENTRIES[Number(n)];
};

let server: Server;
let url = "";
let conformance: Conformance;
const dir = mkdtempSync(join(tmpdir(), "apinizer-agreement-"));
beforeAll(async () => {
  server = createServer((req, res) => {
    if ((req.url ?? "").startsWith("/apiops/test/healthcheck")) return res.writeHead(200).end("OK");
    if (req.url === "/state") return res.writeHead(200, { "content-type": "application/json" }).end("{}");
    const entry = entryOfPath((req.url ?? "").split("?")[0] ?? "");
    if (entry === undefined) return res.writeHead(599).end();
    res.writeHead(entry.status, { "content-type": entry.type }).end(entry.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  conformance = await loadConformance();
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** The client's reading of an entry, through the real client and transport. */
async function clientSays(entry: Entry): Promise<Meaning> {
  const client = createConnectionsClient({ baseUrl: url, token: TOKEN, timeoutMs: 5_000 });
  const r = await client.deleteConnection({ projectName: PROJECT, connectionName: `c${entry.n}` });
  return r.ok ? (r.deleted ? "deleted" : "connection-not-found") : r.kind;
}

/** Whether verify's pre-flight takes the entry as a Get Connection "not found", and in which envelope. */
async function preflightSays(entry: Entry): Promise<string> {
  const sender = createSender({ timeoutMs: 5_000 });
  const admin = createAdmin({ redact: redactor([TOKEN]), baseUrl: url, token: TOKEN, runId: "agreement", sender });
  const r = await preflight(admin, { baseUrl: url, projectName: PROJECT }, `c${entry.n}`);
  return r.ok ? `not found (${r.envelope} envelope)` : "no usable not-found";
}

/**
 * Pact's verdict on each entry: the contract interaction's response matchers, run by the native
 * verifier against the entry's answer. One pact file per envelope, one interaction per entry.
 */
async function pactSays(entries: readonly Entry[]): Promise<Map<number, boolean>> {
  const verdicts = new Map<number, boolean>();
  const native = startNative({ requestTimeoutMs: 5_000, jobTimeoutMs: 60_000, logLevel: "error" });
  try {
    for (const envelope of ENVELOPES) {
      const mine = entries.filter((e) => e.envelope === envelope && e.interaction !== undefined);
      const contract = readContract(envelope);
      const interactions = mine.map((e) => {
        const i = structuredClone(e.interaction) as Json & { request: Json };
        i.request = { ...i.request, path: `/corpus/${e.n}` };
        delete i.request["generators"];
        delete (i.request["matchingRules"] as Json)["path"];
        return { ...i, description: `corpus ${e.n}`, providerStates: [], key: undefined };
      });
      const pactFile = join(dir, `${envelope}.json`);
      writeFileSync(pactFile, JSON.stringify({ ...contract, interactions }));
      const outcome = await native.run({ pactFile, providerBaseUrl: url, stateUrl: `${url}/state` });
      if (outcome.kind !== "results") throw new Error(`the native verifier did not run: ${JSON.stringify(outcome)}`);
      for (const r of outcome.results.interactionResults ?? []) {
        const n = Number(/^corpus (\d+)$/.exec(r.description ?? "")?.[1]);
        verdicts.set(n, r.result === "OK");
      }
    }
  } finally {
    await native.close();
  }
  return verdicts;
}

describe("the client, the contract (Pact's engine), conformance and the pre-flight agree", () => {
  let pact: Map<number, boolean>;
  beforeAll(async () => {
    pact = await pactSays(ENTRIES);
  }, 60_000);

  it("has a corpus of every documented status, envelope and serialisation", () => {
    const covered = new Set(ENTRIES.filter((e) => e.inSpec).map((e) => `${e.status} ${e.envelope}`));
    expect([...covered].sort()).toEqual([
      "200 status",
      "200 success",
      "400 status",
      "400 success",
      "401 status",
      "401 success",
      "404 success",
      "500 status",
    ]);
    expect(pact.size).toBe(ENTRIES.filter((e) => e.interaction !== undefined).length);
  });

  it("reads every answer within the spec alike, in each serialisation", async () => {
    const disagreements: string[] = [];
    for (const entry of ENTRIES.filter((e) => e.inSpec)) {
      const client = await clientSays(entry);
      const findings = conformance.check(entry.status, JSON.parse(entry.body), (t) => t, entry.type);
      const pre = await preflightSays(entry);
      const expectedPre =
        entry.meaning === "connection-not-found" ? `not found (${entry.envelope} envelope)` : "no usable not-found";
      const says = [
        client === entry.meaning ? "" : `client: ${client}`,
        entry.interaction === undefined || pact.get(entry.n) === true ? "" : "Pact: the contract refuses it",
        findings.length === 0 ? "" : `conformance: ${findings.map((f) => `${f.field} ${f.expected}`).join("; ")}`,
        pre === expectedPre ? "" : `pre-flight: ${pre}`,
      ].filter((s) => s !== "");
      if (says.length > 0)
        disagreements.push(`${entry.envelope}: ${entry.label} (${entry.meaning}): ${says.join(" | ")}`);
    }
    expect(disagreements).toEqual([]);
  });

  it("takes no answer outside the spec for a deletion: not the client, not verify (contract and conformance)", async () => {
    const disagreements: string[] = [];
    const contractAlone: string[] = [];
    for (const entry of ENTRIES.filter((e) => !e.inSpec)) {
      const client = await clientSays(entry);
      let json: unknown;
      try {
        json = JSON.parse(entry.body);
      } catch {
        json = undefined;
      }
      const findings = conformance.check(entry.status, json, (t) => t, entry.type);
      const accepted = pact.get(entry.n) === true;
      if (accepted) contractAlone.push(entry.label);
      const says = [
        client === entry.meaning ? "" : `client: ${client}, not ${entry.meaning}`,
        findings.length > 0 ? "" : `conformance: no finding${accepted ? ", and the contract accepts it" : ""}`,
      ].filter((s) => s !== "");
      if (says.length > 0) disagreements.push(`${entry.envelope}: ${entry.label}: ${says.join(" | ")}`);
    }
    expect(disagreements).toEqual([]);
    // Pact has no matcher for "absent, or agreeing with the discriminator": an extra field that
    // contradicts it passes the contract's matchers alone. Verify refuses those answers all the
    // same, by conformance (asserted above); this list says exactly which they are.
    expect(contractAlone).toEqual([
      '200 "success": true with "status": "FAILURE"',
      '200 "status": "SUCCESS" with "success": false',
    ]);
  });
});

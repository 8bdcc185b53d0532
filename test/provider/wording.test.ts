// Every refusal the stand-in words is read as intended by the one wording rule that clients,
// verify and the contract use (rules/wording.ts meaningOf): a missing connection as
// connection-not-found, a missing project as project-not-found, the limited token as
// permission-denied, and everything else (401s included) as none of those. Names are chosen
// to mislead a rule that reads them as words.
import { describe, expect, it } from "vitest";
import type { StandIn, StandInBehaviour } from "../../src/provider/index.js";
import { type Envelope, errorMessageOf } from "../../src/rules/envelope.js";
import { MAX_BODY_BYTES } from "../../src/rules/limits.js";
import { type ErrorMeaning, meaningOf } from "../../src/rules/wording.js";
import { call, conn, email, listPath, start } from "./support.js";

const PROJECT = "connections-hub";
const MISSING_PROJECT = "connection-permissions";
const CONNECTION = "project-not-found";

interface Case {
  what: string;
  meaning: ErrorMeaning;
  send: (s: StandIn) => ReturnType<typeof call>;
}

const CASES: Case[] = [
  {
    what: "Delete, connection missing",
    meaning: "connection-not-found",
    send: (s) => call(s, "DELETE", conn(PROJECT, CONNECTION)),
  },
  {
    what: "Get, connection missing",
    meaning: "connection-not-found",
    send: (s) => call(s, "GET", conn(PROJECT, CONNECTION)),
  },
  {
    what: "Delete, project missing",
    meaning: "project-not-found",
    send: (s) => call(s, "DELETE", conn(MISSING_PROJECT, CONNECTION)),
  },
  {
    what: "Get, project missing",
    meaning: "project-not-found",
    send: (s) => call(s, "GET", conn(MISSING_PROJECT, CONNECTION)),
  },
  {
    what: "Create, project missing",
    meaning: "project-not-found",
    send: (s) => call(s, "POST", conn(MISSING_PROJECT, CONNECTION), { body: email(CONNECTION) }),
  },
  {
    what: "List, project missing",
    meaning: "project-not-found",
    send: (s) => call(s, "GET", listPath(MISSING_PROJECT, "type=email")),
  },
  {
    what: "Delete, limited token",
    meaning: "permission-denied",
    send: (s) => call(s, "DELETE", conn(PROJECT, "seeded"), { token: s.limitedToken }),
  },
  {
    what: "Create, limited token",
    meaning: "permission-denied",
    send: (s) => call(s, "POST", conn(PROJECT, CONNECTION), { token: s.limitedToken, body: email(CONNECTION) }),
  },
  { what: "no token", meaning: "other", send: (s) => call(s, "DELETE", conn(PROJECT, "seeded"), { token: null }) },
  { what: "wrong token", meaning: "other", send: (s) => call(s, "DELETE", conn(PROJECT, "seeded"), { token: "nope" }) },
  {
    what: "Create, name exists",
    meaning: "other",
    send: (s) => call(s, "POST", conn(PROJECT, "seeded"), { body: email("seeded") }),
  },
  {
    what: "empty connection name",
    meaning: "other",
    send: (s) => call(s, "DELETE", `/apiops/projects/${PROJECT}/connections//`),
  },
  {
    what: "Create, bad body",
    meaning: "other",
    send: (s) => call(s, "POST", conn(PROJECT, CONNECTION), { body: { name: CONNECTION } }),
  },
  {
    what: "Create, body too large",
    meaning: "other",
    send: (s) => call(s, "POST", conn(PROJECT, CONNECTION), { body: "x".repeat(MAX_BODY_BYTES + 1) }),
  },
  { what: "List without type", meaning: "other", send: (s) => call(s, "GET", listPath(PROJECT)) },
];

/** Starts a stand-in in `envelope` that can answer every case (seeded, at its connection limit). */
function standIn(envelope: Envelope, behaviour: StandInBehaviour = {}) {
  return start({
    envelope,
    projects: [PROJECT],
    connections: [{ connectionName: "seeded" }],
    behaviour: { createExisting: "reject", ...behaviour },
  });
}

/** The cases whose error message means something else than intended, as "what: meaning (message)". */
async function misread(s: StandIn): Promise<string[]> {
  const wrong: string[] = [];
  for (const c of CASES) {
    const r = await c.send(s);
    const message = errorMessageOf(r.body);
    if (r.status < 400 || message === undefined) {
      // List without type is an error in the status envelope only.
      if (!(s.envelope === "success" && c.what === "List without type"))
        wrong.push(`${c.what}: no error (${r.status})`);
      continue;
    }
    const meaning = meaningOf(message, [PROJECT, MISSING_PROJECT, CONNECTION]);
    if (meaning !== c.meaning) wrong.push(`${c.what}: ${meaning} (${message})`);
  }
  return wrong;
}

describe.each(["success", "status"] as const)("every refusal's wording, %s envelope", (envelope) => {
  it("is classified as intended by meaningOf", async () => {
    expect(await misread(await standIn(envelope))).toEqual([]);
  });

  it("the check catches a message that reads as something else", async () => {
    const s = await standIn(envelope, {
      reply: (reply, ctx) =>
        ctx.outcome === "project-not-found"
          ? { ...reply, body: { error: "not_found", error_description: "Connection or project was not found" } }
          : undefined,
    });
    expect(await misread(s)).toEqual(
      ["Delete", "Get", "Create", "List"].map(
        (op) => `${op}, project missing: connection-not-found (Connection or project was not found)`,
      ),
    );
  });
});

it("the store-limit refusal is not a not-found either", async () => {
  for (const envelope of ["success", "status"] as const) {
    const s = await start({ envelope, maxConnections: 0 });
    const r = await call(s, "POST", conn("MyProject", "c"), { body: email("c") });
    expect(r.status).toBe(507);
    expect(meaningOf(errorMessageOf(r.body) ?? "")).toBe("other");
  }
});

// Issue 8 (4): the client's classification and the contract's matchers agree. One table of
// messages (wording-table.ts) is held against meaningOf, against what a real deleteConnection
// reports in both envelopes, and against the regex matchers recorded in the committed pacts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import { EXAMPLE_NAMES, STATES } from "../../src/rules/contract.js";
import {
  caseless,
  type ErrorMeaning,
  meaningOf,
  pactRegex,
  saysAlreadyExists,
  WORDING,
  type Wording,
} from "../../src/rules/wording.js";
import { json, startServer, type TestServer } from "../client/server.js";
import { PACT_FILES } from "../consumer/pact.js";
import { repoRoot } from "../support/spec.js";
import { MESSAGES, type Row, TABLE, WORDING_OF } from "./wording-table.js";

type Rule = (message: string, names?: readonly string[]) => ErrorMeaning;
interface Matcher {
  readonly wording: Wording;
  /** The pattern as the pact holds it. */
  readonly source: string;
  readonly regex: RegExp;
  readonly where: string;
}

const namesOf = (row: Row) => row.names ?? EXAMPLE_NAMES;
const wordingOf = (meaning: ErrorMeaning): Wording | undefined =>
  meaning === "other" ? undefined : WORDING_OF[meaning];
const STATE_WORDING: Record<string, Wording> = {
  [STATES.connectionMissing]: "connectionNotFound",
  [STATES.projectMissing]: "projectNotFound",
  [STATES.permissionMissing]: "permissionDenied",
};

/**
 * A matcher as the committed pact holds it, as a JavaScript RegExp. The patterns carry no flags
 * (rules/wording explains why: Pact's engine is Oniguruma, where `(?s)` is invalid), so the same
 * source means the same to both; Pact matches the whole value, as the patterns' ^...$ do here.
 */
function fromPact(regex: string): RegExp {
  expect(regex, "no inline flags: Pact's engine and JavaScript read them differently").not.toMatch(/^\(\?[a-z]+\)/);
  return new RegExp(regex);
}

/** Every regex matcher on an error message in the committed pacts, with the wording its provider state calls for. */
function committedMatchers(): Matcher[] {
  const found: Matcher[] = [];
  for (const file of Object.values(PACT_FILES)) {
    const pact = JSON.parse(readFileSync(join(repoRoot, "contracts", file), "utf8"));
    for (const interaction of pact.interactions) {
      const rules = interaction.response.matchingRules?.body ?? {};
      for (const field of ["$.error_description", "$.resultMessage"]) {
        const regex = rules[field]?.matchers?.find((m: { match: string }) => m.match === "regex")?.regex;
        if (regex === undefined) continue;
        const states = interaction.providerStates.map((s: { name: string }) => s.name);
        const wording = states.map((s: string) => STATE_WORDING[s]).find((w: Wording | undefined) => w !== undefined);
        found.push({ wording, source: regex, regex: fromPact(regex), where: `${file}: ${interaction.description}` });
      }
    }
  }
  return found;
}

/** Every way the rule and the matchers disagree with the table (and with each other), in words. */
function disagreements(rule: Rule, matchers: readonly Matcher[]): string[] {
  const found: string[] = [];
  for (const row of TABLE) {
    const { projectName, connectionName } = namesOf(row);
    const said = JSON.stringify(row.message);
    const withNames = rule(row.message, [projectName, connectionName]);
    if (withNames !== row.meaning) found.push(`${said}: the rule says ${withNames}, the table ${row.meaning}`);
    const plain = rule(row.message);
    if (plain !== (row.withoutNames ?? row.meaning)) found.push(`${said}: without names the rule says ${plain}`);
    for (const matcher of matchers) {
      const accepts = matcher.regex.test(row.message);
      if (accepts !== (wordingOf(plain) === matcher.wording)) {
        found.push(`${said}: ${matcher.where} ${accepts ? "accepts" : "refuses"} it, the rule says ${plain}`);
      }
    }
  }
  return found;
}

describe("the client's rule and the contract's matchers agree on every message of the table", () => {
  const matchers = committedMatchers();

  it("the committed pacts hold a matcher for each classified outcome: missing connection (both), project and permission (status)", () => {
    expect(matchers.map((m) => `${m.wording} in ${m.where.split(":")[0]}`).sort()).toEqual(
      [
        `connectionNotFound in ${PACT_FILES.success}`,
        `connectionNotFound in ${PACT_FILES.status}`,
        `permissionDenied in ${PACT_FILES.status}`,
        `projectNotFound in ${PACT_FILES.status}`,
      ].sort(),
    );
  });

  it("they are the very patterns the client builds (pactRegex): a change to them is a change of the contract", () => {
    for (const m of matchers) expect(m.source, m.where).toBe(pactRegex(m.wording));
    expect(pactRegex("connectionNotFound")).toBe(WORDING.connectionNotFound);
  });

  it("they agree", () => {
    expect(disagreements(meaningOf, matchers)).toEqual([]);
  });

  it("the test fails when a matcher and the rule diverge: the old ^.*not found.*$ matcher", () => {
    const old = matchers.map((m) => (m.wording === "connectionNotFound" ? { ...m, regex: /^.*not found.*$/ } : m));
    const found = disagreements(meaningOf, old);
    expect(found).toContainEqual(expect.stringMatching(/^"Project 'ContractTests' not found": .* accepts it/));
    expect(found).toContainEqual(expect.stringMatching(/^"Connection c1 does not exist": .* refuses it/));
    expect(found).toContainEqual(expect.stringMatching(/^"Connection \(name: x\) was Not Found!": .* refuses it/));
  });

  it("the test fails when the rule diverges from the matchers: 'connection' read inside longer words", () => {
    const substring: Rule = (message, names) =>
      /connection/i.test(message) && /not\s*found/i.test(message) ? "connection-not-found" : meaningOf(message, names);
    expect(disagreements(substring, matchers)).toContainEqual(
      expect.stringMatching(/^"connections-hub not found": the rule says connection-not-found/),
    );
  });
});

describe("what a real deleteConnection reports for each message, in both envelopes", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const KIND = {
    "connection-not-found": "connection-not-found",
    "project-not-found": "project-not-found",
    "permission-denied": "permission-denied",
    other: "bad-request",
  } as const;

  it.each(TABLE.map((row) => [row.message, row] as const))("%j", async (_message, row) => {
    const client = createConnectionsClient({ baseUrl: server.url, token: "tok-wording" });
    for (const body of [
      { error: "bad_request", error_description: row.message },
      { status: "FAILURE", resultMessage: row.message },
    ]) {
      server.handler = (_req, res) => json(res, 400, body);
      expect(await client.deleteConnection(namesOf(row))).toMatchObject({
        ok: false,
        kind: KIND[row.meaning],
        message: row.message,
      });
    }
  });
});

describe("meaningOf (word by word) and WORDING (the matchers' regexes) are the same rule", () => {
  it.each(Object.keys(WORDING) as Wording[])("%s accepts exactly what meaningOf gives its meaning", (wording) => {
    const regex = new RegExp(WORDING[wording]);
    fc.assert(
      fc.property(fc.oneof(MESSAGES, fc.string({ maxLength: 30 })), (text) => {
        expect(regex.test(text), JSON.stringify(text)).toBe(wordingOf(meaningOf(text)) === wording);
      }),
      { numRuns: 3000 },
    );
  });

  // The bound is far from both sides: linear matching takes milliseconds, backtracking minutes;
  // 10 s keeps a loaded shared runner from failing a healthy rule.
  it("meaningOf stays fast on a hostile 1 MiB message (the patterns would backtrack for minutes)", () => {
    for (const text of [
      "connection ".repeat(95_000),
      "not ".repeat(260_000),
      `${"connection ".repeat(95_000)}not found`,
    ]) {
      const started = performance.now();
      meaningOf(text, ["P", "c1"]);
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });
});

describe("meaningOf blanks the request's names, as written or in another letter case", () => {
  it.each([
    // A name holding regular-expression characters is matched as written.
    ["Project (connection[1]) is not found!", ["connection[1]", "c1"]],
    ["Project (a+connection) is not found!", ["a+connection", "c1"]],
    // Connection and project names are compared case-insensitively, as Apinizer compares them.
    ["Project (CONNECTION) is not found!", ["connection", "c1"]],
  ])("%j is a missing project", (message, names) => {
    expect(meaningOf(message, names)).toBe("project-not-found");
    expect(meaningOf(message)).toBe("connection-not-found");
  });
});

describe("a name is blanked only where it changes what a message means", () => {
  it("a message that means nothing as written means nothing, whatever its names", () => {
    // Blanking the connection "found" would leave a permission problem; the contract's matchers,
    // which cannot know the names, read the message as written: "other".
    expect(meaningOf("No permission for connection (name: found)", ["P", "found"])).toBe("other");
  });
});

describe("saysAlreadyExists: Create Connection's refusal of a name that is taken", () => {
  it.each([
    "Connection (name: c1) already exists!",
    "already exists",
    "Connection already exist",
    "Connection c1 ALREADY EXISTS",
    "Connection c1 already\n  exists",
    "Connection c1 already\texists.",
  ])("%j says so", (message) => {
    expect(saysAlreadyExists(message, ["P", "c1"])).toBe(true);
    expect(saysAlreadyExists(message)).toBe(true);
  });
  it.each([
    "Connection (name: c1) was not found!",
    "alreadyexists",
    "Connection not_already exists",
    "Connection already existsx",
    "Connection already exists_",
    "Connection already-exists",
    "already",
  ])("%j does not", (message) => {
    expect(saysAlreadyExists(message, ["P", "c1"])).toBe(false);
  });
  it("the request's names are blanked first: a connection named like the phrase says nothing", () => {
    expect(saysAlreadyExists("Connection (name: already exists) is invalid", ["P", "already exists"])).toBe(false);
    expect(saysAlreadyExists("Connection (name: already exists) is invalid", ["P", "c1"])).toBe(true);
    // A blanked name stays a word: it keeps the words around it apart.
    expect(saysAlreadyExists("Connection already c1 exists", ["P", "c1"])).toBe(false);
    // An empty name blanks nothing.
    expect(saysAlreadyExists("Connection c1 already  exists", ["", "c1"])).toBe(true);
  });
});

describe("caseless: every ASCII letter in either case, escapes left alone", () => {
  it.each([
    ["not found", "[Nn][Oo][Tt] [Ff][Oo][Uu][Nn][Dd]"],
    ["authori[sz]ed", "[Aa][Uu][Tt][Hh][Oo][Rr][Ii][sSzZ][Ee][Dd]"],
    ["x[_a]", "[Xx][_aA]"],
    ["n[o'’]?t", "[Nn][oO'’]?[Tt]"],
    [String.raw`a[ \t\r\n]\s`, String.raw`[Aa][ \t\r\n]\s`],
    ["1-9_", "1-9_"],
  ])("%j", (source, out) => {
    expect(caseless(source)).toBe(out);
  });
});

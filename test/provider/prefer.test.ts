// `Prefer: code=…, example=…` on Delete: the stand-in answers one of the spec's documented answers
// of the envelope it speaks, as Prism's mock does, without touching the store; and it publishes
// the spec where springdoc servers do (docs/stand-in.md).
import { describe, expect, it } from "vitest";
import type { StandIn } from "../../src/provider/index.js";
import { ENVELOPES, type Envelope } from "../../src/rules/envelope.js";
import { connectionPath, SPEC_PATHS } from "../../src/rules/route.js";
import { namedExamples } from "../support/example-runs.js";
import { bundledSpec } from "../support/spec.js";
import { start } from "./support.js";

const spec = await bundledSpec();
const examples = namedExamples(spec);
const PATH = connectionPath("MyProject", "my-email-connection");

async function prefer(s: StandIn, value: string | string[], token: string | null = s.token) {
  const headers = new Headers();
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  for (const v of Array.isArray(value) ? value : [value]) headers.append("prefer", v);
  const res = await fetch(`${s.url}${PATH}`, { method: "DELETE", headers });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: JSON.parse(text) as unknown };
}

const standIn = (envelope: Envelope) => start({ envelope, connections: [{ connectionName: "my-email-connection" }] });

describe.each(ENVELOPES)("Prefer, %s envelope", (envelope) => {
  const own = examples.filter((e) => e.envelope === envelope);

  it("example=NAME answers each documented example of the envelope, 500 included, and deletes nothing", async () => {
    const s = await standIn(envelope);
    expect(own.length).toBeGreaterThan(0);
    for (const example of own) {
      const r = await prefer(s, `example=${example.name}`);
      expect(r, example.name).toMatchObject({ status: example.status, body: example.body });
      expect(await prefer(s, `code=${example.status}, example=${example.name}`)).toEqual(r);
    }
    expect(s.connections("MyProject")?.map((c) => c.name)).toEqual(["my-email-connection"]);
  });

  it("code=NNN answers the first example of that status", async () => {
    const s = await standIn(envelope);
    for (const status of new Set(own.map((e) => e.status))) {
      const first = own.find((e) => e.status === status);
      expect(await prefer(s, `code=${status}`)).toMatchObject({ status, body: first?.body });
    }
  });

  it("code=500 answers 500 in the envelope's words", async () => {
    const r = await prefer(await standIn(envelope), "code=500");
    expect(r.status).toBe(500);
    expect(r.body).toEqual(
      envelope === "status"
        ? { status: "FAILURE", resultMessage: "An unexpected error occurred" }
        : { error: "server_error", error_description: "Internal error of the stand-in" },
    );
  });

  it("names nothing documented: 404 problem details that list what can be asked for", async () => {
    const s = await standIn(envelope);
    const other = examples.find((e) => e.envelope !== envelope);
    for (const value of [
      "example=no-such-example",
      `example=${other?.name}`,
      "code=418",
      `code=401, example=${own[0]?.name}`,
    ]) {
      const r = await prefer(s, value);
      expect(r.status, value).toBe(404);
      expect(r.type).toBe("application/problem+json");
      expect(r.body).toMatchObject({ status: 404, detail: expect.any(String) });
    }
    expect((await prefer(s, "example=no-such-example")).body).toMatchObject({
      detail: expect.stringContaining(`Examples of the ${envelope} envelope: ${own[0]?.name} (${own[0]?.status})`),
    });
    expect(s.connections("MyProject")).toHaveLength(1);
  });
});

describe("reading the Prefer header", () => {
  it("is liberal: any letter case, quotes, parameters, several headers, other preferences ignored", async () => {
    const s = await standIn("status");
    const expected = { status: 400, body: { status: "FAILURE", resultMessage: "Project (MyProject) is not found!" } };
    for (const value of [
      'Example="projectNotFoundStatus"',
      "respond-async, wait=5, example=projectNotFoundStatus",
      "return=minimal; example=projectNotFoundStatus",
      ["handling=lenient", "CODE=400, example=projectNotFoundStatus"],
    ]) {
      expect(await prefer(s, value), String(value)).toMatchObject(expected);
    }
  });

  it("without code= or example= the stand-in acts as usual", async () => {
    const s = await standIn("success");
    expect((await prefer(s, "respond-async")).status).toBe(200);
    expect(s.connections("MyProject")).toEqual([]);
  });

  it("does not bypass the token: a refused token gets the real 401", async () => {
    const s = await standIn("status");
    const r = await prefer(s, "example=deletedStatus", "not-the-token");
    expect(r).toMatchObject({ status: 401, body: { resultMessage: "Token is not valid!" } });
  });
});

describe("the published spec", () => {
  it("is the bundled spec, at every location drift reads, without a token", async () => {
    const s = await standIn("success");
    for (const path of SPEC_PATHS) {
      const res = await fetch(`${s.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe(path.endsWith(".yaml") ? "application/yaml" : "application/json");
      expect(JSON.parse(await res.text())).toEqual(spec);
    }
    const post = await fetch(`${s.url}${SPEC_PATHS[0]}`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(post.status).toBe(404);
  });
});

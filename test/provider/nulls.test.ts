// The stand-in's null-writing mode (`serve({ nulls: true })`, `serve --nulls`): every answer in an
// envelope carries every field the spec names, null where unset, as Apinizer's Java serialiser
// writes them; the one reading rule (rules/envelope) reads each answer as it reads the plain one.
import { describe, expect, it } from "vitest";
import bundled from "../../src/generated/openapi.json" with { type: "json" };
import { DEPLOYMENT_RESULT_FIELDS, TOP_LEVEL_FIELDS } from "../../src/provider/answers.js";
import { serve } from "../../src/provider/index.js";
import { ENVELOPES, envelopeOf, errorMessageOf, saysOf, workersOf } from "../../src/rules/envelope.js";
import { call, conn, email, start } from "./support.js";

type Schema = { properties?: Record<string, unknown>; "x-envelope"?: string };
const schemas = (bundled as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;

describe("the fields it writes as null are the spec's", () => {
  it("every field a schema of either envelope names, and every field of DeploymentResult", () => {
    const named = Object.values(schemas)
      .filter((s) => s["x-envelope"] !== undefined)
      .flatMap((s) => Object.keys(s.properties ?? {}));
    expect([...TOP_LEVEL_FIELDS].sort()).toEqual([...new Set([...named, "error", "error_description"])].sort());
    expect([...DEPLOYMENT_RESULT_FIELDS].sort()).toEqual(
      Object.keys(schemas["DeploymentResult"]?.properties ?? {}).sort(),
    );
  });
});

describe.each(ENVELOPES)("the %s envelope with nulls", (envelope) => {
  it("answers every outcome with every field, null where unset, and means the same as without", async () => {
    const plain = await start({
      envelope,
      connections: [{ connectionName: "c1" }, { connectionName: "quiet", deployToWorker: false }],
    });
    const java = await start({
      envelope,
      nulls: true,
      connections: [{ connectionName: "c1" }, { connectionName: "quiet", deployToWorker: false }],
    });
    expect(java.nulls).toBe(true);
    expect(plain.nulls).toBe(false);
    const requests: [string, string, { token?: string | null }?][] = [
      ["DELETE", conn("MyProject", "c1")],
      ["DELETE", conn("MyProject", "c1")],
      ["DELETE", conn("MyProject", "quiet")],
      ["DELETE", conn("Nope", "c1")],
      ["DELETE", conn("MyProject", "c1"), { token: null }],
      ["DELETE", conn("MyProject", "c1"), { token: "tok-limited" }],
    ];
    for (const [method, path, init] of requests) {
      const [a, b] = [await call(plain, method, path, init), await call(java, method, path, init)];
      expect(b.status, path).toBe(a.status);
      const body = b.body as Record<string, unknown>;
      for (const field of TOP_LEVEL_FIELDS) expect(field in body, `${path}: ${field}`).toBe(true);
      expect(Object.values(body)).toContain(null);
      expect(envelopeOf(body)).toBe(envelope);
      expect(envelopeOf(b.body)).toBe(envelopeOf(a.body));
      expect(saysOf(b.body)).toBe(saysOf(a.body));
      expect(errorMessageOf(b.body)).toBe(errorMessageOf(a.body));
      if (saysOf(body) === "done") expect(workersOf(body)).toBe(workersOf(a.body as Record<string, unknown>));
    }
  });

  it("a deployment result carries every field of its schema, null where unset", async () => {
    const java = await start({ envelope, nulls: true, connections: [{ connectionName: "c1" }] });
    const r = await call(java, "DELETE", conn("MyProject", "c1"));
    const result = (r.body as Record<string, Record<string, unknown>>)["deploymentResult"] ?? {};
    expect(Object.keys(result).sort()).toEqual([...DEPLOYMENT_RESULT_FIELDS].sort());
    expect(result["success"]).toBe(true);
    expect(result["podName"]).toBeNull();
  });

  it("an empty List has resultList null; the healthcheck and an unknown route stay as they are", async () => {
    const java = await start({ envelope, nulls: true });
    const list = await call(java, "GET", "/apiops/projects/MyProject/connections/?type=email");
    expect(list.status).toBe(200);
    expect((list.body as Record<string, unknown>)["resultList"]).toBeNull();
    await call(java, "POST", conn("MyProject", "x1"), { body: email("x1") });
    const one = await call(java, "GET", "/apiops/projects/MyProject/connections/?type=email");
    expect((one.body as { resultList: { name: string }[] }).resultList.map((c) => c.name)).toEqual(["x1"]);
    expect((await call(java, "GET", "/apiops/test/healthcheck")).body).toBe("OK");
    const unknown = await call(java, "GET", "/apiops/nowhere/");
    expect(unknown.body).not.toHaveProperty("resultMessage");
  });
});

it("refuses a nulls option that is not a boolean", async () => {
  await expect(serve({ nulls: "yes" as unknown as boolean })).rejects.toThrow(/nulls must be a boolean/);
});

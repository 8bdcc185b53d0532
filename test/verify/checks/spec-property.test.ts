// Properties of the spec against the client and conformance (issue 16): every body generated from
// the bundled spec's own schemas, for each documented status, is an answer the client classifies
// (never `unexpected-response`) and conformance accepts; and no body outside the spec is ever a
// deletion for the client.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { mapAnswer } from "../../../src/client/mapping.js";
import bundled from "../../../src/generated/openapi.json" with { type: "json" };
import { CONNECTION_PATH_TEMPLATE } from "../../../src/rules/route.js";
import { redactor } from "../../../src/rules/secrets.js";
import { type Conformance, loadConformance } from "../../../src/verify/checks/conformance.js";

type Schema = Record<string, unknown>;

/**
 * Extra fields the generator adds where a schema allows any (`additionalProperties: true`). Not
 * the discriminators `success` and `status`: an extra one that contradicts the body's own makes it
 * ambiguous (rules/envelope), which JSON Schema's additionalProperties cannot say; the spec's 200
 * description says it in words, and the agreement test covers such bodies.
 */
const EXTRA_KEY = fc.string({ maxLength: 12 }).filter((k) => k !== "success" && k !== "status");
const ANY = fc.jsonValue({ maxDepth: 2 });

/** An arbitrary of the values a schema (dereferenced, OpenAPI 3.1) allows. */
function arbitraryOf(schema: Schema): fc.Arbitrary<unknown> {
  if (Array.isArray(schema["oneOf"])) return fc.oneof(...(schema["oneOf"] as Schema[]).map(arbitraryOf));
  if ("const" in schema) return fc.constant(schema["const"]);
  if (Array.isArray(schema["enum"])) return fc.constantFrom(...(schema["enum"] as unknown[]));
  const types = Array.isArray(schema["type"]) ? (schema["type"] as string[]) : [schema["type"] as string | undefined];
  return fc.oneof(...types.map((type) => arbitraryOfType(schema, type)));
}

function arbitraryOfType(schema: Schema, type: string | undefined): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "string":
      return fc.string({ maxLength: 40 });
    case "integer":
      return schema["format"] === "int32" ? fc.integer() : fc.maxSafeInteger();
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(arbitraryOf((schema["items"] as Schema | undefined) ?? {}), { maxLength: 3 });
    case "object": {
      const properties = (schema["properties"] as Record<string, Schema> | undefined) ?? {};
      const required = (schema["required"] as string[] | undefined) ?? [];
      const named = fc.record(Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, arbitraryOf(s)])), {
        requiredKeys: required.filter((k) => k in properties),
      });
      if (schema["additionalProperties"] === false) return named;
      const extra = fc.dictionary(
        EXTRA_KEY.filter((k) => !(k in properties)),
        ANY,
        { maxKeys: 3 },
      );
      return fc.tuple(extra, named).map(([e, n]) => ({ ...e, ...n }));
    }
    default:
      return ANY;
  }
}

/** Every documented status of Delete Connection with the schema of its body. */
const DOCUMENTED = Object.entries(
  (bundled as unknown as { paths: Record<string, { delete: { responses: Record<string, Schema> } }> }).paths[
    CONNECTION_PATH_TEMPLATE
  ]?.delete.responses ?? {},
).map(([status, response]) => {
  const content = response["content"] as Record<string, { schema: Schema }>;
  return { status: Number(status), schema: content["application/json"]?.schema ?? {} };
});

const redact = redactor(["property-token-3b9d"]);
const classify = (status: number, body: unknown) =>
  mapAnswer({
    status,
    text: JSON.stringify(body),
    truncated: false,
    location: null,
    ignoreMissing: false,
    redact,
    names: ["MyProject", "my-email-connection"],
    earlier: undefined,
  });

let conformance: Conformance;
beforeAll(async () => {
  conformance = await loadConformance();
});

describe("bodies generated from the spec's own schemas", () => {
  it("cover every documented status", () => {
    expect(DOCUMENTED.map((d) => d.status).sort()).toEqual([200, 400, 401, 404, 500]);
  });

  it.each(DOCUMENTED)(
    "$status: never unexpected-response for the client, never a conformance finding",
    ({ status, schema }) => {
      fc.assert(
        fc.property(arbitraryOf(schema), (body) => {
          const result = classify(status, body);
          expect(result.ok || result.kind !== "unexpected-response", JSON.stringify(result)).toBe(true);
          expect(conformance.check(status, body, (t) => t, "application/json")).toEqual([]);
        }),
        { numRuns: 300, seed: 16 },
      );
    },
  );
});

describe("bodies outside the spec", () => {
  /** The spec's own field names with values of any kind, and other fields: mostly not the spec's shapes. */
  const FIELD = fc.constantFrom(
    "success",
    "status",
    "deploymentResult",
    "resultMessage",
    "resultList",
    "resultCount",
    "error",
    "error_description",
  );
  const VALUE = fc.oneof(
    ANY,
    fc.constantFrom("SUCCESS", "FAILURE", "success", true, false, null),
    fc.record({ success: fc.oneof(fc.boolean(), ANY) }),
  );
  const BODY = fc.oneof(fc.dictionary(FIELD, VALUE, { maxKeys: 5 }), ANY);

  it("are a deletion for the client only when conformance finds nothing wrong with them", () => {
    fc.assert(
      fc.property(BODY, (body) => {
        const result = classify(200, body);
        if (result.ok) expect(conformance.check(200, body, (t) => t, "application/json")).toEqual([]);
      }),
      { numRuns: 2_000, seed: 16 },
    );
  });
});

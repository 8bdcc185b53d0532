// The client's openapi-fetch writes its URLs with serializers.ts, compiled once per template: every
// URL must be the one openapi-fetch's own serializers write.
import fc from "fast-check";
import { createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { pathSerializer, querySerializer } from "../../src/client/serializers.js";
import { CONNECTION_PATH_TEMPLATE, CONNECTIONS_PATH_TEMPLATE } from "../../src/rules/route.js";

const BASE = "https://console.example/prefix";
const names = ["projectName", "connectionName", "a"];
const placeholder = fc
  .tuple(fc.constantFrom("", ".", ";"), fc.constantFrom(...names), fc.constantFrom("", "*"))
  .map(([style, name, explode]) => `{${style}${name}${explode}}`);
const template = fc
  .array(fc.oneof(placeholder, fc.constantFrom("/", "/apiops/", "x", "-")), { maxLength: 6 })
  .map((parts) => `${BASE}/${parts.join("")}`);
const value = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("..", "%2e", "a/b", "{a}", "$&", "$1"),
  fc.integer(),
  fc.constant(undefined),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
);
// Keys as a styled placeholder reads ({.a} is the parameter a, never one named ".a").
const params = fc.record(
  { projectName: value, connectionName: value, a: value, ".a": value, ";a": value, "a*": value },
  { requiredKeys: [] },
);

describe("serializers", () => {
  it("write the path openapi-fetch's defaultPathSerializer writes, for the routes and any template", () => {
    const serialize = pathSerializer();
    const routes = fc.constantFrom(`${BASE}${CONNECTION_PATH_TEMPLATE}`, `${BASE}${CONNECTIONS_PATH_TEMPLATE}`);
    fc.assert(
      fc.property(fc.oneof(routes, template), params, (url, values) => {
        // Twice: the compiled template must serve later calls the same.
        expect(serialize(url, values)).toBe(defaultPathSerializer(url, values));
        expect(serialize(url, values)).toBe(defaultPathSerializer(url, values));
      }),
      { numRuns: 3000 },
    );
  });

  it("write the query openapi-fetch's default query serializer writes", () => {
    const byDefault = createQuerySerializer();
    const query = fc.dictionary(fc.constantFrom("type", "a", "b c"), value, { maxKeys: 3 });
    fc.assert(
      fc.property(query, (q) => {
        expect(querySerializer(q)).toBe(byDefault(q));
      }),
      { numRuns: 1000 },
    );
    expect(querySerializer({})).toBe("");
  });
});

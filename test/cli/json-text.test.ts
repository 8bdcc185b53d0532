// jsonText writes what JSON.stringify writes, at any depth (a server decides how deeply its answer
// nests, and `delete --json` prints it).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonText } from "../../src/cli/json-text.js";

describe("jsonText", () => {
  it("equals JSON.stringify on any JSON value, and on fields JSON leaves out", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(jsonText(value)).toBe(JSON.stringify(value));
      }),
    );
    const odd = { a: undefined, b: [undefined, () => 1, Number.NaN], c: { toJSON: () => "t" }, "": 0 };
    expect(jsonText(odd)).toBe(JSON.stringify(odd));
  });

  it("writes 200,000 levels of arrays and objects, where JSON.stringify overflows the stack", () => {
    const depth = 200_000;
    const text = `{"ok":true,"data":${"[".repeat(depth)}${'{"a":'.repeat(10)}1${"}".repeat(10)}${"]".repeat(depth)}}`;
    const value = JSON.parse(text) as unknown;
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(jsonText(value)).toBe(text);
  });
});

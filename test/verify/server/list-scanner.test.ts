// The List answer scanner (src/verify/server/list-scanner.ts) against JSON.parse: whatever the
// answer holds and wherever the chunks are cut, it hands over exactly the items of `resultList`
// and the root's other members, and says when the text is not JSON.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ListScanner } from "../../../src/verify/server/list-scanner.js";

function scan(text: string, cuts: readonly number[]) {
  const bytes = new TextEncoder().encode(text);
  const items: unknown[] = [];
  const scanner = new ListScanner((item) => items.push(item));
  let from = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    scanner.write(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  scanner.write(bytes.subarray(from));
  return { items, ...scanner.result };
}

// Values with the characters that matter to a scanner: quotes, backslashes, brackets, commas, non-ASCII.
const tricky = fc.string({
  unit: fc.constantFrom("a", '"', "\\", "{", "}", "[", "]", ",", ":", " ", "é", "€", "😀", "\n"),
});
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(tricky, tie("v"), { maxKeys: 3 }),
  ),
})).v;

describe("ListScanner", () => {
  it("hands over each item and the other members, however the text is cut and spaced", () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 6 }),
        fc.dictionary(
          tricky.filter((k) => k !== "resultList"),
          value,
          { maxKeys: 3 },
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        (list, others, cuts, spaced) => {
          const doc = { ...others, resultList: list, resultCount: list.length };
          const text = spaced ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
          const r = scan(text, cuts);
          expect(r.error).toBeUndefined();
          expect(r.sawList).toBe(true);
          expect(r.items).toEqual(JSON.parse(JSON.stringify(list)));
          expect(r.top).toEqual(JSON.parse(JSON.stringify({ ...others, resultCount: list.length })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("says when the text is not a JSON object", () => {
    for (const text of ["<html>proxy</html>", "[1,2]", '{"resultList":[{"a":1}x]}', '{"a":1}}']) {
      expect(scan(text, []).error, text).toBeDefined();
    }
    expect(scan('{"items":[]}', []).sawList).toBe(false);
  });
});

// The provider states' names as pact-stub-server reads them: its `X-Pact-State` header is an
// unanchored regular expression over state names, so a name sent as it is must be a valid
// pattern that matches its own state and no other.
import { describe, expect, it } from "vitest";
import { STATES } from "../../src/rules/contract.js";

const names = Object.values(STATES);

describe("the provider states' names", () => {
  it("hold no regex metacharacter (a `{projectName}` made pact-stub-server's worker crash)", () => {
    for (const name of names) expect(name).not.toMatch(/[\\^$.|?*+()[\]{}]/);
  });

  it("each reach only their own state when used as a pattern", () => {
    for (const name of names) expect(names.filter((other) => new RegExp(name).test(other))).toEqual([name]);
  });
});

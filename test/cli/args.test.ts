// The shared option parser of every subcommand (src/cli/args.ts); its refusals, per command, are
// in usage.test.ts.
import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "../../src/cli/args.js";

describe("parseOptions", () => {
  const spec = {
    project: { type: "string", multiple: true },
    port: { type: "string" },
    help: { type: "boolean" },
  } as const;

  it("collects a `multiple` option's values in order; others stay single", () => {
    expect(parseOptions(["--project", "A", "--port=1", "--project=B"], spec)).toEqual({
      project: ["A", "B"],
      port: "1",
    });
    expect(parseOptions([], spec)).toEqual({});
    expect(() => parseOptions(["--port", "1", "--port", "2"], spec)).toThrow(UsageError);
  });

  it("an Object.prototype member is an unknown option, not a known or repeated one", () => {
    for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      expect(() => parseOptions([`--${name}=x`], spec)).toThrow(`unknown option --${name}`);
    }
  });
});

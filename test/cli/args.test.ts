// The shared option parser of every command (src/cli/args.ts); its refusals, per command, are in
// usage.test.ts.
import { describe, expect, it } from "vitest";
import {
  type OptionTable,
  parseChoice,
  parseCount,
  parseOptions,
  parseTimeout,
  UsageError,
} from "../../src/cli/args.js";

const OPTIONS = {
  project: { type: "string", multiple: true, description: "p", group: "g" },
  port: { type: "string", default: "0", description: "p", group: "g" },
  "base-url": { type: "string", env: ["FIRST_URL", "SECOND_URL"], description: "u", group: "g" },
  help: { type: "boolean", short: "h", description: "h", group: "g" },
} as const satisfies OptionTable;

describe("parseOptions", () => {
  it("collects a `multiple` option's values in order; others stay single", () => {
    expect(parseOptions(["--project", "A", "--port=1", "--project=B"], OPTIONS).values).toEqual({
      project: ["A", "B"],
      port: "1",
    });
    expect(() => parseOptions(["--port", "1", "--port", "2"], OPTIONS)).toThrow("--port was given more than once");
  });

  it("fills an absent option from its environment variables (first non-empty), then its default, and says where from", () => {
    const none = parseOptions([], OPTIONS, {});
    expect(none.values).toEqual({ port: "0" });
    expect(none.origin).toEqual({ port: "the default of --port" });
    const env = parseOptions([], OPTIONS, { FIRST_URL: " ", SECOND_URL: "https://b" });
    expect(env.values["base-url"]).toBe("https://b");
    expect(env.origin["base-url"]).toBe("SECOND_URL");
    const flag = parseOptions(["--base-url", "https://a"], OPTIONS, { FIRST_URL: "https://env" });
    expect(flag.values["base-url"]).toBe("https://a");
    expect(flag.origin["base-url"]).toBe("--base-url");
  });

  it("an Object.prototype member is an unknown option, not a known or repeated one", () => {
    for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__"]) {
      expect(() => parseOptions([`--${name}=x`], OPTIONS)).toThrow(`unknown option --${name}`);
    }
  });

  it("names a stray argument or unknown option only when it is a short plain word", () => {
    expect(() => parseOptions(["extra"], OPTIONS)).toThrow("unexpected argument 'extra'");
    expect(() => parseOptions(["sk_live/abc+def=="], OPTIONS)).toThrow(/^unexpected argument \(/);
    expect(() => parseOptions(["--x9f8a7b6c5d4e3f2a1b0c9d8e7f6"], OPTIONS)).toThrow(
      "unknown option (not shown: it may be a secret)",
    );
  });

  it("refuses a token flag in any spelling, without the value", () => {
    for (const arg of ["--token", "--TOKEN=abc", "-token", "--api-token", "--Api_Token=abc", "--apitoken"]) {
      expect(() => parseOptions([arg], OPTIONS)).toThrow(/never accepted on the command line/);
    }
  });
});

describe("value parsers: the message names the option and the rule, never the value", () => {
  it("parseTimeout: seconds, or ms/s units; at most an hour", () => {
    expect(parseTimeout("30")).toEqual({ timeoutMs: 30_000, timeoutUnit: "s" });
    expect(parseTimeout("2.5")).toEqual({ timeoutMs: 2_500, timeoutUnit: "s" });
    expect(parseTimeout("1500ms")).toEqual({ timeoutMs: 1_500, timeoutUnit: "ms" });
    expect(parseTimeout("10s")).toEqual({ timeoutMs: 10_000, timeoutUnit: "s" });
    for (const bad of ["0", "soon", "-1", "3601", "1e3", "10m"]) {
      expect(() => parseTimeout(bad, "--timeout")).toThrow(UsageError);
    }
  });

  it("parseCount and parseChoice", () => {
    expect(parseCount("3", "--n", 0, 5)).toBe(3);
    expect(() => parseCount("6", "--n", 0, 5)).toThrow("--n must be a whole number from 0 to 5");
    expect(() => parseCount("1.5", "--n", 0, 5)).toThrow(UsageError);
    expect(parseChoice("status", "--envelope", ["success", "status"])).toBe("status");
    expect(() => parseChoice("secret-x", "--envelope", ["success", "status"])).toThrow(
      "--envelope must be one of: success, status",
    );
  });
});

// Every command parses its options with the same strict, token-safe parser (src/cli/args.ts) and
// reports a usage error in the same format: the same refusals, the same messages, and never a
// value repeated (it may be a misplaced secret).
import { describe, expect, it } from "vitest";
import { cli } from "../support/io.js";

const SECRET = "leaky-value-123";
/** Not a short plain word: never named, even as a stray argument. */
const ODD_SECRET = "leaky+value/123==";

// A string option and a flag of each command, for the repeated-option and flag-with-value cases.
const COMMANDS = [
  { name: "delete", option: "--project", flag: "--ignore-missing" },
  { name: "serve", option: "--port", flag: "--help" },
  { name: "verify", option: "--project", flag: "--broker" },
  { name: "cleanup", option: "--project", flag: "--dry-run" },
  { name: "drift", option: "--spec-url", flag: "--json" },
] as const;

describe.each(COMMANDS)("$name: usage errors through the shared parser", ({ name, option, flag }) => {
  const cases: [string[], RegExp][] = [
    [["--token", SECRET], /never accepted on the command line.*APINIZER_TOKEN/],
    [[`--api-token=${SECRET}`], /never accepted on the command line.*APINIZER_TOKEN/],
    [["--token"], /never accepted on the command line.*APINIZER_TOKEN/],
    [[`--secret=${SECRET}`], /unknown option --secret\b/],
    [["--secret", SECRET], /unknown option --secret\b/],
    [[`-x${SECRET}`], /unknown option -x\b/],
    [["--constructor"], /unknown option --constructor\b/],
    [[`--__proto__=${SECRET}`], /unknown option --__proto__\b/],
    [[`--${SECRET}x9f8a7b6c5d4e3f2a1b0`], /unknown option \(not shown/],
    [[ODD_SECRET], /unexpected argument \(this command takes options only\)/],
    [["extra"], /unexpected argument 'extra' \(this command takes options only\)/],
    [["--", ODD_SECRET], /unexpected argument \(/],
    [[`${flag}=${SECRET}`], new RegExp(`${flag} does not take a value`)],
    [[option, "a", option, SECRET], new RegExp(`${option} was given more than once`)],
    [[option], new RegExp(`${option} needs a value`)],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.join(" ")}: exit 2, "${message.source}", the value not echoed`, async () => {
      const r = await cli([name, ...argv]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^apinizer-connections ${name}: `));
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(new RegExp(`\\nRun 'apinizer-connections ${name} --help' for usage\\.\\n$`));
      expect(r.out + r.err).not.toContain(SECRET);
      expect(r.out + r.err).not.toContain(ODD_SECRET);
    });
  }
});

// A value that fails its own check (a secret pasted into the wrong option) is not echoed either.
describe.each([
  ["verify", ["--timeout", SECRET], /--timeout must be/],
  ["verify", ["--base-url", SECRET], /--base-url has no scheme: write it as https:\/\/<host>/],
  ["verify", ["--base-url", `https://${SECRET}.example/apiops`], /--base-url must not end in \/apiops/],
  ["verify", ["--project", `a/${SECRET}`], /--project must not contain "\/"/],
  ["verify", ["--envelope", SECRET], /--envelope must be one of: success, status/],
  ["verify", ["--shard", SECRET], /--shard must be I\/N/],
  ["serve", ["--port", SECRET], /--port must be a whole number/],
  ["delete", ["--project", "P", "--connection", "C", "--timeout", SECRET], /--timeout must be/],
  ["delete", ["--project", "P", "--connection", "C", "--base-url", SECRET], /--base-url has no scheme/],
  ["cleanup", ["--base-url", `ftp://${SECRET}`], /--base-url must be an http:\/\/ or https:\/\/ URL/],
  ["cleanup", ["--base-url", "https://a.example", "--project", "P", "--run-id", `${SECRET}/x`], /--run-id must be/],
  ["drift", ["--base-url", "https://a.example", "--spec-url", SECRET], /--spec-url is not a valid URL/],
  ["drift", ["--base-url-from-env"], /--base-url-from-env: APINIZER_BASE_URL is not set/],
] as const)("%s %j", (name, argv, message) => {
  it("is refused in the usage format without repeating the value", async () => {
    const r = await cli([name, ...argv], { APINIZER_TOKEN: "t0ken-value" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^apinizer-connections ${name}: `));
    expect(r.err).toMatch(message);
    expect(r.out + r.err).not.toContain(SECRET);
  });
});

describe("the top level", () => {
  it("names an unknown command when it is a plain word, and never echoes anything else", async () => {
    const unknown = await cli(["remove"]);
    expect(unknown).toMatchObject({ code: 2, out: "" });
    expect(unknown.err).toBe(
      "apinizer-connections: unknown command 'remove' (commands: delete, restore, verify, serve, cleanup, drift)\nRun 'apinizer-connections --help' for usage.\n",
    );
    for (const odd of ["Sup3r$ecret!", "ghp_0123456789abcdefghijklmnopqrstuvwxyz", "--Sup3r$ecret"]) {
      const r = await cli([odd]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^apinizer-connections: unknown (command|option) \(commands:/);
      expect(r.err).not.toContain(odd);
    }
    expect((await cli(["help", "constructor"])).err).toMatch(/unknown command 'constructor'/);
  });
});

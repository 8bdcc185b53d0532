// Every subcommand parses its options with the same strict, token-safe parser (src/cli/args.ts):
// the same refusals, the same messages, and never a value repeated (it may be a misplaced secret).
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { captureIo } from "../support/io.js";

const SECRET = "leaky-value-123";

async function cli(argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

// A string option and a flag of each command, for the repeated-option and flag-with-value cases.
const COMMANDS = [
  { name: "delete", option: "--project", flag: "--ignore-missing" },
  { name: "serve", option: "--port", flag: "--help" },
  { name: "verify", option: "--pact", flag: "--broker" },
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
    [[SECRET], /unexpected argument \(this command takes options only; see --help\)/],
    [["--", SECRET], /unexpected argument/],
    [[`${flag}=${SECRET}`], new RegExp(`${flag} does not take a value`)],
    [[option, "a", option, SECRET], new RegExp(`${option} was given more than once`)],
    [[option], new RegExp(`${option} needs a value`)],
  ];
  for (const [argv, message] of cases) {
    it(`${argv.join(" ")}: exit 2, "${message.source}", the value not echoed`, async () => {
      const r = await cli([name, ...argv]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(new RegExp(`^${name}: `));
      expect(r.err).toMatch(message);
      expect(r.out + r.err).not.toContain(SECRET);
    });
  }
});

// A value that fails its own check (a secret pasted into the wrong option) is not echoed either.
describe.each([
  ["verify", ["--timeout", SECRET], /--timeout must be/],
  ["verify", ["--base-url", SECRET], /is not a valid URL/],
  ["verify", ["--project", `a/${SECRET}`], /one path segment/],
  ["serve", ["--port", SECRET], /--port must be a number/],
  ["delete", ["--project", "P", "--connection", "C", "--timeout", SECRET], /--timeout must be/],
] as const)("%s %j", (name, argv, message) => {
  it("is refused without repeating the value", async () => {
    const r = await cli([name, ...argv]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out + r.err).not.toContain(SECRET);
  });
});

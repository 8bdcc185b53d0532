// Issue 20: `verify --pact missing.json` gave two verdicts (a NOT VERIFIED report on stdout and a
// usage error on stderr). A usage problem, found while parsing or by the stage, is one verdict:
// the usage error on stderr, exit 2, nothing on stdout (with --json: the one JSON object).
import { describe, expect, it } from "vitest";
import { cli } from "../support/io.js";

describe("verify: one verdict for a usage problem", () => {
  it.each([
    [["--pact", "missing.json"], /^apinizer-connections verify: --pact "missing\.json" does not exist\n/],
    [["--pact", "contracts", "--pact", "nope/"], /--pact "nope\/" does not exist/],
    [["--base-url", "http://127.0.0.1:1", "--project", "a?b"], /--project must not contain/],
  ])("%j: usage error on stderr only, exit 2", async (argv, said) => {
    const r = await cli(["verify", ...argv], { APINIZER_TOKEN: "usage-token-1a2b3c" });
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(said);
    expect(r.err).not.toMatch(/NOT VERIFIED/);
  });

  it("--json: the one JSON object on stdout, the usage error on stderr", async () => {
    const r = await cli(["verify", "--pact", "missing.json", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ outcome: "usage" });
    expect(r.err).toMatch(/--pact "missing\.json" does not exist/);
  });
});

// `verify` end to end, through the real verify stage and the Pact verifier, against the built-in
// stand-in: the explicit target, and a JUnit file written by every kind of run (issue 11 items 1
// and 4), and a closed pipe (`verify | head -1`).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { run } from "../../src/cli/verify.js";
import { DEFAULT_PACT_DIR } from "../../src/cli/verify-options.js";
import { captureIo } from "../support/io.js";
import { closedPort } from "../support/net.js";
import { startBroker } from "../verify/support/broker.js";
import { committedPact } from "../verify/support/pacts.js";
import { startCli } from "./support/process.js";

const TOKEN = "e2e-token-4b3a2918";
const dir = mkdtempSync(join(tmpdir(), "cli-verify-e2e-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the package's contracts in which `change` altered each pact. */
function pactsWith(name: string, change: (pact: { interactions: { response: { status: number } }[] }) => void) {
  const out = mkdtempSync(join(dir, `${name}-`));
  for (const file of readdirSync(DEFAULT_PACT_DIR).filter((f) => f.endsWith(".json"))) {
    const pact = JSON.parse(readFileSync(join(DEFAULT_PACT_DIR, file), "utf8"));
    change(pact);
    writeFileSync(join(out, file), JSON.stringify(pact));
  }
  return out;
}

async function verify(argv: string[], env: Record<string, string> = {}, io?: CliIo) {
  const c = captureIo(env);
  const junit = join(mkdtempSync(join(dir, "junit-")), "verify.xml");
  const code = await run([...argv, "--junit", junit], io ?? c.io);
  return { code, out: c.stdout(), err: c.stderr(), junit: readFileSync(junit, "utf8") };
}

/** The JUnit file is well formed enough for CI: one suite, its counts, and an error case for a run problem. */
function expectJUnit(xml: string, expected: { errors: boolean; failures: boolean }) {
  expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="apinizer-connections verify"/);
  expect(xml.trimEnd()).toMatch(/<\/testsuites>$/);
  expect(xml).not.toMatch(/127\.0\.0\.1:\d+"? name=|name="[^"]*:\d{4,5}/);
  expect(/errors="[1-9]/.test(xml)).toBe(expected.errors);
  expect(/failures="[1-9]/.test(xml)).toBe(expected.failures);
  expect(xml).not.toContain(TOKEN);
}

describe("verify, end to end", () => {
  it("a plain verify verifies the stand-in even with a staging server in the environment, and says so", async () => {
    const r = await verify([], {
      APINIZER_BASE_URL: "https://staging.invalid",
      APINIZER_TEST_PROJECT: "ContractTests",
      APINIZER_TOKEN: TOKEN,
    });
    expect(r.out.split("\n")[0]).toMatch(/^Verifying .* against the built-in stand-in/);
    expect(r.out).toContain("APINIZER_BASE_URL is set but not used");
    expect(r.out).toMatch(/\nVERIFIED: /);
    expect(r.code).toBe(0);
    expectJUnit(r.junit, { errors: false, failures: false });
  });

  it("a mismatch: exit 1, a failure in the JUnit file", async () => {
    const pacts = pactsWith("mismatch", (pact) => {
      for (const i of pact.interactions) if (i.response.status === 200) i.response.status = 202;
    });
    const r = await verify(["--pact", pacts]);
    expect(r.code).toBe(1);
    expectJUnit(r.junit, { errors: false, failures: true });
  });

  it("a pre-flight failure: exit 3, an error case", async () => {
    const r = await verify(["--base-url", `http://127.0.0.1:${await closedPort()}`, "--project", "P"], {
      APINIZER_TOKEN: TOKEN,
    });
    expect(r.code).toBe(3);
    expectJUnit(r.junit, { errors: true, failures: false });
  });

  it("an unreadable pact: exit 2, an error case", async () => {
    const bad = join(dir, "not-a-pact.json");
    writeFileSync(bad, "not json");
    const r = await verify(["--pact", bad]);
    expect(r.code).toBe(2);
    expectJUnit(r.junit, { errors: true, failures: false });
  });

  it("a usage problem found after parsing: exit 2, an error case", async () => {
    const r = await verify(["--project", "Q?x"]);
    expect(r.code).toBe(2);
    expectJUnit(r.junit, { errors: true, failures: false });
  });

  // Review H2 and H3: results are published only for a real server, and only from a run that
  // verifies whole pacts. Either refusal comes before anything is sent to the broker.
  it.each([
    ["the built-in stand-in", [], /--publish needs a real server \(--base-url or --base-url-from-env\)/],
    ["a shard", ["--base-url-from-env", "--shard", "1/2"], /--publish and --shard exclude each other/],
  ] as const)("--publish from %s: exit 2, nothing sent to the broker", async (_name, extra, message) => {
    const broker = await startBroker(committedPact());
    try {
      const env = {
        PACT_BROKER_BASE_URL: broker.url,
        PACT_BROKER_TOKEN: "broker-token-7c6b5a",
        APINIZER_BASE_URL: "https://staging.invalid",
        APINIZER_TEST_PROJECT: "ContractTests",
        APINIZER_TOKEN: TOKEN,
      };
      const publish = ["--broker", "--publish", "--provider-version", "1.2.3", "--provider-branch", "main"];
      const r = await verify([...publish, ...extra], env);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(broker.received).toEqual([]);
      expectJUnit(r.junit, { errors: true, failures: false });
    } finally {
      await broker.close();
    }
  });

  it("Ctrl-C after the first verdict: exit 130, the interruption is an error case", async () => {
    const controller = new AbortController();
    const c = captureIo();
    const io: CliIo = {
      ...c.io,
      signal: controller.signal,
      stdout: (text) => {
        c.io.stdout(text);
        if (/^(PASS|FAIL)/m.test(text)) controller.abort();
      },
    };
    const r = await verify([], {}, io);
    expect(r.code).toBe(130);
    expect(c.stdout()).toMatch(/\nINTERRUPTED/);
    expectJUnit(r.junit, { errors: true, failures: false });
  });

  it("SIGTERM to the process after the first verdict: exit 143, the JUnit file still written", async () => {
    const junit = join(mkdtempSync(join(dir, "sigterm-")), "verify.xml");
    const started = startCli(["verify", "--junit", junit]);
    await new Promise<void>((verdict) =>
      started.child.stdout?.on("data", () => /^(PASS|FAIL)/m.test(started.stdout()) && verdict()),
    );
    started.child.kill("SIGTERM");
    const done = await started.finished;
    expect(done.code).toBe(143);
    expect(done.stdout).toMatch(/\nINTERRUPTED/);
    expectJUnit(readFileSync(junit, "utf8"), { errors: true, failures: false });
  });

  it("verify | head -0: no panic, no stack trace, the outcome's exit code", async () => {
    const started = startCli(["verify"]);
    started.child.stdout?.destroy();
    const done = await started.finished;
    expect(done.stderr).not.toMatch(/panicked|EPIPE|Error:|\n\s+at /);
    expect(done.code).toBe(0);
  });
});

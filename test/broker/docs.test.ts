// docs/pipeline.md, command by command, against a real Pact Broker: every `sh` block of its
// numbered sections runs in order, in bash, from the repository (npm scripts, `npx pact-broker`; `npx
// apinizer-connections` is the suite's build of the CLI), with the variables a consumer's and a
// provider's pipeline set. The webhook the page creates is called by the broker (on loopback);
// the job it would start gets its PACT_URL. The provider is the stand-in served over HTTP.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type StandIn, serve } from "../../src/provider/index.js";
import { builtDist } from "../support/built.js";
import { committedPact, tempDir } from "../verify/support/pacts.js";
import { type Received, startServer, type TestServer } from "../verify/support/servers.js";
import { type PactBroker, startPactBroker } from "./pact-broker.js";
import { describeWithBroker } from "./suite.js";

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const page = readFileSync(resolve(root, "docs/pipeline.md"), "utf8");
// The numbered sections are the pipeline ("## 0. Once: …" to "## 4. Release gate: …"); the
// page's other blocks (a stub server that runs until stopped) are not steps of it.
const pipeline = page
  .split(/^(?=## )/m)
  .filter((section) => /^## \d+\. /.test(section))
  .join("\n");
const blocks = [...pipeline.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
const SERVER_TOKEN = "server-token-8d2f41";

describeWithBroker("docs/pipeline.md against a real Pact Broker", (install) => {
  let broker: PactBroker;
  let server: StandIn;
  let ci: TestServer;
  beforeAll(async () => {
    ci = await startServer((_r, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    });
    [broker, server] = await Promise.all([
      startPactBroker(install, {
        linksBase: (port) => `http://pact-broker.invalid:${port}`,
        // The page's webhook calls the CI job on loopback here (the broker allows https only by default).
        env: { PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: "http", PACT_BROKER_WEBHOOK_HOST_WHITELIST: "127.0.0.1" },
      }),
      serve({ token: SERVER_TOKEN, envelope: "success" }),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([broker?.close(), server?.close(), ci?.close()]);
  });

  const env = () => ({
    ...process.env,
    PACT_BROKER_BASE_URL: broker.url,
    VERIFY_JOB_URL: `${ci.url}/job/verify-apinizer`,
    GIT_COMMIT: "c0ffee1",
    GIT_BRANCH: "main",
    APINIZER_BASE_URL: server.url,
    APINIZER_TOKEN: SERVER_TOKEN,
    APINIZER_TEST_PROJECT: server.projects()[0] ?? "",
    PACT_PROVIDER_VERSION: "apinizer-2026.12.1",
    PACT_PROVIDER_BRANCH: "main",
    PACT_RETRY_WHILE_UNKNOWN: "3",
    PACT_RETRY_INTERVAL: "1",
  });

  /** Runs block `n` of the page in bash (from `cwd`); resolves with its output, rejects with it when it fails. */
  async function block(n: number, extra: Record<string, string> = {}, cwd = root): Promise<string> {
    // The suite's build of the CLI, for the blocks that call it (the others need not wait for it).
    const cli = blocks[n]?.includes("npx apinizer-connections") ? join(await builtDist(), "cli/index.js") : "";
    const script = [
      "set -euo pipefail",
      `npx() { if [ "$1" = apinizer-connections ]; then shift; node ${JSON.stringify(cli)} "$@"; else command npx "$@"; fi; }`,
      blocks[n] ?? "exit 99",
    ].join("\n");
    try {
      const { stdout, stderr } = await run("bash", ["-c", script], { cwd, env: { ...env(), ...extra } });
      return stdout + stderr;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      throw new Error(
        `docs/pipeline.md block ${n} exited ${e.code}:\n${blocks[n]}\n${e.stdout ?? ""}${e.stderr ?? ""}`,
      );
    }
  }

  /** The repository as a consumer's next commit: its package.json and a contract whose content changed (still kept by the provider). */
  function nextConsumerCommit(): string {
    const dir = tempDir("apinizer-docs-pipeline-");
    copyFileSync(resolve(root, "package.json"), join(dir, "package.json"));
    symlinkSync(resolve(root, "node_modules"), join(dir, "node_modules"));
    mkdirSync(join(dir, "contracts"));
    const pact = committedPact();
    const first = pact.interactions[0];
    if (first === undefined) throw new Error("the contract has no interactions");
    first.description = `${first.description} (reworded)`;
    writeFileSync(join(dir, "contracts", "pact.json"), JSON.stringify(pact));
    return dir;
  }

  /** The first call of the page's webhook, or a failure naming what the broker logged about webhooks. */
  function webhookCall(): Promise<Received> {
    return Promise.race([
      ci.next((r) => r.url === "/job/verify-apinizer"),
      new Promise<never>((_, fail) =>
        setTimeout(() => {
          const said = broker
            .log()
            .split("\n")
            .filter((l) => /webhook/i.test(l))
            .slice(-20)
            .join("\n");
          fail(new Error(`the webhook was not called within 30 s; the broker said:\n${said}`));
        }, 30_000),
      ),
    ]);
  }

  it("has the six command blocks this test runs", () => {
    expect(blocks).toHaveLength(6);
  });

  it("0. creates the environment, the provider and the webhook", async () => {
    const out = await block(0);
    expect(out).toMatch(/Created production environment/);
    expect(out).toMatch(/Webhook .*created/i);
  });

  it("1. the consumer publishes", async () => {
    expect(await block(1)).toMatch(
      /Pact successfully published for apinizer-connections version c0ffee1 and provider apinizer-management-api\./,
    );
  });

  it("2. the provider verifies what the broker selects and publishes; records its deployment", async () => {
    const verified = await block(2);
    expect(verified).toMatch(
      /Published the verification results of apinizer-management-api apinizer-2026\.12\.1 for a pact of apinizer-connections \(success: 5 of 5/,
    );
    expect(verified).toMatch(/^VERIFIED/m);
    expect(await block(3)).toMatch(/Recorded deployment of apinizer-management-api version apinizer-2026\.12\.1/);
  });

  it("3. a changed pact: the webhook passes its URL; the job verifies exactly that pact and publishes", async () => {
    await block(1, { GIT_COMMIT: "c0ffee2" }, nextConsumerCommit());
    const call = await webhookCall();
    const { PACT_URL } = JSON.parse(call.body) as { PACT_URL: string };
    // Written from the broker's own base URL; verify follows it on PACT_BROKER_BASE_URL's origin.
    expect(PACT_URL).toMatch(
      /^http:\/\/pact-broker\.invalid:\d+\/pacts\/provider\/apinizer-management-api\/consumer\/apinizer-connections\/pact-version\/[0-9a-f]+/,
    );
    const verified = await block(4, { PACT_URL });
    expect(verified).toMatch(/\(given by URL\)/);
    expect(verified).toMatch(/Published the verification results .* \(success: 5 of 5/);
  });

  it("4. can-i-deploy says yes for the changed pact's version; the deployment is recorded", async () => {
    const out = await block(5, { GIT_COMMIT: "c0ffee2" });
    expect(out).toMatch(/Computer says yes/);
    expect(out).toMatch(/Recorded deployment of apinizer-connections version c0ffee2/);
  });
});

// Issue 18: the release pipeline against a real Pact Broker (pact_broker 2.120.0, test/broker):
// publish both pacts with Pact's own CLI, verify what the broker selects against the stand-in
// served over HTTP and publish the results, record the deployment, can-i-deploy; then a consumer
// version whose pact the provider breaks (pending: the run passes, the results say failed,
// can-i-deploy says no), a work-in-progress pact, the deployed pact selected by
// `deployedOrReleased`, and the results per interaction in the broker. The broker writes its
// links from another base URL (http://pact-broker.invalid:PORT) than the one the pipeline uses,
// as a broker behind a proxy or known by an internal name does.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type StandIn, serve } from "../../src/provider/index.js";
import type { BrokerOptions, VerifyOptions } from "../../src/verify/index.js";
import { verifyCollect } from "../verify/support/harness.js";
import { committedPact, type PactJson, tempDir } from "../verify/support/pacts.js";
import { type PactBroker, startPactBroker } from "./pact-broker.js";
import { describeWithBroker } from "./suite.js";

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const SERVER_TOKEN = "server-token-5b1e9d";
const CONSUMER = "apinizer-connections";
const PROVIDER = "apinizer-management-api";

describeWithBroker("the release pipeline against a real Pact Broker", (install) => {
  let broker: PactBroker;
  let server: StandIn;
  beforeAll(async () => {
    [broker, server] = await Promise.all([
      startPactBroker(install, { linksBase: (port) => `http://pact-broker.invalid:${port}` }),
      serve({ token: SERVER_TOKEN, envelope: "success" }),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([broker?.close(), server?.close()]);
  });

  /** Pact's own CLI (the pinned `pact-broker`), against the broker; resolves with its exit code and output. */
  async function pactBroker(...args: string[]): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await run(resolve(root, "node_modules/.bin/pact-broker"), args, {
        env: { ...process.env, PACT_BROKER_BASE_URL: broker.url },
      });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === "number" ? e.code : -1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
    }
  }

  function canIDeploy(version: string, ignore = ["--ignore", "apinizer-management-api-status"]) {
    return pactBroker(
      "can-i-deploy",
      "--pacticipant",
      CONSUMER,
      "--version",
      version,
      "--to-environment",
      "production",
      ...ignore,
    );
  }

  async function publishPacts(dir: string, version: string, branch: string): Promise<void> {
    const published = await pactBroker("publish", dir, "--consumer-app-version", version, "--branch", branch);
    expect(published.out).toMatch(/successfully published/);
    expect(published.code, published.out).toBe(0);
  }

  /** `verify --broker --publish` against the stand-in over HTTP as provider `version` on `branch`. */
  function verifyAndPublish(version: string, branch = "main", extra: Partial<BrokerOptions> = {}) {
    const options: Omit<VerifyOptions, "output"> = {
      target: { kind: "server", baseUrl: server.url, token: SERVER_TOKEN, projectName: server.projects()[0] ?? "" },
      source: {
        kind: "broker",
        broker: {
          url: broker.url,
          providerBranch: branch,
          includeWipPactsSince: "2026-01-01",
          publish: { providerVersion: version, providerBranch: branch },
          ...extra,
        },
      },
      timeoutMs: 15_000,
    };
    return verifyCollect(options);
  }

  async function get(path: string): Promise<Record<string, unknown>> {
    const answer = await fetch(new URL(path, broker.url), { headers: { accept: "application/hal+json" } });
    expect(answer.status, path).toBe(200);
    return (await answer.json()) as Record<string, unknown>;
  }
  const pathOf = (href: string) => new URL(href).pathname;

  /** A consumer version's pact whose interaction `n` the provider cannot keep (it expects 418). */
  function brokenPactDir(n: number): string {
    const pact: PactJson = committedPact();
    const interaction = pact.interactions[n];
    if (interaction === undefined) throw new Error("the contract has too few interactions");
    interaction.response = { ...interaction.response, status: 418 };
    const dir = join(tempDir("apinizer-broker-pipeline-"), `broken-${n}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "pact.json"), JSON.stringify(pact));
    return dir;
  }

  it("1. publishes both pacts with Pact's CLI", async () => {
    await publishPacts(resolve(root, "contracts"), "1.0.0", "main");
    const latest = await get(`/pacts/provider/${PROVIDER}/consumer/${CONSUMER}/latest`);
    expect((latest["interactions"] as unknown[]).length).toBe(committedPact().interactions.length);
  });

  it("2. verify --broker --publish: verified, results published per interaction, the broker's notices printed", async () => {
    const r = await verifyAndPublish("p-1");
    expect(r.report.outcome, r.reportText).toBe("verified");
    const text = r.lines.join("\n");
    expect(text).toMatch(/is being verified because .*latest version from the main branch 'main' \(1\.0\.0\)/s);
    expect(text).toMatch(
      /Published the verification results of apinizer-management-api p-1 for a pact of apinizer-connections \(success: 5 of 5/,
    );
    expect(text).toMatch(/no longer in pending state/);
    // The results, per interaction, as the broker stored them: each matched to its interaction by the broker's _id.
    const pact = await get(`/pacts/provider/${PROVIDER}/consumer/${CONSUMER}/latest`);
    const ids = (pact["interactions"] as { _id: string }[]).map((i) => i._id);
    const links = pact["_links"] as Record<string, { href: string }>;
    const verification = await get(pathOf(links["pb:latest-verification-results"]?.href ?? ""));
    expect(verification["success"]).toBe(true);
    const tests = verification["testResults"] as { interactionId?: string; success: boolean }[];
    expect(tests.map((t) => t.interactionId).sort()).toEqual([...ids].sort());
    expect(tests.every((t) => t.success)).toBe(true);
  });

  it("3. records the deployment; can-i-deploy says yes", async () => {
    expect((await pactBroker("create-environment", "--name", "production", "--production")).code).toBe(0);
    for (const [pacticipant, version] of [
      [PROVIDER, "p-1"],
      [CONSUMER, "1.0.0"],
    ] as const) {
      const recorded = await pactBroker(
        "record-deployment",
        "--pacticipant",
        pacticipant,
        "--version",
        version,
        "--environment",
        "production",
      );
      expect(recorded.code, recorded.out).toBe(0);
    }
    // Production runs servers of one envelope: the other envelope's provider is never deployed
    // there, and can-i-deploy says no for it unless it is ignored (docs/pipeline.md).
    const without = await canIDeploy("1.0.0", []);
    expect(without.out).toMatch(
      /no verified pact between version 1\.0\.0 of apinizer-connections and a version of apinizer-management-api-status currently in production/,
    );
    const yes = await canIDeploy("1.0.0");
    expect(yes.out).toMatch(/Computer says yes/);
    expect(yes.code).toBe(0);
  });

  it("4. a new consumer version the provider breaks: pending (the run passes), published as failed, can-i-deploy no; the deployed pact selected by deployedOrReleased", async () => {
    await publishPacts(brokenPactDir(1), "2.0.0", "main");
    const r = await verifyAndPublish("p-2");
    const text = r.lines.join("\n");
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(r.report.interactions.filter((i) => i.verdict === "pending")).toHaveLength(1);
    // Two pacts selected: main's (2.0.0, pending) and the deployed one (1.0.0).
    expect(text).toMatch(/Pact of apinizer-connections for apinizer-management-api, pending: /);
    expect(text).toMatch(/currently deployed/);
    expect(text).toMatch(/\(failure: 4 of 5 interaction\(s\) passed\)/);
    expect(text).toMatch(/\(success: 5 of 5 interaction\(s\) passed\)/);
    const pact = await get(`/pacts/provider/${PROVIDER}/consumer/${CONSUMER}/version/2.0.0`);
    const links = pact["_links"] as Record<string, { href: string }>;
    const verification = await get(pathOf(links["pb:latest-verification-results"]?.href ?? ""));
    expect(verification["success"]).toBe(false);
    const tests = verification["testResults"] as { interactionId?: string; success: boolean }[];
    expect(tests.filter((t) => !t.success)).toHaveLength(1);
    expect(tests.every((t) => typeof t.interactionId === "string")).toBe(true);
    // p-2 keeps the deployed consumer's pact: it goes to production; the broken 2.0.0 may not follow.
    expect(
      (
        await pactBroker(
          "record-deployment",
          "--pacticipant",
          PROVIDER,
          "--version",
          "p-2",
          "--environment",
          "production",
        )
      ).code,
    ).toBe(0);
    const no = await canIDeploy("2.0.0");
    expect(no.out).toMatch(/Computer says no/);
    expect(no.code).not.toBe(0);
  });

  it("5. a work-in-progress pact (a feature branch): verified, reported as such, its results published", async () => {
    await publishPacts(brokenPactDir(2), "3.0.0-feat", "feat-x");
    const r = await verifyAndPublish("p-3");
    const text = r.lines.join("\n");
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(text).toMatch(/Pact of apinizer-connections for apinizer-management-api, work in progress \(pending\): /);
    expect(text).toMatch(/work in progress/i);
    const pact = await get(`/pacts/provider/${PROVIDER}/consumer/${CONSUMER}/version/3.0.0-feat`);
    const links = pact["_links"] as Record<string, { href: string }>;
    const verification = await get(pathOf(links["pb:latest-verification-results"]?.href ?? ""));
    expect(verification["success"]).toBe(false);
    expect(verification["providerApplicationVersion"]).toBe("p-3");
  });
});

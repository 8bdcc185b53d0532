// The committed pacts as consumer teams use them: as a stub, in pact-stub-server (shipped in the
// pinned Pact CLI), one server per pact, each interaction picked by its provider state sent as
// is in `X-Pact-State` (docs/pipeline.md). The real client is driven through every interaction
// and must report what the consumer tests expect of that answer.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import type { PathNames } from "../../src/rules/contract.js";
import { OUTCOMES } from "../consumer/interactions.js";
import { type CommittedPact, committedPacts } from "../support/pacts.js";
import { repoRoot, type Spec } from "../support/spec.js";

const STATE_HEADER = "X-Pact-State";
const pacts = committedPacts();
const stubs = new Map<string, { url: string; child: ChildProcess }>();

/** Starts pact-stub-server on a pact; resolves with its URL once it says which port it took. */
function startStub(file: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    join(repoRoot, "node_modules/.bin/pact-stub-server"),
    ["-f", join(repoRoot, "contracts", file), "--provider-state-header-name", STATE_HEADER, "-l", "info"],
    // Its own process group: the CLI wrapper runs the stub binary as a child, and both must stop.
    { detached: true, env: { ...process.env, NO_COLOR: "1" } },
  );
  return new Promise((resolve, reject) => {
    let log = "";
    const onData = (chunk: Buffer) => {
      log += chunk;
      const port = /Server started on port (\d+)/.exec(log)?.[1];
      if (port) resolve({ url: `http://127.0.0.1:${port}`, child });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`pact-stub-server exited (${code}) before listening:\n${log}`)));
  });
}

beforeAll(async () => {
  await Promise.all(pacts.map(async ({ file }) => stubs.set(file, await startStub(file))));
}, 60_000);

afterAll(() => {
  for (const { child } of stubs.values()) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

describe.each(pacts)("contracts/$file in pact-stub-server", ({ file, pact, envelope }: CommittedPact) => {
  const interactions: Spec[] = pact["interactions"];

  it.each(interactions.map((i) => [i.description as string, i] as const))(
    "answers %s when asked by its provider state, and the client reads it as the consumer test expects",
    async (description, interaction) => {
      const stub = stubs.get(file);
      if (!stub || !envelope) throw new Error(`no stub server for ${file}`);
      const [state] = interaction["providerStates"] as { name: string; params: PathNames }[];
      if (!state) throw new Error(`${description}: no provider state`);
      const outcome = OUTCOMES[envelope].find((o) => o.description === description);
      if (!outcome) throw new Error(`${description}: no consumer outcome of that description`);
      const client = createConnectionsClient({
        baseUrl: stub.url,
        token: "EXAMPLE_TOKEN",
        retries: 0,
        headers: { [STATE_HEADER]: state.name },
      });
      const result = await client.deleteConnection(state.params);
      expect(result).toMatchObject(outcome.expected);
      if (outcome.exact) expect(result).toEqual(outcome.exact);
    },
  );
});

// The broker tests' frame: a `describe` that runs when the pinned Pact Broker is installed, is
// skipped with the reason in its name when it is not (Ruby or the gems missing on a developer's
// machine), and fails under CI (CI=true), where .ci/run installs the broker first. A skip is
// visible in the run's summary; it is never a pass.
import { describe, inject, it } from "vitest";
import type { BrokerInstall } from "./pact-broker.js";

export function describeWithBroker(name: string, body: (install: { dir: string }) => void): void {
  const found: BrokerInstall = inject("pactBroker");
  if (found.ok) {
    describe(name, () => body(found));
    return;
  }
  if (process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false") {
    describe(name, () => {
      it("has a Pact Broker to run", () => {
        throw new Error(`no Pact Broker under CI: ${found.reason}`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: ${found.reason})`, () => body({ dir: "" }));
}

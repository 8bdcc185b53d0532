// globalSetup of the unit project: makes sure the pinned Pact Broker is installed (first use on
// a machine: test/broker/install.sh, minutes; afterwards a check of a few milliseconds) and tells
// the broker tests where it is, or why there is none. Without Ruby or the gems, the broker tests
// are skipped with that reason in their names (and this prints it); under CI (CI=true) they fail
// instead, since .ci/run installs the broker before the tests.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { type BrokerInstall, INSTALL_SCRIPT, installedBroker } from "./pact-broker.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The installed Pact Broker, or why there is none. */
    pactBroker: BrokerInstall;
  }
}

const run = promisify(execFile);

async function install(): Promise<BrokerInstall> {
  const found = installedBroker();
  if (found.ok) return found;
  try {
    await run("ruby", ["--version"]);
  } catch {
    return {
      ok: false,
      reason: "Ruby is not installed, so no Pact Broker can run here (Debian: ruby-dev ruby-bundler)",
    };
  }
  process.stderr.write("Installing the pinned Pact Broker once for this machine (test/broker/install.sh)…\n");
  try {
    const { stdout } = await run("bash", [INSTALL_SCRIPT], { maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, dir: stdout.trim().split("\n").pop() ?? "" };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? "")
      .trim()
      .split("\n")
      .slice(-5)
      .join(" | ");
    return {
      ok: false,
      reason: `the Pact Broker's gems could not be installed: ${stderr || (error as Error).message}`,
    };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const found = await install();
  if (!found.ok) process.stderr.write(`Pact Broker tests skipped: ${found.reason}\n`);
  project.provide("pactBroker", found);
}

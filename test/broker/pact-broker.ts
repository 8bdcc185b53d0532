// A real Pact Broker (the pinned pact_broker gem, test/broker/Gemfile.lock) for the pipeline
// tests: each `startPactBroker()` copies the once-migrated SQLite database into a folder of its
// own and starts Puma on a loopback port; `close()` stops it and removes the folder.
// `install.sh` installs the gems once per machine (the vitest global setup test/broker/setup.ts
// runs it on first use; .ci/run runs it before the tests).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { portForLater } from "../support/net.js";

export const BROKER_DIR = import.meta.dirname;
export const INSTALL_SCRIPT = resolve(BROKER_DIR, "install.sh");

/** Where the gems are, or why there is no broker to run. */
export type BrokerInstall =
  | { readonly ok: true; readonly dir: string }
  | { readonly ok: false; readonly reason: string };

/** The install folder when the gems are installed (nothing is installed here). */
export function installedBroker(): BrokerInstall {
  try {
    const dir = execFileSync("bash", [INSTALL_SCRIPT, "--where"], { encoding: "utf8" }).trim();
    return { ok: true, dir };
  } catch (error) {
    const status = (error as { status?: number }).status;
    return {
      ok: false,
      reason:
        status === 3
          ? "the Pact Broker's gems are not installed (run test/broker/install.sh)"
          : `test/broker/install.sh --where failed: ${(error as Error).message}`,
    };
  }
}

export interface PactBroker {
  /** http://127.0.0.1:PORT, the URL the tests use. */
  readonly url: string;
  /** The base URL the broker writes its links with (its PACT_BROKER_BASE_URL). */
  readonly linksBase: string;
  /** What the broker printed so far (its log, warnings and errors). */
  log(): string;
  close(): Promise<void>;
}

export interface PactBrokerOptions {
  /**
   * The broker's own base URL, from its port: what it writes its links with. Default: the URL
   * the tests use. A pipeline often reaches a broker by another name than the one it knows itself by.
   */
  readonly linksBase?: (port: number) => string;
  /** More of the broker's settings (PACT_BROKER_* variables), e.g. its webhook whitelists. */
  readonly env?: Readonly<Record<string, string>>;
  /** Stop waiting for the broker to listen after this long (default 60 s: a loaded 2-core machine). */
  readonly startTimeoutMs?: number;
}

/**
 * Starts a broker with a fresh database (a copy of the migrated template). The port is chosen
 * before Puma binds it, seconds later (Ruby's start): when another process took it meanwhile, the
 * broker starts again on another (at most 3 tries).
 */
export async function startPactBroker(install: { dir: string }, options: PactBrokerOptions = {}): Promise<PactBroker> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(install, options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortTaken)) throw error;
    }
  }
}

/** Puma could not bind the port chosen for it. */
class PortTaken extends Error {}

async function startOnce(install: { dir: string }, options: PactBrokerOptions): Promise<PactBroker> {
  const folder = mkdtempSync(join(tmpdir(), "pact-broker-"));
  const database = join(folder, "pact_broker.sqlite3");
  try {
    copyFileSync(join(install.dir, "template.sqlite3"), database);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  // The port is chosen before the broker starts: its links are written from its base URL.
  const port = await portForLater();
  const url = `http://127.0.0.1:${port}`;
  const linksBase = options.linksBase?.(port) ?? url;
  const env = {
    ...process.env,
    BUNDLE_GEMFILE: join(BROKER_DIR, "Gemfile"),
    BUNDLE_PATH: join(install.dir, "bundle"),
    BUNDLE_APP_CONFIG: join(install.dir, "bundle-config"),
    BUNDLE_FROZEN: "true",
    PACT_BROKER_DATABASE_URL: `sqlite:///${database}`,
    PACT_BROKER_BASE_URL: linksBase,
    PACT_BROKER_SEED_EXAMPLE_DATA: "false",
    PACT_BROKER_LOG_STREAM: "stdout",
    PACT_BROKER_LOG_LEVEL: process.env.PACT_BROKER_LOG_LEVEL ?? "warn",
    PACT_BROKER_LOG_CONFIGURATION_ON_STARTUP: "false",
    PACT_BROKER_HIDE_PACTFLOW_MESSAGES: "true",
    // The template has every migration; the data migrations of a copy have nothing to do.
    PACT_BROKER_AUTO_MIGRATE_DB_DATA: "false",
    RACK_ENV: "production",
    ...options.env,
  };
  const child = spawn(
    "bundle",
    ["exec", "puma", "--bind", `tcp://127.0.0.1:${port}`, "--threads", "1:4", join(BROKER_DIR, "config.ru")],
    { cwd: folder, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (d: Buffer) => {
    log += d.toString("utf8");
  });
  child.stderr?.on("data", (d: Buffer) => {
    log += d.toString("utf8");
  });
  const close = async () => {
    await stop(child);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await listening(child, () => log, url, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await close();
    throw /Address already in use/.test(log) ? new PortTaken((error as Error).message) : error;
  }
  return { url, linksBase, log: () => log, close };
}

/**
 * Resolves when Puma says it listens ("Use Ctrl-C to stop", printed once the app is loaded) and
 * the broker answers its index; rejects with its log when it exits first or takes too long.
 */
function listening(child: ChildProcess, log: () => string, url: string, timeoutMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => finish(new Error(`not listening after ${timeoutMs} ms`)), timeoutMs);
    const onData = () => {
      if (!log().includes("Ctrl-C")) return;
      child.stdout?.off("data", onData);
      fetch(`${url}/`, { headers: { accept: "application/hal+json" } })
        .then(async (answer) => {
          await answer.arrayBuffer();
          finish(answer.status === 200 ? undefined : new Error(`its index answered ${answer.status}`));
        })
        .catch((error: unknown) => finish(error as Error));
    };
    const onExit = () => finish(new Error("it exited"));
    function finish(error: Error | undefined) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (error === undefined) done();
      else fail(new Error(`the Pact Broker did not start (${error.message}):\n${log()}`));
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

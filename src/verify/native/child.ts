// Runs in a child process: the native Pact verifier (pact-core), one interaction per job, each
// job's results sent back as they complete. Kept apart so the native library's output, a crash,
// an endless wait on a broker or a flood can never take the run (its report, JUnit and fixture
// cleanup) down with it; the child gets no token and talks only to the run's loopback harness.
// Self-contained on purpose: it imports nothing of this package.
import { createRequire } from "node:module";

interface Job {
  readonly id: number;
  readonly pactFile: string;
  readonly providerBaseUrl: string;
  readonly stateUrl: string;
  readonly timeoutMs: number;
  readonly logLevel: string;
}

interface PactCore {
  verifyPacts(options: Record<string, unknown>): Promise<string>;
}

const require = createRequire(import.meta.url);
let core: PactCore | undefined;

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

async function run(job: Job): Promise<void> {
  try {
    core ??= (require("@pact-foundation/pact-core") as { default: PactCore }).default;
  } catch (error) {
    send({ id: job.id, kind: "cannot-load", message: (error as Error).message });
    return;
  }
  try {
    const text = await core.verifyPacts({
      providerBaseUrl: job.providerBaseUrl,
      pactUrls: [job.pactFile],
      providerStatesSetupUrl: job.stateUrl,
      timeout: job.timeoutMs,
      logLevel: job.logLevel,
      followRedirects: false,
      disableSslVerification: false,
    });
    send({ id: job.id, kind: "results", text });
  } catch (error) {
    // A failed verification rejects with the results JSON as the message.
    send({ id: job.id, kind: "results", text: error instanceof Error ? error.message : String(error) });
  }
}

process.on("message", (job: Job | { kind: "load" }) => {
  if ("kind" in job) {
    // Warm-up while the parent runs its pre-flight: load the native library now.
    try {
      core ??= (require("@pact-foundation/pact-core") as { default: PactCore }).default;
    } catch {
      // Reported by the first job.
    }
    return;
  }
  void run(job);
});
process.on("disconnect", () => process.exit(0));

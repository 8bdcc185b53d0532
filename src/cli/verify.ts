// `apinizer-connections verify`: provider verification of the contracts (see `--help`).
import { parseVerifyArgs, verifyHelp } from "../verify/config.js";
import { UsageError } from "./args.js";
import { type CliIo, interruptSignal, processIo } from "./io.js";

export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let config: ReturnType<typeof parseVerifyArgs>;
  try {
    config = parseVerifyArgs(argv, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`verify: ${e.message}\nRun 'apinizer-connections verify --help' for the options.\n`);
    return 2;
  }
  if (config.help) {
    io.stdout(verifyHelp);
    return 0;
  }
  const { signal, dispose } = interruptSignal(io.signal);
  try {
    // Loaded only now: `delete` and `--help` never load Pact or the verifier.
    const { runVerification } = await import("../verify/run.js");
    const result = await runVerification(config, { ...io, signal });
    return result.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`verify: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    dispose();
  }
}

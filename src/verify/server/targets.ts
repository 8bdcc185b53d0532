// The targets of a run: a built-in stand-in per envelope the pacts need, or the server after its
// pre-flight (which also tells which envelope it speaks).
import { DEFAULT_PROJECT, serve } from "../../provider/index.js";
import type { Envelope } from "../../rules/envelope.js";
import type { Redactor } from "../../rules/secrets.js";
import type { VerifyOptions } from "../api.js";
import type { Target } from "../engine.js";
import type { Step } from "../outcome.js";
import { type Admin, createAdmin, FIXTURE_PREFIX } from "./admin.js";
import { reasonOf, type Sender } from "./http.js";
import { preflight } from "./preflight.js";

/** A target ready to verify, and how to let it go. */
export interface Prepared {
  readonly target: Target;
  readonly admin: Admin;
  readonly close: () => Promise<void>;
}

/** The targets to verify: a stand-in per envelope, or the server (after its pre-flight, whose Problem says why not). */
export async function prepareTargets(
  input: {
    readonly options: VerifyOptions;
    readonly runId: string;
    /** The lease of every fixture the run creates (lease.ts). */
    readonly leaseUntil: Date;
    readonly redact: Redactor;
    readonly line: (text: string) => void;
  },
  sender: Sender,
  needed: readonly Envelope[],
): Promise<Step<{ readonly prepared: Prepared[] }>> {
  const { options, runId, redact, leaseUntil } = input;
  if (options.target.kind === "stand-in") {
    const projectName = options.target.projectName ?? DEFAULT_PROJECT;
    const prepared: Prepared[] = [];
    for (const envelope of needed) {
      const standIn = await serve({ projects: [projectName], envelope });
      const { token, limitedToken } = standIn;
      const target = { baseUrl: standIn.url, token, limitedToken, projectName, envelope };
      const admin = createAdmin({ ...target, runId, leaseUntil, sender, redact });
      prepared.push({ target, admin, close: () => standIn.close() });
    }
    return { ok: true, prepared };
  }
  const { baseUrl, token, projectName, limitedToken } = options.target;
  let admin: Admin;
  try {
    admin = createAdmin({ baseUrl, token, runId, leaseUntil, sender, redact });
  } catch (error) {
    // The client refuses a base URL or token it cannot use (the CLI checks both by the same rules).
    return { ok: false, outcome: "preflight-failed", problem: `the client refused the target: ${reasonOf(error)}` };
  }
  const checked = await preflight(
    admin,
    { baseUrl, projectName },
    `${FIXTURE_PREFIX}${runId}-probe`,
    options.target.envelope,
  );
  if (!checked.ok) return checked;
  input.line(`Pre-flight: ${checked.note}; verifying its pacts.`);
  const target = { baseUrl, token, limitedToken, projectName, envelope: checked.envelope };
  return { ok: true, prepared: [{ target, admin, close: async () => {} }] };
}

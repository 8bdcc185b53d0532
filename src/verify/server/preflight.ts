// The pre-flight, before any fixture is created: is this an Apinizer that accepts the token in
// the project, and which envelope does it speak? The healthcheck and a Get Connection of an
// unused name run at the same time.
import type { Envelope } from "../../rules/envelope.js";
import type { Step } from "../outcome.js";
import { type Admin, describe, describeAnswer } from "./admin.js";
import { type Answer, reasonOf, textOf } from "./http.js";

/** The envelope the server speaks and a note saying so; or why the run may not go on (`preflight-failed`). */
export type Preflight = Step<{ readonly envelope: Envelope; readonly note: string }>;

/** Checks the server at `baseUrl`; `probe` is an unused connection name of this run; `forced` skips detection. */
export async function preflight(
  admin: Admin,
  target: { readonly baseUrl: string; readonly projectName: string },
  probe: string,
  forced?: Envelope,
): Promise<Preflight> {
  const fail = (problem: string): Preflight => ({ ok: false, outcome: "preflight-failed", problem });
  const [health, found] = await Promise.all([
    admin.healthcheck().catch((error: unknown) => reasonOf(error)),
    admin.get(target.projectName, probe),
  ]);
  if (typeof health === "string") return fail(`cannot reach ${target.baseUrl}: ${health}`);
  const text = textOf(health).trim();
  if (health.status !== 200 || !/^"?OK"?$/i.test(text)) {
    return fail(
      `${target.baseUrl}/apiops/test/healthcheck answered ${describeHealth(health, admin)}, not 200 "OK": is this an Apinizer management console URL?`,
    );
  }
  const said = describe(found, admin.redact);
  if (found.status === undefined) return fail(`token check failed: ${said}`);
  if (found.status === 401 || found.status === 403) {
    return fail(`the server rejected APINIZER_TOKEN (${said}): check the token and its permissions`);
  }
  if (!found.ok && found.kind === "project-not-found") {
    return fail(`project "${target.projectName}" was not found on ${target.baseUrl} (${said}): check --project`);
  }
  if (found.ok || found.kind !== "connection-not-found") {
    return fail(`token check: Get Connection of the unused name ${probe} answered ${said}, expected "not found"`);
  }
  // The client reads "not found" only from a documented error body, so its envelope is known.
  const detected = found.envelope;
  if (forced !== undefined) {
    if (detected !== forced) {
      return fail(
        `the ${forced} envelope was asked for, but the server's Get Connection answered in the ${detected} envelope (${said}): nothing was created`,
      );
    }
    return { ok: true, envelope: forced, note: `verifying the ${forced} envelope, as asked` };
  }
  return { ok: true, envelope: detected, note: `the server answers in the ${detected} envelope` };
}

const describeHealth = (health: Answer, admin: Admin): string =>
  describeAnswer(health.status, textOf(health), admin.redact, health.truncated);

// The pre-flight, before any fixture is created: is this an Apinizer that accepts the token in
// the project, and which envelope does it speak? The healthcheck and a Get Connection of an
// unused name run at the same time.
import type { Envelope } from "../../rules/envelope.js";
import { type Admin, describe, presence, type Reading } from "./admin.js";
import { reasonOf, textOf } from "./http.js";

export type Preflight =
  | { readonly ok: true; readonly envelope: Envelope; readonly note: string }
  | { readonly ok: false; readonly problem: string };

const settle = async (call: Promise<Reading>): Promise<Reading | string> =>
  call.catch((error: unknown) => reasonOf(error));

/** Checks the server at `baseUrl`; `probe` is an unused connection name of this run; `forced` skips detection. */
export async function preflight(
  admin: Admin,
  target: { readonly baseUrl: string; readonly projectName: string },
  probe: string,
  forced?: Envelope,
): Promise<Preflight> {
  const fail = (problem: string): Preflight => ({ ok: false, problem });
  const [health, found] = await Promise.all([
    settle(admin.healthcheck()),
    settle(admin.get(target.projectName, probe)),
  ]);
  if (typeof health === "string") return fail(`cannot reach ${target.baseUrl}: ${health}`);
  const text = textOf(health.answer).trim();
  if (health.status !== 200 || !/^"?OK"?$/i.test(text)) {
    return fail(
      `${target.baseUrl}/apiops/test/healthcheck answered ${describe(health)}, not 200 "OK": is this an Apinizer management console URL?`,
    );
  }
  if (typeof found === "string") return fail(`token check failed: ${found}`);
  if (found.status === 401 || found.status === 403) {
    return fail(`the server rejected APINIZER_TOKEN (${describe(found)}): check the token and its permissions`);
  }
  if (found.meaning === "project-not-found") {
    return fail(
      `project "${target.projectName}" was not found on ${target.baseUrl} (${describe(found)}): check --project`,
    );
  }
  if (presence(found) !== "gone") {
    return fail(
      `token check: Get Connection of the unused name ${probe} answered ${describe(found)}, expected "not found"`,
    );
  }
  const detected = found.envelope === "success" || found.envelope === "status" ? found.envelope : undefined;
  if (forced !== undefined) {
    if (detected !== undefined && detected !== forced) {
      return fail(
        `the ${forced} envelope was asked for, but the server's Get Connection answered in the ${detected} envelope (${describe(found)}): nothing was created`,
      );
    }
    return { ok: true, envelope: forced, note: `verifying the ${forced} envelope, as asked` };
  }
  if (detected === undefined) {
    return fail(
      `cannot tell which envelope the server speaks: Get Connection answered ${describe(found)} (use --envelope to choose one)`,
    );
  }
  return { ok: true, envelope: detected, note: `the server answers in the ${detected} envelope` };
}

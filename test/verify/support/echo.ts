// The echoing front for the verify tests: runs verify against the stand-in behind a front that
// answers chosen requests with an echo of their Authorization header, and returns what the run
// showed (every output channel). Used by echoes*.test.ts.
import { expect } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { againstServer, verifyCollect } from "./harness.js";
import { existing, writePact } from "./pacts.js";
import { type FrontContext, startFront, type Upstream } from "./servers.js";

export const PROJECT = "MyProject";
// One interaction is enough to carry an echo (every case echoes every answer it picks); the
// whole contract would only make each case slower.
const ONE = writePact([existing()]);

export type Answer = { status: number; headers: Record<string, string>; body: string | Buffer };
/** Builds the echoing answer from the request's Authorization value and the stand-in's real answer. */
export type Echo = (authorization: string, upstream: Upstream) => Answer;

export const json = { "content-type": "application/json" };
export const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
/** The stand-in's body with `success` replaced: a field the contract checks, so the verifier shows its value. */
export const withSuccess = (value: string, up: Upstream): string => {
  const body = JSON.parse(up.body.toString() || "{}") as Record<string, unknown>;
  return JSON.stringify({ ...body, success: value, error_description: value });
};

/** Runs verify against a front that answers requests `when` accepts with `echo`; returns what it showed. */
export async function runEchoing(
  token: string,
  when: (ctx: FrontContext) => boolean,
  echo: Echo,
  extra: { names?: number } = {},
) {
  const s = await serve({ token, projects: [PROJECT] });
  let echoed = 0;
  const front = await startFront(s.url, async (ctx) => {
    if (!when(ctx)) return false;
    const a = echo(ctx.request.headers.authorization ?? "", await ctx.forward());
    echoed += 1;
    ctx.reply(a.status, a.headers, a.body);
    return true;
  });
  try {
    const r = await verifyCollect({
      ...againstServer(front.url, { token, projectName: PROJECT, pacts: [ONE] }),
      nativeLog: "debug",
      ...extra,
    });
    expect(echoed, "the front echoed nothing: the case tests nothing").toBeGreaterThan(0);
    return { ...r, leftOnServer: s.connections(PROJECT)?.length ?? 0 };
  } finally {
    await Promise.all([front.close(), s.close()]);
  }
}

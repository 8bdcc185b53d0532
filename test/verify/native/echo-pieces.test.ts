// Issue 19, item 5: a server that echoes the token in pieces (split over two fields, over two
// lines, or as base64 wrapped over lines) must not make verify show any of them: live lines,
// verdicts, report, JUnit, JSON and the native verifier's debug output are searched, also read
// whole again (line breaks removed) and base64-decoded.
import { describe, expect, it } from "vitest";
import { REDACTED } from "../../../src/rules/secrets.js";
import { type Echo, json, runEchoing } from "../support/echo.js";
import { distinctiveToken, expectNoToken } from "../support/secrets.js";
import type { FrontContext, Upstream } from "../support/servers.js";

const onDelete = (ctx: FrontContext) => ctx.request.method === "DELETE";
const body = (up: Upstream, fields: Record<string, string>): string =>
  JSON.stringify({ ...(JSON.parse(up.body.toString() || "{}") as object), ...fields });
const halves = (auth: string): [string, string] => {
  const token = auth.replace(/^Bearer /, "");
  const half = Math.floor(token.length / 2);
  return [token.slice(0, half), token.slice(half)];
};
const wrap = (text: string, width: number): string => (text.match(new RegExp(`.{1,${width}}`, "g")) ?? []).join("\n");

const cases: { name: string; echo: Echo }[] = [
  {
    name: "split over two fields",
    echo: (auth, up) => {
      const [a, b] = halves(auth);
      return { status: up.status, headers: json, body: body(up, { success: a, error_description: b }) };
    },
  },
  {
    name: "split over two lines",
    echo: (auth, up) => {
      const [a, b] = halves(auth);
      return { status: up.status, headers: json, body: body(up, { success: `${a}\n${b}` }) };
    },
  },
  {
    name: "base64 wrapped over lines",
    echo: (auth, up) => ({
      status: up.status,
      headers: json,
      body: body(up, { success: wrap(Buffer.from(`seen: ${auth}`).toString("base64"), 10) }),
    }),
  },
];

/** The texts read whole again: raw, JSON-escaped and XML-escaped line breaks removed. */
const unwrapped = (texts: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.replace(/\\r|\\n|&#10;|&#13;|&#xA;|[\r\n]/gi, "")]));

describe.concurrent("an echo of the token in pieces in the answer to the verified DELETE", () => {
  it.each(cases)("$name: no piece is shown anywhere", async ({ echo }) => {
    const token = distinctiveToken();
    const r = await runEchoing(token, onDelete, echo);
    expectNoToken(token, r.texts);
    const whole = unwrapped(r.texts);
    expectNoToken(token, whole);
    const decoded = Object.values(whole)
      .flatMap((t) => t.match(/[A-Za-z0-9+/]{16,}/g) ?? [])
      .map((b) => Buffer.from(b, "base64").toString("latin1"));
    expectNoToken(token, { decoded: decoded.join("\n") });
    expect(Object.values(r.texts).join("\n")).toContain(REDACTED);
    expect(r.leftOnServer).toBe(0);
  });
});

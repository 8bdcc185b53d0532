// Issue 10, input 3, in answers to verify's own requests (Create, the pre-flight's Get, the Get
// after a request, the names check): their texts reach the report's problems, so they must be
// redacted before they are cut or shown. Each case runs verify against the stand-in behind a
// front that echoes the Authorization header (support/echo.ts).
import { describe, expect, it } from "vitest";
import { json, runEchoing } from "../support/echo.js";
import { distinctiveToken, expectNoToken } from "../support/secrets.js";

// The server's message and text body are redacted before they are cut for a message (a later
// redaction could not recognise the beginning of a token left at the cut).
describe.concurrent("an echo of the token in answers to verify's own requests", () => {
  it("an echo after 100 characters in a Create that stored, then answered 500 (text)", async () => {
    const token = distinctiveToken();
    const r = await runEchoing(
      token,
      (ctx) => ctx.request.method === "POST",
      (auth) => ({ status: 500, headers: { "content-type": "text/plain" }, body: `${"x".repeat(100)}${auth}` }),
    );
    expectNoToken(token, r.texts);
    expect(r.leftOnServer).toBe(0);
  });

  it("an echo after 140 characters in a Create's JSON error message (cut at 160)", async () => {
    const token = distinctiveToken();
    const r = await runEchoing(
      token,
      (ctx) => ctx.request.method === "POST",
      (auth) => ({
        status: 403,
        headers: json,
        body: JSON.stringify({ error: "access_denied", error_description: `${"y".repeat(140)}${auth}` }),
      }),
    );
    expectNoToken(token, r.texts);
  });

  it("an echo after 140 characters in the pre-flight's Get (401)", async () => {
    const token = distinctiveToken();
    const r = await runEchoing(
      token,
      (ctx) => ctx.request.method === "GET" && ctx.request.url.includes("/connections/"),
      (auth) => ({
        status: 401,
        headers: json,
        body: JSON.stringify({ error: "unauthorized_client", error_description: `${"z".repeat(140)}${auth}` }),
      }),
    );
    expect(r.report.outcome).toBe("preflight-failed");
    expectNoToken(token, r.texts);
  });

  it("an echo in a Get that answers the check after the request with a text body", async () => {
    const token = distinctiveToken();
    let probe = true;
    const r = await runEchoing(
      token,
      (ctx) => {
        if (ctx.request.method !== "GET" || !ctx.request.url.includes("/connections/")) return false;
        if (probe) {
          probe = false; // the pre-flight's Get passes, every later one echoes
          return false;
        }
        return true;
      },
      (auth) => ({ status: 503, headers: { "content-type": "text/html" }, body: `<p>${"w".repeat(90)}${auth}</p>` }),
    );
    expectNoToken(token, r.texts);
    expect(r.report.fixturesLeft.length).toBeGreaterThan(0);
  });

  // The names check's problems reach report.names redacted.
  it("a short echo in the names check's Create answer (--names)", async () => {
    const token = distinctiveToken();
    const r = await runEchoing(
      token,
      (ctx) => ctx.request.method === "POST" && ctx.request.url.includes("%20"),
      (auth) => ({
        status: 400,
        headers: json,
        body: JSON.stringify({ error: "bad_request", error_description: `refused for ${auth}` }),
      }),
      { names: 1 },
    );
    expect(r.report.names?.mishandled).toHaveLength(1);
    expectNoToken(token, r.texts);
  });
});

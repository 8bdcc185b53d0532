// How one complete HTTP answer becomes a result (src/client/mapping.ts), without a server: above
// all the explanation a user reads in `message`, per status and envelope. responses.test.ts and
// status-envelope.test.ts check the same answers through a real client and server.
import { describe, expect, it } from "vitest";
import { type AnswerInput, describeBody, mapAnswer, parse } from "../../src/client/mapping.js";
import { MAX_BODY_BYTES } from "../../src/rules/limits.js";
import { redactor } from "../../src/rules/secrets.js";

const TOKEN = "tok-map/7c1e9a";

/** The result for `status` and `body` (a string is sent as it is, anything else as JSON). */
function answer(status: number, body: unknown, input: Partial<AnswerInput> = {}) {
  return mapAnswer({
    status,
    text: typeof body === "string" ? body : JSON.stringify(body),
    truncated: false,
    location: null,
    ignoreMissing: false,
    redact: redactor([TOKEN]),
    names: ["P", "c1"],
    earlier: undefined,
    ...input,
  });
}

const statusFailure = (message: string) => ({ status: "FAILURE", resultMessage: message });
const successError = (message: string) => ({ error: "bad_request", error_description: message });

describe("redirects (3xx): not followed, and the message says where it pointed", () => {
  it.each([300, 301, 302, 307, 308, 399])("%i", (status) => {
    expect(answer(status, "", { location: `https://elsewhere.example/apiops/?t=${TOKEN}` })).toEqual({
      ok: false,
      kind: "http-error",
      status,
      body: "",
      message: `HTTP ${status} redirect to https://elsewhere.example/apiops/?t=[REDACTED] not followed (a DELETE with a token is never replayed elsewhere); check the base URL`,
    });
  });
  it("without a Location header", () => {
    expect(answer(302, "")).toMatchObject({
      message: "HTTP 302 redirect not followed (a DELETE with a token is never replayed elsewhere); check the base URL",
    });
  });
});

describe("server errors (5xx): the connection may or may not have been deleted", () => {
  it.each([500, 502, 503, 599])("%i without a documented body", (status) => {
    expect(answer(status, "<html>Bad Gateway</html>")).toEqual({
      ok: false,
      kind: "http-error",
      status,
      body: "<html>Bad Gateway</html>",
      message: `HTTP ${status}: server error`,
    });
  });
  it("500 in the status envelope: the server's message, then the caveat", () => {
    expect(answer(500, statusFailure("An unexpected error occurred"))).toEqual({
      ok: false,
      kind: "http-error",
      status: 500,
      body: '{"status":"FAILURE","resultMessage":"An unexpected error occurred"}',
      envelope: "status",
      error: statusFailure("An unexpected error occurred"),
      message: "HTTP 500: server error: An unexpected error occurred (the connection may or may not have been deleted)",
    });
  });
  it("503 in the success envelope too", () => {
    expect(answer(503, successError("try later"))).toMatchObject({
      envelope: "success",
      message: "HTTP 503: server error: try later (the connection may or may not have been deleted)",
    });
  });
});

describe("other statuses: not an answer the endpoint documents, and no caveat", () => {
  it.each([201, 204, 299, 403, 405, 499])("%i", (status) => {
    expect(answer(status, "")).toMatchObject({
      kind: "http-error",
      message: `HTTP ${status}: not an answer this endpoint documents`,
    });
  });
  it("403 with a documented error body: the server's message, without the 5xx caveat", () => {
    expect(answer(403, successError("nope"))).toMatchObject({
      kind: "http-error",
      envelope: "success",
      message: "HTTP 403: not an answer this endpoint documents: nope",
    });
  });
});

describe("404: only the success envelope documents it", () => {
  it("success envelope: the project does not exist", () => {
    expect(answer(404, successError("Project (P) is not found!"))).toEqual({
      ok: false,
      kind: "project-not-found",
      status: 404,
      body: '{"error":"bad_request","error_description":"Project (P) is not found!"}',
      envelope: "success",
      error: successError("Project (P) is not found!"),
      message: "Project (P) is not found!",
    });
  });
  it.each([
    [statusFailure("Project (P) is not found!"), "HTTP 404 with the status envelope, which answers 400, never 404"],
    ["<html>Not Found</html>", "HTTP 404 with a body that is not JSON (it looks like HTML or XML)"],
    ["Not Found", "HTTP 404 with a body that is not JSON"],
    ["", "HTTP 404 with an empty body"],
    [{ status: 404, error: "Not Found" }, "HTTP 404 with JSON in neither envelope"],
  ])("otherwise unexpected, with the reason: %j", (body, message) => {
    expect(answer(404, body)).toMatchObject({ ok: false, kind: "unexpected-response", status: 404, message });
  });
});

describe("200", () => {
  it.each([
    ["a string resultMessage", { status: "SUCCESS", resultMessage: "Connection deleted" }],
    ["a null resultMessage", { status: "SUCCESS", resultMessage: null }],
    ["no resultMessage", { status: "SUCCESS" }],
  ])("status envelope, SUCCESS with %s, not deployed: deleted", (_label, body) => {
    expect(answer(200, body)).toEqual({
      ok: true,
      status: 200,
      deleted: true,
      envelope: "status",
      workers: "not-deployed",
      data: body,
    });
  });
  it("status envelope, SUCCESS with a resultMessage that is not a string: not confirmed", () => {
    expect(answer(200, { status: "SUCCESS", resultMessage: 7 })).toMatchObject({
      ok: false,
      kind: "unexpected-response",
      envelope: "status",
    });
  });

  it.each([
    [
      "success",
      { success: true, deploymentResult: { success: true, detail: `echo ${TOKEN}` } },
      { success: true, deploymentResult: { success: true, detail: "echo [REDACTED]" } },
      "removed",
    ],
    [
      "status",
      { status: "SUCCESS", resultMessage: `deleted with ${TOKEN}`, deploymentResult: { success: false } },
      { status: "SUCCESS", resultMessage: "deleted with [REDACTED]", deploymentResult: { success: false } },
      "failed",
    ],
  ])("%s envelope, a body that needed redacting: still deleted, its data redacted", (envelope, body, data, workers) => {
    expect(answer(200, body)).toEqual({ ok: true, status: 200, deleted: true, envelope, workers, data });
    // The token JSON-escaped ("\/" for "/"): found only by decoding, redacted all the same.
    const escaped = JSON.stringify(body).replace(/\//g, "\\/");
    expect(answer(200, escaped)).toEqual({ ok: true, status: 200, deleted: true, envelope, workers, data });
  });

  it("a body over the limit is not trusted", () => {
    expect(answer(200, "{}", { truncated: true })).toMatchObject({
      ok: false,
      kind: "unexpected-response",
      message: `HTTP 200 with a body larger than ${MAX_BODY_BYTES} bytes (not read in full)`,
    });
  });
});

describe("200 whose envelope says the delete was not carried out: a refusal, never a deletion", () => {
  const NOT_DONE = {
    success: 'HTTP 200 with "success": false: the server did not carry out the delete',
    status: 'HTTP 200 with "status": "FAILURE": the server did not carry out the delete',
  };
  it.each([
    ["success", { success: false }, ""],
    ["status", { status: "FAILURE" }, ""],
    // A deploymentResult beside "success": false does not make it a deletion.
    ["success", { success: false, deploymentResult: { success: true } }, ""],
    // The envelope's message without the rest of a documented error body: said, redacted.
    ["success", { success: false, error_description: `no ${TOKEN}` }, ": no [REDACTED]"],
  ] as const)("%s envelope, %j: bad-request", (envelope, body, said) => {
    expect(answer(200, body)).toEqual({
      ok: false,
      kind: "bad-request",
      status: 200,
      envelope,
      body: JSON.stringify(body).replace(TOKEN, "[REDACTED]"),
      message: `${NOT_DONE[envelope]}${said} (the connection was not deleted)`,
    });
  });

  it.each([
    ["success", { success: false, ...successError("Connection (name: c1) was not found!") }],
    ["status", statusFailure("Connection (name: c1) was not found!")],
  ] as const)(
    "%s envelope with a documented error body: classified as a 400 would be, status 200",
    (envelope, body) => {
      const message = `${NOT_DONE[envelope]}: Connection (name: c1) was not found!`;
      expect(answer(200, body)).toEqual({
        ok: false,
        kind: "connection-not-found",
        status: 200,
        body: JSON.stringify(body),
        envelope,
        error: body,
        message,
      });
      expect(answer(200, body, { ignoreMissing: true })).toEqual({
        ok: true,
        status: 200,
        deleted: false,
        envelope,
        data: body,
        message,
      });
    },
  );

  it("a missing project in a 200 is project-not-found, with status 200", () => {
    expect(answer(200, statusFailure("Project (P) is not found!"))).toMatchObject({
      ok: false,
      kind: "project-not-found",
      status: 200,
      message: `${NOT_DONE.status}: Project (P) is not found!`,
    });
  });
});

describe("401", () => {
  it("without a documented body", () => {
    expect(answer(401, "")).toEqual({
      ok: false,
      kind: "unauthorized",
      status: 401,
      body: "",
      message: "HTTP 401 Unauthorized: the token was refused",
    });
  });
  it("with one: the server's message, redacted", () => {
    expect(answer(401, statusFailure(`Token ${TOKEN} is not valid!`))).toMatchObject({
      kind: "unauthorized",
      envelope: "status",
      message: "Token [REDACTED] is not valid!",
    });
  });
});

describe("400 after an earlier attempt of the same call", () => {
  const missing = statusFailure("Connection (name: c1) was not found!");
  it("a missing connection may have been deleted by that attempt: the message says so", () => {
    expect(answer(400, missing, { earlier: "HTTP 502" })).toMatchObject({
      ok: false,
      kind: "connection-not-found",
      earlierAttemptMayHaveDeleted: true,
      message:
        "Connection (name: c1) was not found! (an earlier attempt of this call got HTTP 502; it may have deleted the connection)",
    });
    expect(answer(400, missing, { earlier: "HTTP 502", ignoreMissing: true })).toMatchObject({
      ok: true,
      deleted: false,
      earlierAttemptMayHaveDeleted: true,
    });
  });
  it("without an earlier attempt, no such note", () => {
    const r = answer(400, missing);
    expect(r).toMatchObject({ kind: "connection-not-found", message: "Connection (name: c1) was not found!" });
    expect(r).not.toHaveProperty("earlierAttemptMayHaveDeleted");
  });
});

describe("400 whose body has both envelopes' error fields", () => {
  it("is read by its discriminator: a status FAILURE is classified by resultMessage", () => {
    const body = {
      ...statusFailure("Project (P) is not found!"),
      ...successError("Connection (name: c1) was not found!"),
    };
    expect(answer(400, body)).toMatchObject({
      kind: "project-not-found",
      envelope: "status",
      message: "Project (P) is not found!",
    });
  });
});

describe("what the message says about a body that is not the documented answer", () => {
  it("a status-envelope FAILURE with its message (a 200 to Get may be one): the message, redacted", () => {
    const text = JSON.stringify(statusFailure(`no access for ${TOKEN}`));
    const redact = redactor([TOKEN]);
    expect(describeBody(text, parse(text, redact(text), redact))).toBe(
      '"status": "FAILURE" (no access for [REDACTED])',
    );
  });

  it.each([
    ["<html>Bad Request</html>", "a body that is not JSON (it looks like HTML or XML)"],
    ["  \n<?xml version='1.0'?><error/>", "a body that is not JSON (it looks like HTML or XML)"],
    ["Bad request <see logs>", "a body that is not JSON"],
    [{ success: false }, '"success": false'],
    [{ success: true }, "a success-envelope body not in the documented shape"],
    [{ status: "SUCCESS" }, '"status": "SUCCESS"'],
    [{ status: "FAILURE" }, '"status": "FAILURE" without a resultMessage'],
    [
      { status: "x".repeat(100) },
      `a status-envelope body whose "status" is "${"x".repeat(39)}, neither SUCCESS nor FAILURE`,
    ],
  ])("400 %j", (body, why) => {
    expect(answer(400, body)).toMatchObject({
      ok: false,
      kind: "unexpected-response",
      message: `HTTP 400 with ${why}`,
    });
  });
});

describe("a secret that is also the name of a field the envelope reads", () => {
  // Redaction replaces the field's name too (keys are redacted), so the redacted body is no longer
  // the documented shape: nothing is handed out as if it were.
  it.each([
    ["success", 200, { success: true, deploymentResult: { success: true } }],
    ["status", 200, { status: "SUCCESS", deploymentResult: { success: true } }],
    ["error_description", 400, successError("Connection (name: c1) was not found!")],
    ["resultMessage", 400, statusFailure("Connection (name: c1) was not found!")],
  ])("%s", (secret, status, body) => {
    const r = answer(status, body, { redact: redactor([secret]) });
    expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status });
    expect(r.ok === false && r.body).not.toContain(`"${secret}"`);
  });
});

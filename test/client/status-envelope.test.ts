// The status envelope (Apinizer's pages since mid-2026): the same result union as the success
// envelope, with `envelope: "status"`; anything that breaks the envelope is never a success.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient, type DeleteConnectionResult } from "../../src/client/index.js";
import { json, startServer, type TestServer } from "./server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const NAMES = { projectName: "MyProject", connectionName: "my-email-connection" };

async function answer(status: number, body: unknown, ignoreMissing = false, names = NAMES) {
  server.handler = (_req, res) => json(res, status, body);
  const client = createConnectionsClient({ baseUrl: server.url, token: "tok-status-1" });
  return client.deleteConnection(names, { ignoreMissing });
}

const failure = (resultMessage: string) => ({ status: "FAILURE", resultMessage });

describe("status envelope: documented answers", () => {
  it("200 SUCCESS without deploymentResult: deleted, the connection was not deployed", async () => {
    expect(await answer(200, { status: "SUCCESS" })).toEqual({
      ok: true,
      status: 200,
      deleted: true,
      envelope: "status",
      workers: "not-deployed",
      data: { status: "SUCCESS" },
    });
  });

  it("200 SUCCESS with deploymentResult and the extra fields real servers send", async () => {
    const body = {
      status: "SUCCESS",
      resultMessage: null,
      resultList: [],
      resultCount: 0,
      deploymentResult: { success: true, responseTime: 41, envName: "prod", detailList: [{ success: true }] },
    };
    expect(await answer(200, body)).toEqual({
      ok: true,
      status: 200,
      deleted: true,
      envelope: "status",
      workers: "removed",
      data: body,
    });
  });

  it("200 SUCCESS whose removal from the workers failed: still deleted, workers failed", async () => {
    const r = await answer(200, { status: "SUCCESS", deploymentResult: { success: false, detail: "pod down" } });
    expect(r).toMatchObject({ ok: true, deleted: true, envelope: "status", workers: "failed" });
  });

  it("400 connection missing -> connection-not-found, with the server's message and body", async () => {
    const body = failure("Connection (name: my-email-connection) was not found!");
    expect(await answer(400, body)).toEqual({
      ok: false,
      kind: "connection-not-found",
      status: 400,
      envelope: "status",
      message: body.resultMessage,
      body: JSON.stringify(body),
      error: body,
    });
  });

  it("ignoreMissing: a missing connection is ok, deleted: false", async () => {
    const body = failure("Connection (name: my-email-connection) was not found!");
    expect(await answer(400, body, true)).toEqual({
      ok: true,
      status: 400,
      deleted: false,
      envelope: "status",
      message: body.resultMessage,
      data: body,
    });
  });

  it.each([
    ["Project (MyProject) is not found!", "project-not-found"],
    ["User does not have required permission for this operation!", "permission-denied"],
    ["projectName value can not be empty!", "bad-request"],
    ["Connection is used by API proxy petstore", "bad-request"],
  ])("400 %j -> %s, never hidden by ignoreMissing", async (message, kind) => {
    for (const ignoreMissing of [false, true]) {
      expect(await answer(400, failure(message), ignoreMissing)).toMatchObject({
        ok: false,
        kind,
        status: 400,
        envelope: "status",
        message,
        error: failure(message),
      });
    }
  });

  it("a project named like the words of the rule is still a missing project (names are blanked)", async () => {
    for (const projectName of ["connections-hub", "connection", "P", "found"]) {
      const r = await answer(400, failure(`Project (${projectName}) is not found!`), true, { ...NAMES, projectName });
      expect(r, projectName).toMatchObject({ ok: false, kind: "project-not-found" });
    }
  });

  it.each([
    "Token is not valid!",
    "Token was expired!",
    "Empty Key! Client must be authenticated to access this resource.",
  ])("401 %j -> unauthorized with the server's message", async (message) => {
    expect(await answer(401, failure(message))).toMatchObject({
      ok: false,
      kind: "unauthorized",
      status: 401,
      envelope: "status",
      message,
      error: failure(message),
    });
  });

  it("500 -> http-error carrying the server's message and the envelope", async () => {
    const r = await answer(500, failure("An unexpected error occurred"));
    expect(r).toMatchObject({ ok: false, kind: "http-error", status: 500, envelope: "status" });
    expect(r.ok === false && r.message).toMatch(/^HTTP 500: server error: An unexpected error occurred/);
    expect(r.ok === false && r.error).toEqual(failure("An unexpected error occurred"));
  });
});

/** Asserts a result is unexpected-response (never ok) and what it says about the envelope. */
function expectUnexpected(r: DeleteConnectionResult, status: number, envelope: "status" | "success" | undefined) {
  expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status });
  expect(r.envelope).toBe(envelope);
  if (envelope === undefined) expect("envelope" in r).toBe(false);
}

describe("never a success: bodies that break the status envelope, mix the two or belong to neither", () => {
  it.each([
    ["lowercase success", { status: "success" }],
    ["Success", { status: "Success", deploymentResult: { success: true } }],
    ["an empty status", { status: "" }],
    ["deploymentResult a number", { status: "SUCCESS", deploymentResult: 5 }],
    ["resultCount a string", { status: "SUCCESS", resultCount: "0" }],
    ["deploymentResult without success", { status: "SUCCESS", deploymentResult: { envName: "prod" } }],
    ["deploymentResult.success a string", { status: "SUCCESS", deploymentResult: { success: "true" } }],
    ["resultMessage a number", { status: "SUCCESS", resultMessage: 7 }],
  ])("200 with %s -> unexpected-response in the status envelope", async (_label, body) => {
    expectUnexpected(await answer(200, body), 200, "status");
  });

  it.each([
    [
      '"success": true with "status": "FAILURE"',
      { success: true, deploymentResult: { success: true }, status: "FAILURE" },
    ],
    [
      '"success": false with "status": "SUCCESS"',
      { success: false, deploymentResult: { success: true }, status: "SUCCESS" },
    ],
  ])(
    "200 whose discriminators contradict each other (%s) -> unexpected-response, no envelope",
    async (_label, body) => {
      const r = await answer(200, body);
      expectUnexpected(r, 200, undefined);
      expect(r.ok === false && r.message).toMatch(/discriminators contradict each other/);
    },
  );

  it.each([
    ["a numeric status (a gateway's error JSON)", { status: 200, error: "OK" }],
    ["an unrelated object", { result: "deleted" }],
    ["an empty object", {}],
  ])("200 in neither envelope (%s) -> unexpected-response, no envelope", async (_label, body) => {
    expectUnexpected(await answer(200, body), 200, undefined);
  });

  it("400 whose discriminators contradict each other is not a missing connection, even with ignoreMissing", async () => {
    const body = { ...failure("Connection (name: c) was not found!"), success: true };
    for (const ignoreMissing of [false, true]) expectUnexpected(await answer(400, body, ignoreMissing), 400, undefined);
  });

  it("400 in the status envelope without a string resultMessage -> unexpected-response", async () => {
    for (const body of [{ status: "FAILURE" }, { status: "FAILURE", resultMessage: null }, { status: "SUCCESS" }]) {
      expectUnexpected(await answer(400, body, true), 400, "status");
    }
  });

  it("404 in the status envelope (which answers 400) -> unexpected-response", async () => {
    const r = await answer(404, failure("Connection (name: my-email-connection) was not found!"), true);
    expectUnexpected(r, 404, "status");
  });
});

describe("the message says what is wrong with the body", () => {
  it.each([
    [
      { status: "SUCCESS", deploymentResult: "removed" },
      /"status": "SUCCESS" with a deploymentResult or resultMessage not in/,
    ],
    [{ status: "success" }, /"status" is "success", neither SUCCESS nor FAILURE/],
    [{ resultMessage: "deleted" }, /without a "status"/],
    [{ success: true, status: "FAILURE" }, /discriminators contradict each other/],
    [{ result: "ok" }, /JSON in neither envelope/],
  ])("200 %j", async (body, message) => {
    const r = await answer(200, body);
    expect(r.ok === false && r.message).toMatch(message);
    expect(r.ok === false && r.message).toMatch(/the deletion cannot be confirmed$/);
  });
});

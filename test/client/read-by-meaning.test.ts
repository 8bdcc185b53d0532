// The client reads an answer by what it means (rules/envelope): its discriminator, `null` as
// absent, fields named like the other envelope's as extra fields, and a 200 whose envelope says
// "not done" as a refusal, never a deletion. The bodies are those of a Java server whose
// serialiser writes every unset field as `null` (issue 16).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import { json, startServer, type TestServer } from "./server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const NAMES = { projectName: "P", connectionName: "c" };

async function answer(status: number, body: unknown, ignoreMissing = false, type = "application/json") {
  server.handler = (_req, res) => json(res, status, body, { "content-type": type });
  const client = createConnectionsClient({ baseUrl: server.url, token: "tok-meaning-1" });
  return client.deleteConnection(NAMES, { ignoreMissing });
}

describe("null stands for absent", () => {
  it('{"status":"SUCCESS","deploymentResult":null} is a deletion of a connection that was never deployed', async () => {
    expect(await answer(200, { status: "SUCCESS", deploymentResult: null })).toMatchObject({
      ok: true,
      deleted: true,
      envelope: "status",
      workers: "not-deployed",
    });
  });

  it("every unset field null, in both envelopes, is still a deletion", async () => {
    const status = {
      status: "SUCCESS",
      resultMessage: null,
      resultList: null,
      resultCount: null,
      deploymentResult: null,
    };
    expect(await answer(200, status)).toMatchObject({ ok: true, deleted: true, workers: "not-deployed" });
    const nested = { podName: null, podIp: null, envName: null, detail: null, detailList: null, responseTime: null };
    const success = { success: true, deploymentResult: { success: true, ...nested }, error: null, status: null };
    expect(await answer(200, success)).toMatchObject({
      ok: true,
      deleted: true,
      envelope: "success",
      workers: "removed",
    });
  });

  it("a success-envelope error with resultMessage: null is connection-not-found, and --ignore-missing accepts it", async () => {
    const body = {
      error: "bad_request",
      error_description: "Connection (name: c) was not found!",
      resultMessage: null,
    };
    expect(await answer(400, body)).toMatchObject({ ok: false, kind: "connection-not-found", envelope: "success" });
    expect(await answer(400, body, true)).toMatchObject({ ok: true, deleted: false, status: 400, envelope: "success" });
  });

  it("a missing project with nulls is project-not-found, in both envelopes", async () => {
    const success = { error: "not_found", error_description: "Project 'P' not found", status: null, success: null };
    expect(await answer(404, success)).toMatchObject({ ok: false, kind: "project-not-found", status: 404 });
    const status = { status: "FAILURE", resultMessage: "Project (P) is not found!", resultList: null, success: null };
    expect(await answer(400, status)).toMatchObject({ ok: false, kind: "project-not-found", status: 400 });
  });

  it("a null discriminator is absent: no envelope left is not a deletion", async () => {
    expect(await answer(200, { success: null, status: null, deploymentResult: { success: true } })).toMatchObject({
      ok: false,
      kind: "unexpected-response",
    });
  });
});

describe("a field named like the other envelope's is an extra field", () => {
  it.each([
    ["status SUCCESS beside success: true", { success: true, status: "SUCCESS", deploymentResult: { success: true } }],
    ["resultMessage beside success: true", { success: true, resultMessage: "ok", deploymentResult: { success: true } }],
    ["error_description beside status SUCCESS", { status: "SUCCESS", error_description: "none" }],
    ["success: true beside status SUCCESS", { status: "SUCCESS", success: true }],
  ])("200 %s: deleted", async (_label, body) => {
    expect(await answer(200, body)).toMatchObject({ ok: true, deleted: true });
  });

  it("400 status FAILURE with error_description: classified by resultMessage", async () => {
    const body = { status: "FAILURE", resultMessage: "Connection (name: c) was not found!", error_description: "x" };
    expect(await answer(400, body)).toMatchObject({ ok: false, kind: "connection-not-found", envelope: "status" });
  });
});

describe("a 200 whose envelope says the request was not carried out is a refusal, never a deletion", () => {
  it('"success": false: bad-request, status 200, the connection was not deleted', async () => {
    const r = await answer(200, { success: false, deploymentResult: { success: true } });
    expect(r).toMatchObject({ ok: false, kind: "bad-request", status: 200, envelope: "success" });
    expect(r.ok === false && r.message).toMatch(/"success": false: the server did not carry out the delete/);
    expect(r.ok === false && r.message).toMatch(/the connection was not deleted/);
  });

  it('"status": "FAILURE" without a message: bad-request', async () => {
    const r = await answer(200, { status: "FAILURE", resultMessage: null });
    expect(r).toMatchObject({ ok: false, kind: "bad-request", status: 200, envelope: "status" });
  });

  it('"status": "FAILURE" with a message is classified as a 400 would be (rules/wording)', async () => {
    const notFound = { status: "FAILURE", resultMessage: "Connection (name: c) was not found!" };
    expect(await answer(200, notFound)).toMatchObject({ ok: false, kind: "connection-not-found", status: 200 });
    expect(await answer(200, notFound, true)).toMatchObject({ ok: true, deleted: false, status: 200 });
    const project = { status: "FAILURE", resultMessage: "Project (P) is not found!" };
    expect(await answer(200, project)).toMatchObject({ ok: false, kind: "project-not-found", status: 200 });
    const other = { status: "FAILURE", resultMessage: "Connection is used by a policy" };
    const r = await answer(200, other);
    expect(r).toMatchObject({ ok: false, kind: "bad-request", status: 200, error: other });
    expect(r.ok === false && r.message).toMatch(
      /"FAILURE": the server did not carry out the delete: Connection is used/,
    );
  });

  it('"success": false with the error fields: classified by error_description', async () => {
    const body = { success: false, error: "bad_request", error_description: "Connection (name: c) was not found!" };
    expect(await answer(200, body)).toMatchObject({ ok: false, kind: "connection-not-found", envelope: "success" });
  });
});

describe("media types compare case-insensitively, parameters aside", () => {
  it.each(["APPLICATION/JSON; Charset=UTF-8", "Application/Json", "application/json;charset=utf-8"])(
    "%s",
    async (type) => {
      expect(await answer(200, { status: "SUCCESS" }, false, type)).toMatchObject({ ok: true, deleted: true });
    },
  );
});

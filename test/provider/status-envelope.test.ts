// `serve({ envelope: "status" })`: every operation answers as Apinizer's pages since 2026-08
// describe them: 200 {"status": "SUCCESS", ...}, errors {"status": "FAILURE", "resultMessage"},
// 400 (never 404) for a missing project or connection.
import { describe, expect, it } from "vitest";
import { call, conn, create, email, listPath, start } from "./support.js";

const status = () => start({ envelope: "status" });

describe("stand-in, status envelope", () => {
  it("says which envelope it speaks; the healthcheck is the same text OK", async () => {
    const s = await status();
    expect(s.envelope).toBe("status");
    expect(await call(s, "GET", "/apiops/test/healthcheck", { token: null })).toMatchObject({
      status: 200,
      type: expect.stringMatching(/^text\/plain/),
      body: "OK",
    });
  });

  it("deletes a deployed connection with a deploymentResult, then answers 400 FAILURE", async () => {
    const s = await status();
    await create(s, "MyProject", "my-email-connection");
    const del = await call(s, "DELETE", conn("MyProject", "my-email-connection"));
    expect(del).toMatchObject({ status: 200, body: { status: "SUCCESS", deploymentResult: { success: true } } });
    expect(del.body).not.toHaveProperty("success");
    expect(await call(s, "DELETE", conn("MyProject", "my-email-connection"))).toMatchObject({
      status: 400,
      body: { status: "FAILURE", resultMessage: "Connection (name: my-email-connection) was not found!" },
    });
  });

  it("answers a delete without deploymentResult when the connection was never deployed", async () => {
    const s = await start({
      envelope: "status",
      connections: [{ connectionName: "seeded-off", deployToWorker: false }, { connectionName: "seeded-on" }],
    });
    await create(s, "MyProject", "created-off", { deployToWorker: false });
    const implicit = { ...email("created-implicit") };
    delete implicit["deployToWorker"]; // absent means true (Create Connection page)
    expect((await call(s, "POST", conn("MyProject", "created-implicit"), { body: implicit })).body).toEqual({
      status: "SUCCESS",
      deploymentResult: { success: true },
    });
    for (const [name, deployed] of [
      ["seeded-off", false],
      ["created-off", false],
      ["seeded-on", true],
      ["created-implicit", true],
    ] as const) {
      const del = await call(s, "DELETE", conn("MyProject", name));
      expect(del.status, name).toBe(200);
      expect(del.body, name).toEqual(
        deployed
          ? { status: "SUCCESS", deploymentResult: expect.objectContaining({ success: true }) }
          : { status: "SUCCESS" },
      );
    }
  });

  it("reports a missing project with 400 'Project (X) is not found!' on every operation", async () => {
    const s = await status();
    const expected = { status: 400, body: { status: "FAILURE", resultMessage: "Project (Nope) is not found!" } };
    expect(await call(s, "DELETE", conn("Nope", "c"))).toMatchObject(expected);
    expect(await call(s, "GET", conn("Nope", "c"))).toMatchObject(expected);
    expect(await call(s, "POST", conn("Nope", "c"), { body: email("c") })).toMatchObject(expected);
    expect(await call(s, "GET", listPath("Nope", "type=email"))).toMatchObject(expected);
  });

  it("words 401 by what was sent: no token, a wrong one", async () => {
    const s = await status();
    await create(s, "MyProject", "kept");
    expect(await call(s, "DELETE", conn("MyProject", "kept"), { token: null })).toMatchObject({
      status: 401,
      body: { status: "FAILURE", resultMessage: expect.stringMatching(/^Empty Key! /) },
    });
    expect(await call(s, "DELETE", conn("MyProject", "kept"), { token: "wrong" })).toMatchObject({
      status: 401,
      body: { status: "FAILURE", resultMessage: "Token is not valid!" },
    });
    expect(s.connections("MyProject")).toHaveLength(1);
  });

  it("creates as an upsert (newer pages), or rejects an existing name when told to", async () => {
    const s = await status();
    await create(s, "MyProject", "c");
    const again = await call(s, "POST", conn("MyProject", "C"), { body: { ...email("C"), port: 2525 } });
    expect(again).toMatchObject({ status: 200, body: { status: "SUCCESS" } });
    expect(s.connections("MyProject")).toMatchObject([{ name: "C", port: 2525 }]);

    const r = await start({ envelope: "status", behaviour: { createExisting: "reject" } });
    await create(r, "MyProject", "c");
    expect(await call(r, "POST", conn("MyProject", "c"), { body: email("c") })).toMatchObject({
      status: 400,
      body: { status: "FAILURE", resultMessage: "Connection (name: c) already exists!" },
    });
  });

  it("refuses a Create body that does not match the path, in this envelope", async () => {
    const s = await status();
    const r = await call(s, "POST", conn("MyProject", "a"), { body: email("b") });
    expect(r).toMatchObject({ status: 400, body: { status: "FAILURE", resultMessage: expect.stringMatching(/name/) } });
  });

  it("gets one connection as resultList + resultCount 1; a missing one is 400", async () => {
    const s = await status();
    await create(s, "MyProject", "g", { password: "in-full" });
    expect(await call(s, "GET", conn("MyProject", "G"))).toMatchObject({
      status: 200,
      body: { status: "SUCCESS", resultCount: 1, resultList: [{ name: "g", type: "email", password: "in-full" }] },
    });
    expect(await call(s, "GET", conn("MyProject", "none"))).toMatchObject({
      status: 400,
      body: { status: "FAILURE", resultMessage: "Connection (name: none) was not found!" },
    });
    expect(await call(s, "GET", "/apiops/projects/MyProject/connections//")).toMatchObject({
      status: 400,
      body: { resultMessage: "Connection name can not be empty!" },
    });
  });

  it("lists one type at a time: type is required, secrets are null", async () => {
    const s = await status();
    await create(s, "MyProject", "mail-b", { password: "p" });
    await create(s, "MyProject", "mail-a");
    await create(s, "MyProject", "events", { type: "kafka" });
    const missing = await call(s, "GET", listPath("MyProject"));
    expect(missing).toMatchObject({
      status: 400,
      body: { status: "FAILURE", resultMessage: expect.stringMatching(/type/) },
    });
    expect((await call(s, "GET", listPath("MyProject", "type="))).status).toBe(400);
    const mail = await call(s, "GET", listPath("MyProject", "type=email"));
    expect(mail).toMatchObject({
      status: 200,
      body: { status: "SUCCESS", resultCount: 2, resultList: [{ name: "mail-a" }, { name: "mail-b", password: null }] },
    });
    expect(await call(s, "GET", listPath("MyProject", "type=ldap"))).toMatchObject({
      body: { status: "SUCCESS", resultCount: 0, resultList: [] },
    });
  });

  it("has no 404 but the unknown route's (a path API Ops does not route)", async () => {
    const s = await status();
    const r = await call(s, "DELETE", "/apiops/projects/MyProject/connections/x");
    expect(r).toMatchObject({ status: 404, body: { error: "Not Found" } });
  });
});

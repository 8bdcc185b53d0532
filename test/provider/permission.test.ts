// The limited token: the provider state "the token lacks the CONNECTIONS MANAGE permission in
// project {projectName}". It authenticates; Get and List work (any permission reads, List
// Connections page); Delete and Create need CONNECTIONS + MANAGE and change nothing without it.
import { describe, expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { call, conn, email, listPath, start } from "./support.js";

const DENIED = "User does not have required permission for this operation!";

describe.each(["success", "status"] as const)("limited token, %s envelope", (envelope) => {
  const denied =
    envelope === "status"
      ? { status: 400, body: { status: "FAILURE", resultMessage: DENIED } }
      : { status: 400, body: { error: "bad_request", error_description: DENIED } };

  it("may not delete or create, and nothing changes", async () => {
    const s = await start({ envelope, connections: [{ connectionName: "kept" }] });
    const before = s.connections("MyProject");
    expect(await call(s, "DELETE", conn("MyProject", "kept"), { token: s.limitedToken })).toMatchObject(denied);
    expect(await call(s, "DELETE", conn("MyProject", "absent"), { token: s.limitedToken })).toMatchObject(denied);
    const created = await call(s, "POST", conn("MyProject", "new"), { token: s.limitedToken, body: email("new") });
    expect(created).toMatchObject(denied);
    expect(s.connections("MyProject")).toEqual(before);
  });

  it("may read: Get and List work", async () => {
    const s = await start({ envelope, connections: [{ connectionName: "kept" }] });
    const got = await call(s, "GET", conn("MyProject", "kept"), { token: s.limitedToken });
    expect(got).toMatchObject({ status: 200, body: { resultCount: 1, resultList: [{ name: "kept" }] } });
    const listed = await call(s, "GET", listPath("MyProject", "type=email"), { token: s.limitedToken });
    expect(listed).toMatchObject({ status: 200, body: { resultCount: 1 } });
  });

  it("still hears about a missing project first (the permission is per project)", async () => {
    const s = await start({ envelope });
    const r = await call(s, "DELETE", conn("Nope", "c"), { token: s.limitedToken });
    expect(r.status).toBe(envelope === "status" ? 400 : 404);
    expect(JSON.stringify(r.body)).toMatch(/Project .*Nope/);
  });
});

describe("limited token options", () => {
  it("is random unless given, and never equal to the full token", async () => {
    const a = await start({ token: "t1", limitedToken: undefined });
    expect(a.limitedToken).toMatch(/^standin-limited-/);
    const b = await start({ token: "t1", limitedToken: "t2" });
    expect(b.limitedToken).toBe("t2");
    await expect(serve({ token: "same", limitedToken: "same" })).rejects.toThrow(TypeError);
    await expect(serve({ limitedToken: "has space" })).rejects.toThrow(/limitedToken must be visible ASCII/);
  });

  it("the refusal disappears when permissions are not enforced (a variant the verification must catch)", async () => {
    const s = await start({ connections: [{ connectionName: "gone" }], behaviour: { enforcePermission: false } });
    expect((await call(s, "DELETE", conn("MyProject", "gone"), { token: s.limitedToken })).status).toBe(200);
    expect(s.connections("MyProject")).toEqual([]);
  });
});

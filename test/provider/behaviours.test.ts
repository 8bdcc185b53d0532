// The deviations the verification's sensitivity tests start the stand-in with (issue 9 item 6,
// issue 13 item 5): each is expressible, and does what its name says. Answer variants are
// written with `reply` and its context; what the stand-in *does* differently has a flag.
import { describe, expect, it } from "vitest";
import type { ReplyContext } from "../../src/provider/index.js";
import { onDelete } from "../support/replies.js";
import { call, conn, create, email, start } from "./support.js";

describe("the reply hook's context", () => {
  it("names the envelope, outcome, principal, names and whether the connection was deployed", async () => {
    const seen: ReplyContext[] = [];
    const s = await start({
      envelope: "status",
      connections: [{ connectionName: "Off", deployToWorker: false }],
      behaviour: { reply: (_r, ctx) => void seen.push(ctx) },
    });
    await call(s, "DELETE", conn("MyProject", "off"));
    await call(s, "GET", "/apiops/projects/MyProject/connections/?type=email", { token: s.limitedToken });
    expect(seen).toEqual([
      {
        envelope: "status",
        operation: "delete",
        outcome: "deleted",
        principal: "full",
        method: "DELETE",
        path: "/apiops/projects/MyProject/connections/off/",
        query: "",
        projectName: "MyProject",
        connectionName: "off",
        deployed: false,
      },
      expect.objectContaining({ operation: "list", outcome: "listed", principal: "limited", query: "type=email" }),
    ]);
  });
});

describe("breaking variants (status envelope)", () => {
  it("SUCCESS but the connection kept", async () => {
    const s = await start({
      envelope: "status",
      connections: [{ connectionName: "c" }],
      behaviour: { keepOnDelete: true },
    });
    expect((await call(s, "DELETE", conn("MyProject", "c"))).body).toMatchObject({ status: "SUCCESS" });
    expect(s.connections("MyProject")).toHaveLength(1);
  });

  it("404 for a missing connection; 200 with FAILURE; a lowercase status", async () => {
    const s = await start({
      envelope: "status",
      connections: [{ connectionName: "c" }],
      behaviour: {
        reply: onDelete((reply, ctx) => {
          if (ctx.outcome === "connection-not-found") return { ...reply, status: 404 };
          if (ctx.connectionName === "c") return { ...reply, body: { ...(reply.body as object), status: "success" } };
          return undefined;
        }),
      },
    });
    expect(await call(s, "DELETE", conn("MyProject", "c"))).toMatchObject({ status: 200, body: { status: "success" } });
    expect(await call(s, "DELETE", conn("MyProject", "c"))).toMatchObject({ status: 404, body: { status: "FAILURE" } });

    const failure = await start({
      envelope: "status",
      behaviour: {
        reply: onDelete((reply, ctx) =>
          ctx.outcome === "connection-not-found" ? { ...reply, status: 200 } : undefined,
        ),
      },
    });
    expect(await call(failure, "DELETE", conn("MyProject", "x"))).toMatchObject({
      status: 200,
      body: { status: "FAILURE" },
    });
  });

  it("authentication not enforced: no token deletes", async () => {
    const s = await start({
      envelope: "status",
      connections: [{ connectionName: "c" }],
      behaviour: { enforceAuth: false },
    });
    expect((await call(s, "DELETE", conn("MyProject", "c"), { token: null })).status).toBe(200);
    expect(s.connections("MyProject")).toEqual([]);
  });

  it("deletes before checking the token: 401, but gone", async () => {
    const s = await start({ connections: [{ connectionName: "c" }], behaviour: { deleteBeforeAuth: true } });
    expect((await call(s, "DELETE", conn("MyProject", "c"), { token: "wrong" })).status).toBe(401);
    expect(s.connections("MyProject")).toEqual([]);
  });

  it("routes only without the trailing slash", async () => {
    const s = await start({
      envelope: "status",
      connections: [{ connectionName: "c" }],
      behaviour: { trailingSlash: "absent" },
    });
    expect((await call(s, "DELETE", conn("MyProject", "c"))).body).toMatchObject({ error: "Not Found" });
    expect((await call(s, "DELETE", "/apiops/projects/MyProject/connections/c")).status).toBe(200);
    expect((await call(s, "GET", "/apiops/test/healthcheck")).status).toBe(200);
  });
});

describe("benign variants", () => {
  it("extra fields, resultMessage null, resultList/resultCount, a charset", async () => {
    const s = await start({
      envelope: "status",
      connections: [{ connectionName: "c" }],
      behaviour: {
        reply: onDelete((reply, ctx) =>
          ctx.outcome === "deleted"
            ? {
                status: 200,
                headers: { "content-type": "application/json;charset=UTF-8" },
                body: { ...(reply.body as object), resultMessage: null, resultList: [], resultCount: 0, traceId: "t" },
              }
            : undefined,
        ),
      },
    });
    const r = await call(s, "DELETE", conn("MyProject", "c"));
    expect(r.type).toBe("application/json;charset=UTF-8");
    expect(r.body).toMatchObject({
      status: "SUCCESS",
      deploymentResult: { success: true },
      resultMessage: null,
      resultCount: 0,
    });
  });

  it("no deploymentResult for an undeployed connection (the documented default, no hook needed)", async () => {
    const s = await start({ envelope: "status", connections: [{ connectionName: "c", deployToWorker: false }] });
    expect((await call(s, "DELETE", conn("MyProject", "c"))).body).toEqual({ status: "SUCCESS" });
  });
});

describe("names mishandled (nameTransform)", () => {
  const plusAsSpace = (name: string) => name.replaceAll("+", " ");

  it("a server reading + as a space everywhere refuses to create such a name", async () => {
    const s = await start({ behaviour: { nameTransform: plusAsSpace } });
    const r = await call(s, "POST", conn("MyProject", "a+b"), { body: email("a+b") });
    expect(r.status).toBe(400);
    await create(s, "MyProject", "plain-name");
  });

  it("a server mishandling + on Delete only: the delete misses, the connection stays", async () => {
    const s = await start({
      behaviour: { nameTransform: (name, operation) => (operation === "delete" ? plusAsSpace(name) : name) },
    });
    await create(s, "MyProject", "a+b");
    expect(await call(s, "DELETE", conn("MyProject", "a+b"))).toMatchObject({
      status: 400,
      body: { error_description: "Connection (name: a b) was not found!" },
    });
    expect(s.connections("MyProject")?.map((c) => c.name)).toEqual(["a+b"]);
    // Without the transform the same requests delete it: the variant is what differs.
    const fine = await start();
    await create(fine, "MyProject", "a+b");
    expect((await call(fine, "DELETE", conn("MyProject", "a+b"))).status).toBe(200);
  });
});

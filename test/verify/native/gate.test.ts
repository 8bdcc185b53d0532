// The safety gate: only Delete Connection on exactly the arranged names, without query or body.
import { describe, expect, it } from "vitest";
import { gate } from "../../../src/verify/native/gate.js";

const names = { projectName: "a+b", connectionName: "act-verify-0123456789ab-1" };
const ok = { method: "DELETE", target: "/apiops/projects/a+b/connections/act-verify-0123456789ab-1/", bodyLength: 0 };

describe("the gate", () => {
  it("lets through Delete Connection on the arranged names, however the names are encoded", () => {
    for (const project of ["a+b", "a%2Bb", "a%2bb"]) {
      expect(
        gate({ ...ok, target: `/apiops/projects/${project}/connections/act-verify-0123456789ab-1/` }, names),
      ).toEqual({ send: true, names });
    }
  });

  it.each([
    ["another method", { ...ok, method: "POST" }, /only Delete Connection \(DELETE\)/],
    ["a query string", { ...ok, target: `${ok.target}?connectionName=victim&projectName=P` }, /carries a query string/],
    ["a body", { ...ok, bodyLength: 12 }, /carries a body/],
    ["no trailing slash", { ...ok, target: ok.target.slice(0, -1) }, /is not a Delete Connection path/],
    [
      "another connection",
      { ...ok, target: "/apiops/projects/a+b/connections/victim/" },
      /does not address this interaction's fixture/,
    ],
    [
      "the example names",
      { ...ok, target: "/apiops/projects/MyProject/connections/my-email-connection/" },
      /does not address/,
    ],
    [
      "a dot segment",
      { ...ok, target: "/apiops/projects/a+b/connections/../" },
      /does not address|is not a Delete Connection path/,
    ],
    [
      "an encoded slash",
      { ...ok, target: "/apiops/projects/a+b/connections/act-verify-0123456789ab-1%2F..%2F/" },
      /does not address/,
    ],
    ["another route", { ...ok, target: "/apiops/projects/a+b/" }, /is not a Delete Connection path/],
    [
      // The fixture's connection name, in a project the run did not name.
      "the fixture's connection in another project",
      { ...ok, target: "/apiops/projects/MyProject/connections/act-verify-0123456789ab-1/" },
      /does not address this interaction's fixture \(a\+b\/act-verify-0123456789ab-1\)/,
    ],
    [
      "another connection whose name begins with the fixture's",
      { ...ok, target: "/apiops/projects/a+b/connections/act-verify-0123456789ab-10/" },
      /does not address this interaction's fixture/,
    ],
    ["a body of one byte", { ...ok, bodyLength: 1 }, /carries a body; Delete Connection takes none/],
  ])("refuses %s", (_label, request, reason) => {
    const decision = gate(request, names);
    expect(decision.send).toBe(false);
    if (!decision.send) {
      expect(decision.reason).toMatch(reason);
      expect(decision.reason).toMatch(/the request was not sent$/);
    }
  });

  it("says what it refused, cut to 80 characters", () => {
    const method = `M${"x".repeat(100)}`;
    expect(gate({ ...ok, method }, names)).toEqual({
      send: false,
      reason: `only Delete Connection (DELETE) is verified against a server; the contract's request is ${method.slice(0, 77)}...: the request was not sent`,
    });
    expect(gate({ ...ok, method: "GET" }, names)).toEqual({
      send: false,
      reason:
        "only Delete Connection (DELETE) is verified against a server; the contract's request is GET: the request was not sent",
    });
    const query = `q=${"v".repeat(78)}`; // exactly 80 characters: shown whole
    expect(gate({ ...ok, target: `${ok.target}?${query}` }, names)).toEqual({
      send: false,
      reason: `the request carries a query string (?${query}); Delete Connection takes none: the request was not sent`,
    });
    const path = `/apiops/projects/a+b/connections/${"c".repeat(60)}/`;
    expect(gate({ ...ok, target: path }, names)).toEqual({
      send: false,
      reason: `${path.slice(0, 77)}... does not address this interaction's fixture (a+b/act-verify-0123456789ab-1): the request was not sent`,
    });
    expect(gate({ ...ok, target: "/apiops/projects/a+b/connections/c" }, names)).toEqual({
      send: false,
      reason:
        "/apiops/projects/a+b/connections/c is not a Delete Connection path (/apiops/projects/{projectName}/connections/{connectionName}/): the request was not sent",
    });
  });

  it("refuses everything when nothing may be sent (a failed state, an interrupted run)", () => {
    expect(gate(ok, names, "the run was interrupted: the request was not sent")).toEqual({
      send: false,
      reason: "the run was interrupted: the request was not sent",
    });
    expect(gate(ok, undefined)).toEqual({
      send: false,
      reason: "no provider state arranged the resource: the request was not sent",
    });
  });
});

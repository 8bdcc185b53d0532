// Provider states: every state of the contract's vocabulary has a handler, checked by the
// compiler, and each handler arranges what its state promises.
import { describe, expect, it } from "vitest";
import { STATES, type StateKey } from "../../src/rules/contract.js";
import { Ledger } from "../../src/verify/server/fixtures.js";
import { arrange, HANDLERS, type StateHandler } from "../../src/verify/states.js";

const context = (hasLimitedToken = true) => ({
  projectName: "QA",
  ledger: new Ledger("0123456789ab"),
  hasLimitedToken,
});

describe("the state handlers", () => {
  it("cover every state of the vocabulary; a state without a handler does not compile", () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(STATES).sort());
    const { permissionMissing: _dropped, ...incomplete } = HANDLERS;
    // @ts-expect-error a map without the handler of `permissionMissing` is not a handler map
    const broken: Record<StateKey, StateHandler> = incomplete;
    expect(Object.keys(broken)).not.toContain("permissionMissing");
  });

  it("creates a fixture for an existing connection and injects its name", () => {
    const a = arrange([STATES.connectionExists], context());
    expect(a.fixture).toEqual({ projectName: "QA", connectionName: "act-verify-0123456789ab-1" });
    expect(a.names).toEqual(a.fixture);
    expect(a.token).toBe("valid");
    expect(a.problem).toBeUndefined();
  });

  it("names the fixture in another letter case for the case-insensitivity state", () => {
    const a = arrange([STATES.connectionExistsInOtherCase], context());
    expect(a.names?.connectionName).toBe("ACT-VERIFY-0123456789AB-1");
    expect(a.fixture?.connectionName).toBe("act-verify-0123456789ab-1");
  });

  it("uses fresh names nobody created for the missing connection and the missing project", () => {
    expect(arrange([STATES.connectionMissing], context()).names).toEqual({
      projectName: "QA",
      connectionName: "act-verify-0123456789ab-1-missing",
    });
    const p = arrange([STATES.projectMissing], context()).names;
    expect(p?.projectName).toMatch(/^act-verify-0123456789ab-\d+-no-project$/);
    expect(arrange([STATES.projectMissing], context()).fixture).toBeUndefined();
  });

  it("sends an invalid or a limited token, and skips when no limited token is available", () => {
    const invalid = arrange([STATES.tokenInvalid], context());
    expect(invalid.token).toBe("invalid");
    // A fixture the refused request must leave in place, named in the request.
    expect(invalid.fixture).toEqual({ projectName: "QA", connectionName: "act-verify-0123456789ab-1" });
    expect(invalid.names).toEqual(invalid.fixture);
    const limited = arrange([STATES.permissionMissing], context());
    expect(limited.token).toBe("limited");
    expect(limited.names).toEqual(limited.fixture);
    expect(limited.skip).toBeUndefined();
    expect(arrange([STATES.permissionMissing], context(false)).skip).toMatch(/APINIZER_LIMITED_TOKEN/);
  });

  it("refuses an unknown state, no state, and two states that both name the resource", () => {
    expect(arrange(["a state nobody handles"], context()).problem).toMatch(
      /unknown to this verifier \(no handler\): the request was not sent/,
    );
    expect(arrange([], context()).problem).toMatch(/no provider state.*the request was not sent/);
    expect(arrange([STATES.connectionExists, STATES.connectionMissing], context()).problem).toMatch(
      /two provider states name the resource/,
    );
  });
});

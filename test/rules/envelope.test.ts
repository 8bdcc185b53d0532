import { describe, expect, it } from "vitest";
import {
  envelopeOf,
  errorMessageOf,
  isStatusEnvelopeFailure,
  isStatusEnvelopeSuccess,
  isSuccessEnvelopeDeleted,
  isSuccessEnvelopeError,
  saysOf,
  workersOf,
} from "../../src/rules/envelope.js";

describe("envelopeOf", () => {
  it.each([
    [{ success: true, deploymentResult: { success: true } }, "success"],
    [{ error: "bad_request", error_description: "x" }, "success"],
    [{ success: false }, "success"],
    [{ status: "SUCCESS" }, "status"],
    [{ status: "success" }, "status"],
    [{ status: "FAILURE", resultMessage: "x" }, "status"],
    [{ resultMessage: "x" }, "status"],
    // null stands for absent
    [{ resultMessage: null }, undefined],
    [{ success: null, status: null }, undefined],
    [{ error: "bad_request", error_description: "x", resultMessage: null }, "success"],
    [{ status: "SUCCESS", deploymentResult: null, success: null, error_description: null }, "status"],
    // a field named like the other envelope's is an extra field
    [{ error_description: "x", resultMessage: "y" }, "success"],
    [{ status: "FAILURE", resultMessage: "x", error: "e", error_description: "d" }, "status"],
    [{ success: true, resultMessage: "x" }, "success"],
    [{ success: true, status: "OK", deploymentResult: { success: true } }, "success"],
    // agreeing discriminators: the envelope whose documented shape the body has
    [{ success: true, status: "SUCCESS" }, "status"],
    [{ success: true, status: "SUCCESS", deploymentResult: { success: true } }, "success"],
    [{ success: false, status: "FAILURE", error_description: "x" }, "success"],
    [{ success: false, status: "FAILURE", resultMessage: "x" }, "status"],
    // only contradicting discriminators are ambiguous
    [{ success: true, status: "FAILURE" }, "mixed"],
    [{ success: false, status: "SUCCESS" }, "mixed"],
    [{ status: 404, error: "Not Found" }, undefined],
    [{ error: "x" }, undefined],
    [{}, undefined],
    [[], undefined],
    ["<html>", undefined],
    [null, undefined],
  ])("%j -> %s", (body, envelope) => {
    expect(envelopeOf(body)).toBe(envelope);
  });
});

describe("the spec's shapes at run time", () => {
  it("success envelope", () => {
    expect(isSuccessEnvelopeDeleted({ success: true, deploymentResult: { success: false, extra: 1 } })).toBe(true);
    expect(isSuccessEnvelopeDeleted({ success: true })).toBe(false);
    expect(isSuccessEnvelopeDeleted({ success: "true", deploymentResult: { success: true } })).toBe(false);
    expect(isSuccessEnvelopeError({ error: "e", error_description: "d", more: [] })).toBe(true);
    expect(isSuccessEnvelopeError({ error: "e" })).toBe(false);
  });

  it("status envelope: SUCCESS exactly, deploymentResult absent or well-formed", () => {
    expect(isStatusEnvelopeSuccess({ status: "SUCCESS" })).toBe(true);
    expect(isStatusEnvelopeSuccess({ status: "SUCCESS", resultMessage: null, resultList: [], resultCount: 0 })).toBe(
      true,
    );
    expect(isStatusEnvelopeSuccess({ status: "SUCCESS", deploymentResult: { success: true, podIp: "10.0.0.1" } })).toBe(
      true,
    );
    const nulls = { resultMessage: null, resultList: null, resultCount: null, deploymentResult: null };
    expect(isStatusEnvelopeSuccess({ status: "SUCCESS", ...nulls })).toBe(true);
    for (const bad of [
      { status: "success" },
      { status: "FAILURE" },
      { status: "SUCCESS", deploymentResult: {} },
      { status: "SUCCESS", resultCount: "0" },
      { status: "SUCCESS", resultList: {} },
      { status: "SUCCESS", resultMessage: 1 },
    ]) {
      expect(isStatusEnvelopeSuccess(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isStatusEnvelopeFailure({ status: "FAILURE", resultMessage: "x" })).toBe(true);
    expect(isStatusEnvelopeFailure({ status: "FAILURE", resultMessage: null })).toBe(false);
    expect(isStatusEnvelopeFailure({ status: "failure", resultMessage: "x" })).toBe(false);
  });

  it("errorMessageOf reads either envelope's message", () => {
    expect(errorMessageOf({ error: "e", error_description: "d" })).toBe("d");
    expect(errorMessageOf({ status: "FAILURE", resultMessage: "r" })).toBe("r");
    expect(errorMessageOf({ status: "FAILURE" })).toBeUndefined();
    expect(errorMessageOf({ error: "e", error_description: null, resultMessage: "r" })).toBe("r");
    expect(errorMessageOf({ status: "FAILURE", resultMessage: "r", error_description: "d" })).toBe("r");
  });

  it("saysOf reads only the discriminator: done, not-done, or nothing", () => {
    expect(saysOf({ success: true })).toBe("done");
    expect(saysOf({ status: "SUCCESS" })).toBe("done");
    expect(saysOf({ success: false })).toBe("not-done");
    expect(saysOf({ status: "FAILURE" })).toBe("not-done");
    expect(saysOf({ error: "e", error_description: "d" })).toBe("not-done");
    expect(saysOf({ status: "DONE" })).toBeUndefined();
    expect(saysOf({ success: true, status: "FAILURE" })).toBeUndefined();
    expect(saysOf({ status: null, success: null })).toBeUndefined();
  });

  it("reads the discriminator of a deeply nested answer without walking it", () => {
    let deep: unknown = {};
    for (let i = 0; i < 200_000; i++) deep = { x: deep };
    const body = { status: "SUCCESS", extra: deep, deploymentResult: { success: true, detailList: [deep] } };
    expect(envelopeOf(body)).toBe("status");
    expect(saysOf(body)).toBe("done");
    expect(isStatusEnvelopeSuccess(body)).toBe(true);
    expect(workersOf(body)).toBe("removed");
  });
});

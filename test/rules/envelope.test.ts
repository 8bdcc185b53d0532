import { describe, expect, it } from "vitest";
import {
  envelopeOf,
  errorMessageOf,
  isStatusEnvelopeFailure,
  isStatusEnvelopeSuccess,
  isSuccessEnvelopeDeleted,
  isSuccessEnvelopeError,
} from "../../src/rules/envelope.js";

describe("envelopeOf", () => {
  it.each([
    [{ success: true, deploymentResult: { success: true } }, "success"],
    [{ error: "bad_request", error_description: "x" }, "success"],
    [{ success: false }, "success"],
    [{ status: "SUCCESS" }, "status"],
    [{ status: "success" }, "status"],
    [{ status: "FAILURE", resultMessage: "x" }, "status"],
    [{ resultMessage: null }, "status"],
    [{ success: true, status: "SUCCESS" }, "mixed"],
    [{ error_description: "x", resultMessage: "y" }, "mixed"],
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
    for (const bad of [
      { status: "success" },
      { status: "FAILURE" },
      { status: "SUCCESS", deploymentResult: null },
      { status: "SUCCESS", deploymentResult: {} },
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
  });
});

import { describe, expect, it } from "vitest";
import {
  connectionsOf,
  ENVELOPES,
  envelopeOf,
  errorMessageOf,
  isConnection,
  isStatusEnvelopeFailure,
  isStatusEnvelopeSuccess,
  isSuccessEnvelopeDeleted,
  isSuccessEnvelopeError,
  savedOf,
  saysOf,
  workersOf,
} from "../../src/rules/envelope.js";

it("the envelopes a user can choose (--envelope, the stand-in's settings): success, then status", () => {
  expect(ENVELOPES).toEqual(["success", "status"]);
});

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
    [{ success: true, status: "OK" }, "success"],
    [{ success: false, status: "OK" }, "success"],
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
    expect(isSuccessEnvelopeError({ error_description: "d" })).toBe(false);
    expect(isSuccessEnvelopeError({ error: 1, error_description: "d" })).toBe(false);
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
    // Each envelope's own field first, the other's as a fallback.
    expect(errorMessageOf({ error: "e", error_description: "d", resultMessage: "r" })).toBe("d");
    expect(errorMessageOf({ success: false, resultMessage: "r" })).toBe("r");
    expect(errorMessageOf({ status: "FAILURE", error_description: "d" })).toBe("d");
    // Only a string is a message; anything but an object has none.
    expect(errorMessageOf({ status: "FAILURE", resultMessage: 5 })).toBeUndefined();
    for (const body of [null, "resultMessage", ["x"], 5]) expect(errorMessageOf(body)).toBeUndefined();
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
    expect(saysOf({ resultMessage: "x" })).toBeUndefined();
    for (const body of [null, "done", [{ success: true }]]) expect(saysOf(body)).toBeUndefined();
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

describe("Get, List and Create Connection's answers", () => {
  const email = { type: "email", name: "c1", host: "smtp.example" };
  const kafka = { type: "kafka", name: "k1" };

  it("a connection has a non-empty string type and name", () => {
    expect(isConnection(email)).toBe(true);
    for (const bad of [
      { name: "c1" },
      { type: "", name: "c1" },
      { type: 1, name: "c1" },
      { type: "email" },
      { type: "email", name: "" },
      { type: "email", name: 5 },
      null,
      "email",
      [email],
    ]) {
      expect(isConnection(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("connectionsOf: the list of a 200 that says done, in either envelope", () => {
    expect(connectionsOf({ success: true, resultList: [email, kafka] })).toEqual([email, kafka]);
    expect(connectionsOf({ status: "SUCCESS", resultList: [email], resultCount: 1 })).toEqual([email]);
    expect(connectionsOf({ status: "SUCCESS", resultList: [] })).toEqual([]);
  });

  it("connectionsOf: nothing for an answer that does not say done, or a list that is not all connections", () => {
    for (const bad of [
      { success: false, resultList: [email] },
      { status: "FAILURE", resultList: [email] },
      { status: "DONE", resultList: [email] },
      { resultMessage: "x", resultList: [email] },
      { resultList: [email] },
      { success: true, status: "FAILURE", resultList: [email] },
      { success: true, resultList: [email, { type: "", name: "x" }] },
      { success: true, resultList: [{ name: "x" }, email] },
      { success: true, resultList: email },
      { success: true },
      null,
      [email],
    ]) {
      expect(connectionsOf(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });

  it("savedOf: a 200 to Create that says done, with its deploymentResult when there", () => {
    expect(savedOf({ success: true })).toStrictEqual({ deployment: undefined });
    expect(savedOf({ success: true, deploymentResult: { success: true } })).toStrictEqual({
      deployment: { success: true },
    });
    expect(savedOf({ success: true, deploymentResult: null })).toStrictEqual({ deployment: undefined });
    expect(savedOf({ status: "SUCCESS" })).toStrictEqual({ deployment: undefined });
    expect(savedOf({ status: "SUCCESS", deploymentResult: { success: false } })).toStrictEqual({
      deployment: { success: false },
    });
    expect(savedOf({ status: "SUCCESS", deploymentResult: null, resultMessage: "saved" })).toStrictEqual({
      deployment: undefined,
    });
  });

  it("savedOf: nothing for a refusal, an ambiguous answer or a deploymentResult of another shape", () => {
    for (const bad of [
      { success: false },
      { success: false, deploymentResult: { success: true } },
      { success: true, deploymentResult: {} },
      { success: true, deploymentResult: "yes" },
      { success: true, status: "FAILURE" },
      { success: false, status: "SUCCESS" },
      { status: "SUCCESS", deploymentResult: { success: "true" } },
      { status: "SUCCESS", resultCount: "1" },
      { status: "FAILURE", resultMessage: "x" },
      { error: "bad_request", error_description: "x" },
      { success: "true" },
      null,
      [{ success: true }],
    ]) {
      expect(savedOf(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

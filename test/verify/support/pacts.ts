// Hand-made pact files for the verify tests: copies of the committed contract with chosen
// interactions changed, written to a temporary folder of the test's own (removed after the file).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { STATES } from "../../../src/rules/contract.js";
import { onWorkerEnd } from "../../support/worker-end.js";
import { pactPath } from "./harness.js";

export interface PactInteraction {
  description: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request: {
    method: string;
    path: string;
    query?: Record<string, string[]>;
    headers?: Record<string, string[]>;
    body?: unknown;
    generators?: { path?: { expression: string; type: string } };
    matchingRules?: Record<string, unknown>;
  };
  response: Record<string, unknown>;
  [field: string]: unknown;
}

export interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
  [field: string]: unknown;
}

/** The committed success-envelope contract, parsed (a fresh copy each call). */
export function committedPact(): PactJson {
  return JSON.parse(
    readFileSync(resolve(pactPath, "apinizer-connections-apinizer-management-api.json"), "utf8"),
  ) as PactJson;
}

/** The committed status-envelope contract, parsed (a fresh copy each call). */
export function committedStatusPact(): PactJson {
  return JSON.parse(
    readFileSync(resolve(pactPath, "apinizer-connections-apinizer-management-api-status.json"), "utf8"),
  ) as PactJson;
}

/** A fresh copy of the committed interaction given exactly `states` (first match). */
export function interactionGiven(...states: string[]): PactInteraction {
  const found = committedPact().interactions.find(
    (i) => (i.providerStates ?? []).map((s) => s.name).join("|") === states.join("|"),
  );
  if (found === undefined) throw new Error(`the contract has no interaction given ${states.join(" AND ")}`);
  return found;
}

export const existing = (): PactInteraction => interactionGiven(STATES.connectionExists);
export const missing = (): PactInteraction => interactionGiven(STATES.connectionMissing);

const made: string[] = [];
// Removed when the test process ends (also when vitest ends it with SIGTERM), not after a file:
// test files share this module (the unit project runs without per-file isolation), and a folder
// made while one file loaded it (such as a support module's pact) may serve the next file too.
onWorkerEnd(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder, removed when the test process ends (callable inside tests). */
export function tempDir(prefix = "apinizer-vtest-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes a pact of the committed contract's participants holding `interactions`; returns its folder. */
export function writePact(interactions: PactInteraction[], base: Partial<PactJson> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, "pact.json"), JSON.stringify({ ...committedPact(), ...base, interactions }, null, 2));
  return dir;
}

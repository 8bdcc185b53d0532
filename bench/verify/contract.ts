// The pact files the comparison runs: the committed ones the stand-in can verify, or a large
// contract made by cloning their interactions (to time big contracts and parallel workers).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROVIDERS } from "../../src/rules/contract.js";

interface PactFile {
  provider: { name: string };
  interactions: { description: string; [field: string]: unknown }[];
  [field: string]: unknown;
}

const read = (file: string): PactFile => JSON.parse(readFileSync(file, "utf8")) as PactFile;

/**
 * The committed pacts of the success-envelope provider: the stand-in speaks that envelope by
 * default (a pact of the status-envelope provider needs a stand-in that speaks it).
 */
export function committedPacts(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => path.join(dir, f))
    .filter((f) => read(f).provider.name === PROVIDERS.success)
    .sort();
}

/** The number of interactions in a pact file. */
export const interactionCount = (file: string): number => read(file).interactions.length;

/**
 * Writes a pact with `n` interactions into `dir`: the interactions of `source`, cloned in turn,
 * each clone with its own description (Pact identifies interactions by description and states).
 */
export function bigContract(source: string, n: number, dir: string): string {
  const pact = read(source);
  const originals = pact.interactions;
  const interactions = Array.from({ length: n }, (_, i) => {
    const original = originals[i % originals.length] as PactFile["interactions"][number];
    const copy = Math.floor(i / originals.length);
    return copy === 0 ? original : { ...original, description: `${original.description} (copy ${copy})` };
  });
  const file = path.join(dir, `${path.basename(source, ".json")}-${n}.json`);
  writeFileSync(file, JSON.stringify({ ...pact, interactions }, null, 2));
  return file;
}

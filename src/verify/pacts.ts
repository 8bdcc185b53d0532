// Pact files: read (bounded), checked for the few fields verify relies on, split into single
// interactions (verified one at a time, so each verdict can be printed when it completes), and
// split into shards.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envelopeOfProvider } from "../rules/contract.js";
import { type Envelope, isJsonObject } from "../rules/envelope.js";

/** The largest pact file read, in bytes. */
const MAX_PACT_BYTES = 16 * 1024 * 1024;

export interface ProviderState {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** One interaction of one pact, with what verify needs to know about it. */
export interface Interaction {
  /** Position in the run's stable order (pact order as given, then the pact's own order). */
  readonly position: number;
  readonly consumer: string;
  readonly provider: string;
  readonly envelope: Envelope;
  readonly description: string;
  readonly states: readonly ProviderState[];
  /** The interaction's request method, as the pact writes it. */
  readonly method: string;
  /** The pact this interaction came from, for writing a single-interaction copy. */
  readonly pact: Readonly<Record<string, unknown>>;
  readonly raw: Readonly<Record<string, unknown>>;
  /** Pending on the broker: a failure is reported but does not fail the run. */
  readonly pending: boolean;
  /** Where the broker takes this pact's verification results, when it came from a broker. */
  readonly publishUrl?: string | undefined;
  /** The file or URL it was read from. */
  readonly source: string;
}

/** A pact as read: its participants and JSON, or the reason it cannot be used. */
export type LoadedPact =
  | {
      readonly ok: true;
      readonly source: string;
      readonly json: Record<string, unknown>;
      readonly pending?: boolean;
      readonly publishUrl?: string | undefined;
    }
  | { readonly ok: false; readonly source: string; readonly problem: string };

/** Expands files and directories into pact files (`*.json` in a directory, sorted). Throws nothing. */
export async function pactFiles(paths: readonly string[]): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const names = (await readdir(path)).filter((n) => n.endsWith(".json")).sort();
        if (names.length === 0) problems.push(`no pact files (*.json) in ${path}`);
        files.push(...names.map((n) => join(path, n)));
      } else {
        files.push(path);
      }
    } catch (error) {
      problems.push(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  return { files, problems };
}

/** Reads one pact file (at most MAX_PACT_BYTES) and checks its shape. */
export async function loadPactFile(file: string): Promise<LoadedPact> {
  try {
    const info = await stat(file);
    if (info.size > MAX_PACT_BYTES) return { ok: false, source: file, problem: `larger than ${MAX_PACT_BYTES} bytes` };
    return checkPact(file, JSON.parse(await readFile(file, "utf8")) as unknown);
  } catch (error) {
    const reason = error instanceof SyntaxError ? "not JSON" : ((error as NodeJS.ErrnoException).code ?? String(error));
    return { ok: false, source: file, problem: reason };
  }
}

/** Checks that a parsed document is a pact with named participants and an interactions list. */
export function checkPact(
  source: string,
  json: unknown,
  extra: { pending?: boolean; publishUrl?: string } = {},
): LoadedPact {
  if (!isJsonObject(json)) return { ok: false, source, problem: "not a JSON object" };
  const consumer = json["consumer"];
  const provider = json["provider"];
  if (!isJsonObject(consumer) || typeof consumer["name"] !== "string")
    return { ok: false, source, problem: "no consumer name" };
  if (!isJsonObject(provider) || typeof provider["name"] !== "string")
    return { ok: false, source, problem: "no provider name" };
  if (!Array.isArray(json["interactions"])) return { ok: false, source, problem: "no interactions list" };
  return { ok: true, source, json, ...extra };
}

function statesOf(interaction: Record<string, unknown>): ProviderState[] {
  const list = interaction["providerStates"];
  if (Array.isArray(list)) {
    return list.filter(isJsonObject).map((s) => ({
      name: typeof s["name"] === "string" ? s["name"] : "",
      params: isJsonObject(s["params"]) ? s["params"] : {},
    }));
  }
  const single = interaction["providerState"]; // Pact V2
  return typeof single === "string" ? [{ name: single, params: {} }] : [];
}

/**
 * The interactions of the pacts, in a stable order, with the envelope their provider stands for.
 * Pacts of a provider this project does not know are returned in `foreign` (not verified).
 */
export function interactionsOf(pacts: readonly LoadedPact[]): { interactions: Interaction[]; foreign: string[] } {
  const interactions: Interaction[] = [];
  const foreign: string[] = [];
  for (const pact of pacts) {
    if (!pact.ok) continue;
    const consumer = (pact.json["consumer"] as { name: string }).name;
    const provider = (pact.json["provider"] as { name: string }).name;
    const envelope = envelopeOfProvider(provider);
    if (envelope === undefined) {
      foreign.push(`${pact.source} (provider "${provider}")`);
      continue;
    }
    for (const raw of pact.json["interactions"] as unknown[]) {
      if (!isJsonObject(raw)) continue;
      const request = isJsonObject(raw["request"]) ? raw["request"] : {};
      interactions.push({
        position: interactions.length,
        consumer,
        provider,
        envelope,
        description: typeof raw["description"] === "string" ? raw["description"] : "(no description)",
        states: statesOf(raw),
        method: typeof request["method"] === "string" ? request["method"].toUpperCase() : "",
        pact: pact.json,
        raw,
        pending: pact.pending === true,
        publishUrl: pact.publishUrl,
        source: pact.source,
      });
    }
  }
  return { interactions, foreign };
}

/** The interactions of shard `index` (1-based) of `count`, by position. */
export function shardOf<T extends { position: number }>(items: readonly T[], index: number, count: number): T[] {
  return items.filter((item) => item.position % count === index - 1);
}

/** A temporary folder of single-interaction pact files; `remove` deletes it. */
export interface PactFolder {
  /** Writes a copy of the interaction's pact holding only that interaction; returns its path. */
  write(interaction: Interaction): Promise<string>;
  remove(): Promise<void>;
}

export async function pactFolder(): Promise<PactFolder> {
  const dir = await mkdtemp(join(tmpdir(), "apinizer-verify-"));
  return {
    async write(interaction) {
      const file = join(dir, `interaction-${interaction.position}.json`);
      await writeFile(file, JSON.stringify({ ...interaction.pact, interactions: [interaction.raw] }));
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

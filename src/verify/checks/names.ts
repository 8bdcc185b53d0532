// `verify --names N`: a property check of how the server handles names, opt-in. Creates N
// fixtures with generated legal names (spaces, Unicode letters, `+`, `%`, mixed case, long),
// reads each back, deletes each through the client, and confirms it gone. Every name keeps the
// run's fixture prefix, so it is in the ledger and the `cleanup` command can find it.
import { nameProblem } from "../../rules/names.js";
import type { Target } from "../engine.js";
import { type Admin, answerJson, describe, made, presence } from "../server/admin.js";
import type { Ledger } from "../server/fixtures.js";

/** The largest N accepted (each name costs four requests: Create, Get, Delete, Get). */
export const MAX_NAMES = 1000;

/** Fragments a generated name is built from; each is legal, together they cover what servers mishandle. */
const PARTS = [
  "Mixed Case",
  "plus+sign",
  "50%off",
  "ünïcödé",
  "日本語",
  "Ωμέγα",
  "tab-free spaces",
  "o'brien",
  "(paren)",
  "v1.2",
  "a~b",
  "🔌plug",
];

/** The `index`-th generated name: the run's fixture prefix, then fragments; every few a long one. */
function generatedName(ledger: Ledger, index: number): string {
  const prefix = ledger.freshName();
  const first = PARTS[index % PARTS.length] as string;
  const second = PARTS[(index * 7 + 3) % PARTS.length] as string;
  const name = `${prefix} ${first} ${second}`;
  return index % 5 === 4 ? `${name} ${"long-".repeat(40)}`.slice(0, 250) : name;
}

export interface NamesCheck {
  readonly target: Target;
  /** The fixture calls on the target: Create and Get, and Delete through the client as any user sends it. */
  readonly admin: Admin;
  readonly ledger: Ledger;
  readonly count: number;
  /** How far the check is (VerifyOutput.progress). */
  readonly progress?: ((phase: string, done: number, total: number) => void) | undefined;
  readonly stop: AbortSignal;
  readonly line: (text: string) => void;
}

/** The name a Get Connection answer holds (first item of `resultList`, or the body itself). */
function storedName(json: unknown): string | undefined {
  const body = json as { resultList?: { name?: unknown }[]; name?: unknown } | undefined;
  const name = body?.resultList?.[0]?.name ?? body?.name;
  return typeof name === "string" ? name : undefined;
}

async function checkOne(input: NamesCheck, name: string): Promise<string | undefined> {
  const { admin, ledger, target } = input;
  const { projectName } = target;
  ledger.mayExist(projectName, name);
  const created = await admin.create(projectName, name);
  if (!made(created)) return `Create Connection refused it: ${describe(created, admin.redact)}`;
  ledger.set(projectName, name, "exists");
  const read = await admin.get(projectName, name);
  if (read.status !== 200) return `Get Connection after creating it answered ${describe(read, admin.redact)}`;
  const stored = storedName(answerJson(read));
  if (stored !== undefined && stored.toLowerCase() !== name.toLowerCase()) return `stored as ${JSON.stringify(stored)}`;
  const result = await admin.remove(projectName, name);
  if (!result.ok)
    return `the client's delete failed: ${result.kind}${result.status ? ` (${result.status})` : ""}: ${result.message}`;
  const after = await admin.get(projectName, name);
  if (presence(after) !== "gone")
    return `still there after a successful delete: Get Connection answered ${describe(after, admin.redact)}`;
  ledger.set(projectName, name, "gone");
  return undefined;
}

/** Runs the check; every fixture it makes is in `ledger` for the run's cleanup. */
export async function checkNames(
  input: NamesCheck,
): Promise<{ checked: number; mishandled: { name: string; problem: string }[] }> {
  const mishandled: { name: string; problem: string }[] = [];
  let checked = 0;
  const total = Math.min(input.count, MAX_NAMES);
  for (let i = 0; i < total && !input.stop.aborted; i++) {
    input.progress?.("names checked", i, total);
    const name = generatedName(input.ledger, i);
    if (nameProblem(name) !== undefined) continue;
    checked += 1;
    const problem = await checkOne(input, name);
    if (problem !== undefined) mishandled.push({ name, problem });
  }
  input.progress?.("names checked", total, total);
  input.line(
    `Names: ${checked} generated names created, read back and deleted through the client; ${mishandled.length} mishandled.`,
  );
  return { checked, mishandled };
}

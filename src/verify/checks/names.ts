// `verify --names N`: a property check of how the server handles names, opt-in. Creates N
// fixtures with generated legal names (spaces, Unicode letters, `+`, `%`, mixed case, long),
// reads each back, deletes each through the client, and confirms it gone. Every name keeps the
// run's fixture prefix, so it is in the ledger and the `cleanup` command can find it.
import { createConnectionsClient } from "../../client/index.js";
import { nameProblem } from "../../rules/names.js";
import type { HttpFetch } from "../api.js";
import type { Target } from "../engine.js";
import { type Admin, describe, presence } from "../server/admin.js";
import type { Ledger } from "../server/fixtures.js";
import { reasonOf } from "../server/http.js";

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
  readonly admin: Admin;
  readonly ledger: Ledger;
  readonly count: number;
  readonly timeoutMs: number;
  /** How far the check is (VerifyOutput.progress). */
  readonly progress?: ((phase: string, done: number, total: number) => void) | undefined;
  /** The run's transport, for the client's deletes too. */
  readonly fetch?: HttpFetch | undefined;
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
  if (created.status < 200 || created.status > 299) return `Create Connection refused it: ${describe(created)}`;
  ledger.set(projectName, name, "exists");
  const read = await admin.get(projectName, name);
  const stored = storedName(read.json);
  if (read.status !== 200) return `Get Connection after creating it answered ${describe(read)}`;
  if (stored !== undefined && stored.toLowerCase() !== name.toLowerCase()) return `stored as ${JSON.stringify(stored)}`;
  const send = input.fetch;
  const client = createConnectionsClient({
    baseUrl: target.baseUrl,
    token: target.token,
    timeoutMs: input.timeoutMs,
    fetch: send === undefined ? undefined : (request, init) => send(new Request(request, init)),
  });
  const result = await client.deleteConnection({ projectName, connectionName: name }, { signal: input.stop });
  if (!result.ok)
    return `the client's delete failed: ${result.kind}${result.status ? ` (${result.status})` : ""}: ${result.message}`;
  const after = await admin.get(projectName, name);
  if (presence(after) !== "gone")
    return `still there after a successful delete: Get Connection answered ${describe(after)}`;
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
    try {
      const problem = await checkOne(input, name);
      if (problem !== undefined) mishandled.push({ name, problem });
    } catch (error) {
      mishandled.push({ name, problem: reasonOf(error) });
    }
  }
  input.progress?.("names checked", total, total);
  input.line(
    `Names: ${checked} generated names created, read back and deleted through the client; ${mishandled.length} mishandled.`,
  );
  return { checked, mishandled };
}

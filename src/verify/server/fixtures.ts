// The fixture ledger: every name this run may have written on the server, and what is known of
// it. A name "may exist" from the moment a request that could create it is sent (a Create that
// times out, answers 500 or resets may still have stored it); only a Get that says "not found"
// proves it gone. Cleanup works from this ledger and from nothing else, so it never touches a
// name this run did not write.
import { randomBytes } from "node:crypto";
import { shellWord } from "../../rules/shell.js";
import type { FixtureLeft } from "../api.js";
import { type Admin, describe, FIXTURE_PREFIX, presence } from "./admin.js";

/** A new run id, 12 hex characters: fixture names of two runs never collide (48 random bits). */
export function newRunId(): string {
  return randomBytes(6).toString("hex");
}

/** Whether `text` has the shape of a run id (as `newRunId` makes them). */
export function isRunId(text: string): boolean {
  return /^[0-9a-f]{12}$/.test(text);
}

export type FixtureState = "may-exist" | "exists" | "gone";

export interface Fixture {
  readonly projectName: string;
  readonly connectionName: string;
  state: FixtureState;
}

const key = (projectName: string, connectionName: string): string =>
  `${projectName}\u0000${connectionName.toLowerCase()}`;

/** The fixtures of one run (names case-insensitive, as connection names are). */
export class Ledger {
  private readonly entries = new Map<string, Fixture>();
  private counter = 0;

  /** `runId`: the run's id; `shard`: a worker's tag, so parallel workers never share a name. */
  constructor(
    readonly runId: string,
    private readonly tag = "",
  ) {}

  /** A fresh name of this run: `act-verify-<run id>[-<tag>]-<n>[-<kind>]`, plain [a-z0-9-]. */
  freshName(kind = ""): string {
    this.counter += 1;
    const tag = this.tag === "" ? "" : `-${this.tag}`;
    return `${FIXTURE_PREFIX}${this.runId}${tag}-${this.counter}${kind === "" ? "" : `-${kind}`}`;
  }

  /** Records that a request that may create `connectionName` is about to be sent. */
  mayExist(projectName: string, connectionName: string): Fixture {
    const k = key(projectName, connectionName);
    const known = this.entries.get(k);
    if (known !== undefined) {
      known.state = "may-exist";
      return known;
    }
    const fixture: Fixture = { projectName, connectionName, state: "may-exist" };
    this.entries.set(k, fixture);
    return fixture;
  }

  set(projectName: string, connectionName: string, state: FixtureState): void {
    const fixture = this.entries.get(key(projectName, connectionName));
    if (fixture !== undefined) fixture.state = state;
  }

  /** Fixtures not yet proven gone. */
  pending(): Fixture[] {
    return [...this.entries.values()].filter((f) => f.state !== "gone");
  }
}

/**
 * Deletes one fixture and confirms it is gone with a Get. Returns a problem, or undefined when
 * it is proven gone. A delete that says "not found" is fine (it may never have been stored).
 */
export async function removeFixture(admin: Admin, ledger: Ledger, fixture: Fixture): Promise<string | undefined> {
  const { projectName, connectionName } = fixture;
  const cannot = `could not remove fixture ${connectionName}`;
  const deleted = await admin.remove(projectName, connectionName);
  if (deleted.status === undefined) return `${cannot}: ${describe(deleted, admin.redact)}`;
  const found = await admin.get(projectName, connectionName);
  if (found.status === undefined) return `${cannot}: ${describe(found, admin.redact)}`;
  const state = presence(found);
  if (state === "gone") {
    ledger.set(projectName, connectionName, "gone");
    return undefined;
  }
  const why = state === "exists" ? "it is still there" : `Get Connection answered ${describe(found, admin.redact)}`;
  return `${cannot}: Delete answered ${describe(deleted, admin.redact)}, and ${why}`;
}

/** The command that removes one fixture, safe to paste into a POSIX shell. */
export function removeCommand(baseUrl: string | undefined, projectName: string, connectionName: string): string {
  const words = ["apinizer-connections", "delete"];
  if (baseUrl !== undefined) words.push("--base-url", shellWord(baseUrl));
  words.push("--project", shellWord(projectName), `--connection=${shellWord(connectionName)}`, "--ignore-missing");
  return words.join(" ");
}

/** How many fixture removals run at once (a run's cleanup, the cleanup command). */
const CLEANUP_CONCURRENCY = 4;

/**
 * Removes `fixtures` of `ledger` (a few at a time), each confirmed gone; returns the problems and
 * what stays, each with the command that removes it (`baseUrl` in it when there is one to name).
 */
export async function removeAll(
  admin: Admin,
  ledger: Ledger,
  fixtures: readonly Fixture[],
  baseUrl: string | undefined,
  onRemoved: (fixture: Fixture) => void = () => {},
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ problems: string[]; left: FixtureLeft[] }> {
  const problems: string[] = [];
  const left: FixtureLeft[] = [];
  let done = 0;
  await eachLimited(fixtures, CLEANUP_CONCURRENCY, async (f) => {
    const problem = await removeFixture(admin, ledger, f);
    onProgress(++done, fixtures.length);
    if (problem === undefined) return onRemoved(f);
    problems.push(problem);
    const command = removeCommand(baseUrl, f.projectName, f.connectionName);
    left.push({ projectName: f.projectName, connectionName: f.connectionName, command });
  });
  return { problems, left };
}

/** Runs `task` over `items`, at most `limit` at a time; resolves when all are done. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

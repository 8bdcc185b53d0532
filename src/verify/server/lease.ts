// A fixture's lease: which run made it, when, and until when that run may still need it. It is
// written into the fixture's description (the one free-text field Apinizer stores), after the
// fixture marker, so that `cleanup` on another runner leaves the fixtures of a run still in
// progress alone instead of pulling them from under it. Times are UTC, from the clock of the
// runner that made the fixture: runners whose clocks disagree by more than LEASE_MARGIN_MS can
// misjudge a lease.

/** What a fixture's description says of its run. */
export interface Lease {
  readonly runId: string;
  /** When the fixture was created (the maker's clock). */
  readonly createdAt: Date;
  /** Until when the run that made it may still need it: after this, it is a leftover. */
  readonly until: Date;
}

/** Added to every lease: slack for a slow start, a late cleanup and clocks a little apart (5 minutes). */
export const LEASE_MARGIN_MS = 5 * 60_000;

/** The lease as it is written into a description: `run <id>, made <ISO time>, needed until <ISO time>`. */
export function leaseText(lease: Lease): string {
  return `run ${lease.runId}, made ${lease.createdAt.toISOString()}, needed until ${lease.until.toISOString()}`;
}

const LEASE =
  /\brun ([0-9a-f]{12}), made (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z), needed until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/;

/** The lease a description carries, or undefined (a fixture of an earlier version, or text that is no lease). */
export function leaseOf(description: string): Lease | undefined {
  const m = LEASE.exec(description);
  if (m === null) return undefined;
  const createdAt = new Date(m[2] as string);
  const until = new Date(m[3] as string);
  if (Number.isNaN(createdAt.getTime()) || Number.isNaN(until.getTime())) return undefined;
  return { runId: m[1] as string, createdAt, until };
}

/**
 * The longest a run may need its fixtures, in milliseconds, from its bounds: every request it may
 * send waits at most `timeoutMs`, and the native verifier gets at most `jobTimeoutMs` per
 * interaction. Per interaction: its Create, the check before the request, the request itself,
 * the Get after it and a removal (Delete and Get); per name of the names check: Create, Get,
 * Delete, Get; plus the margin. An upper bound (workers run side by side), never an estimate.
 */
export function runBoundMs(bounds: {
  readonly timeoutMs: number;
  readonly jobTimeoutMs: number;
  readonly interactions: number;
  readonly names: number;
}): number {
  const perInteraction = bounds.jobTimeoutMs + 6 * bounds.timeoutMs;
  return bounds.interactions * perInteraction + bounds.names * 4 * bounds.timeoutMs + LEASE_MARGIN_MS;
}

/** Why `cleanup` may remove a fixture now, given its lease. */
export interface LeasePolicy {
  /** Now, in ms since the epoch. */
  readonly now: number;
  /** Remove whatever the lease says (`--force`). */
  readonly force: boolean;
  /** Remove fixtures made at least this long ago, even under a live lease (`--older-than`). */
  readonly olderThanMs?: number | undefined;
}

/**
 * Whether a fixture with `lease` may be removed: it has none (an earlier version made it), its
 * lease has expired, `force`, or it was made at least `olderThanMs` ago.
 */
export function mayRemove(lease: Lease | undefined, policy: LeasePolicy): boolean {
  if (lease === undefined || policy.force) return true;
  if (lease.until.getTime() <= policy.now) return true;
  return policy.olderThanMs !== undefined && lease.createdAt.getTime() <= policy.now - policy.olderThanMs;
}

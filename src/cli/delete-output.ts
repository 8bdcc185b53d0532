// What `delete` says about an outcome, and which exit code (delete-spec.ts) it ends with: one
// connection's line, and the summary of a run of several.

import type { DeleteConnectionResult, NotBackedUpFailure } from "../client/index.js";
import type { DELETE_EXIT_CODES } from "./delete-spec.js";
import { type CliIo, printable } from "./io.js";

/** A request as the client handed it to fetch (for --dry-run). */
export interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * True when the client reports that an earlier attempt of this call failed in a way that may
 * have deleted the connection (502/503/504 or a network error) before a retry heard "not found".
 */
export function earlierAttemptMayHaveDeleted(result: DeleteConnectionResult): boolean {
  return "earlierAttemptMayHaveDeleted" in result && result.earlierAttemptMayHaveDeleted === true;
}

/** The outcome's name in DELETE_EXIT_CODES. */
export function exitNameOf(result: DeleteConnectionResult): keyof typeof DELETE_EXIT_CODES {
  if (result.ok) return "deleted";
  if (result.kind === "connection-not-found" && earlierAttemptMayHaveDeleted(result)) return "maybe-deleted";
  // The request was sent and no readable answer came back (the client's message says why).
  if (result.kind === "network" && result.mayHaveDeleted === true) return "maybe-deleted";
  if (result.kind === "invalid-argument") return "usage";
  return result.kind;
}

const HINTS: Partial<Record<keyof typeof DELETE_EXIT_CODES, string>> = {
  unauthorized: " (check APINIZER_TOKEN)",
  "connection-not-found": " (use --ignore-missing to treat this as done)",
  "permission-denied": " (the token's user needs CONNECTIONS + MANAGE in this project)",
  "maybe-deleted": " (it does not exist now; use --ignore-missing to treat this as done)",
};

const UNREAD_HINT = " (check whether it still exists before acting on it)";

export interface Description {
  /** Whether it goes to stdout (success) or stderr. */
  readonly ok: boolean;
  /** The first words, coloured on a terminal. */
  readonly head: string;
  readonly rest: string;
  readonly warning?: string;
}

/** One line about the outcome (server text escaped for the terminal) and, maybe, a warning. */
export function describeResult(
  result: DeleteConnectionResult,
  names: { readonly projectName: string; readonly connectionName: string },
  interrupted: "SIGINT" | "SIGTERM" | undefined,
): Description {
  const quoted = (name: string) => printable(JSON.stringify(name));
  const which = `connection ${quoted(names.connectionName)} in project ${quoted(names.projectName)}`;
  if (interrupted !== undefined) {
    return {
      ok: false,
      head: `interrupted (${interrupted})`,
      rest: `: stopped before an answer arrived; ${which} may or may not have been deleted.`,
    };
  }
  if (!result.ok) {
    const name = exitNameOf(result);
    const status = result.status === undefined ? "" : ` (HTTP ${result.status})`;
    // A maybe-deleted without an answer: nobody knows whether it still exists.
    const hint = name === "maybe-deleted" && result.kind === "network" ? UNREAD_HINT : (HINTS[name] ?? "");
    return {
      ok: false,
      head: `error: ${name}`,
      rest: `${status}: ${printable(result.message)}${hint}`,
    };
  }
  if (!result.deleted) {
    const maybe = earlierAttemptMayHaveDeleted(result);
    return {
      ok: true,
      head: maybe ? "Gone" : "Nothing to delete",
      rest: maybe
        ? `: ${which} does not exist now: ${printable(result.message)} (--ignore-missing).`
        : `: ${which} does not exist (--ignore-missing).`,
    };
  }
  return {
    ok: true,
    head: "Deleted",
    rest: ` ${which}${result.workers === "not-deployed" ? " (it had not been deployed to the workers)" : ""}.`,
    ...(result.workers === "failed"
      ? {
          warning:
            "the connection was deleted, but the server reports that removing it from the workers failed (deploymentResult.success: false)",
        }
      : {}),
  };
}

/** What one connection came to. `result` undefined: never sent (the run was interrupted first). */
export interface Done {
  readonly connectionName: string;
  readonly result: DeleteConnectionResult | NotBackedUpFailure | undefined;
  /** The backup file written, when --backup wrote one. */
  readonly backup?: string;
  /** Stopped by Ctrl-C while under way. */
  readonly stopped?: boolean;
}

/** The outcome's name in DELETE_EXIT_CODES, with --backup's failures. */
export function outcomeOf(done: Done, ignoreMissing: boolean): keyof typeof DELETE_EXIT_CODES {
  const { result } = done;
  if (result === undefined) return "interrupted";
  if (result.ok || result.kind !== "not-backed-up") return exitNameOf(result);
  if (result.stage === "write" || result.read === undefined) return "not-backed-up";
  if (result.read.kind === "connection-not-found" && ignoreMissing) return "deleted";
  return exitNameOf(result.read as DeleteConnectionResult);
}

/** One line about one connection: describeResult's, with --backup's outcomes and file. */
export function describeDone(
  done: Done,
  projectName: string,
  ignoreMissing: boolean,
  interrupted: "SIGINT" | "SIGTERM" | undefined,
): ReturnType<typeof describeResult> {
  const names = { projectName, connectionName: done.connectionName };
  const { result } = done;
  if (result === undefined) throw new Error("describeDone: a connection that was not sent");
  if (!result.ok && result.kind === "not-backed-up") {
    if (result.read?.kind === "connection-not-found" && ignoreMissing) {
      const quoted = (name: string) => printable(JSON.stringify(name));
      return {
        ok: true,
        head: "Nothing to delete",
        rest: `: connection ${quoted(done.connectionName)} in project ${quoted(projectName)} does not exist (--ignore-missing).`,
      };
    }
    const name = outcomeOf(done, ignoreMissing);
    const status = result.read?.status === undefined ? "" : ` (HTTP ${result.read.status})`;
    return { ok: false, head: `error: ${name}`, rest: `${status}: ${printable(result.message)}` };
  }
  const text = describeResult(result, names, interrupted);
  if (done.backup === undefined || !text.ok) return text;
  return { ...text, rest: `${text.rest.replace(/\.$/, "")} (backup: ${printable(done.backup)}).` };
}

/** The end of a run of several: counts by outcome, and on an interruption the names in each group. */
export function printSummary(
  io: CliIo,
  printJson: ((v: object) => void) | undefined,
  redact: (text: string) => string,
  run: {
    finished: readonly Done[];
    notSent: readonly Done[];
    ignoreMissing: boolean;
    interrupted: "SIGINT" | "SIGTERM" | undefined;
    exitCode: number;
  },
): void {
  const byOutcome: Record<string, string[]> = {};
  for (const done of run.finished) {
    const name = done.stopped === true ? "may-have-been-deleted" : outcomeOf(done, run.ignoreMissing);
    byOutcome[name] = [...(byOutcome[name] ?? []), done.connectionName];
  }
  const notSent = run.notSent.map((d) => d.connectionName);
  if (printJson !== undefined) {
    const counts = Object.fromEntries(Object.entries(byOutcome).map(([k, v]) => [k, v.length]));
    const lists =
      run.interrupted === undefined ? {} : { interrupted: run.interrupted, names: namesByGroup(byOutcome, notSent) };
    printJson({
      summary: { connections: run.finished.length + notSent.length, ...counts, notSent: notSent.length, ...lists },
      exitCode: run.exitCode,
    });
    return;
  }
  const total = run.finished.length + notSent.length;
  const parts = Object.entries(byOutcome)
    .filter(([name]) => name !== "deleted")
    .map(([name, list]) => `${list.length} ${name}`);
  const deleted = byOutcome["deleted"]?.length ?? 0;
  const line = `Deleted ${deleted} of ${total} connection(s)${parts.length > 0 ? `; ${parts.join(", ")}` : ""}${notSent.length > 0 ? `; ${notSent.length} not sent` : ""} (exit ${run.exitCode}).\n`;
  if (run.interrupted === undefined) {
    io[run.exitCode === 0 ? "stdout" : "stderr"](line);
    return;
  }
  const groups = namesByGroup(byOutcome, notSent);
  const list = (title: string, names: readonly string[]) =>
    names.length === 0 ? "" : `  ${title} (${names.length}):\n${names.map((n) => `    ${printable(n)}\n`).join("")}`;
  io.stderr(
    redact(
      `interrupted (${run.interrupted}): stopped sending.\n${line}` +
        list("deleted", groups.deleted) +
        list("may have been deleted (under way when stopped)", groups.mayHaveBeenDeleted) +
        list("not sent", groups.notSent) +
        list("not deleted (refused or failed)", groups.notDeleted),
    ),
  );
}

/** The names of an interrupted run by what happened to them. */
function namesByGroup(byOutcome: Record<string, string[]>, notSent: string[]) {
  const { deleted = [], "may-have-been-deleted": mayHaveBeenDeleted = [], ...rest } = byOutcome;
  const uncertain = ["timeout", "network", "http-error", "unexpected-response", "maybe-deleted"];
  return {
    deleted,
    mayHaveBeenDeleted: [...mayHaveBeenDeleted, ...uncertain.flatMap((k) => rest[k] ?? [])],
    notSent,
    notDeleted: Object.entries(rest)
      .filter(([k]) => !uncertain.includes(k))
      .flatMap(([, v]) => v),
  };
}

// What `delete` says about an outcome, and which exit code (delete-spec.ts) it ends with.

import type { DeleteConnectionResult } from "../client/index.js";
import type { DELETE_EXIT_CODES } from "./delete-spec.js";
import { printable } from "./io.js";

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

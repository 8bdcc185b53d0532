// The caller's `signal`, followed without ever letting it throw into a call: a signal-like object
// whose getters, addEventListener or removeEventListener throw (or a Proxy that throws on every
// access) ends the call as `invalid-argument`, or is ignored once the call is under way.
import type { Redact } from "../rules/secrets.js";

export type Followed =
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "aborted" }
  | { readonly kind: "linked"; readonly unlink: () => void };

const NOTHING = { kind: "linked", unlink: () => {} } as const;

/** A readable message of something thrown, redacted; never throws itself. */
function said(error: unknown, redact: Redact): string {
  try {
    return redact(error instanceof Error ? error.message : String(error));
  } catch {
    return "an error that could not be read";
  }
}

/**
 * Makes `controller` abort when `signal` does. `aborted` when it already has; `invalid` when it
 * is not an AbortSignal or cannot be listened to (nothing has been sent then).
 */
export function followSignal(signal: unknown, controller: AbortController, redact: Redact): Followed {
  if (signal === undefined) return NOTHING;
  const target = signal as AbortSignal;
  try {
    // Each member is read once: a getter may answer differently (or throw) the second time.
    const aborted = typeof signal === "object" && signal !== null ? target.aborted : undefined;
    if (
      typeof aborted !== "boolean" ||
      typeof target.addEventListener !== "function" ||
      typeof target.removeEventListener !== "function"
    ) {
      return { kind: "invalid", message: "signal must be an AbortSignal" };
    }
    if (aborted) return { kind: "aborted" };
  } catch (error) {
    return { kind: "invalid", message: `signal must be an AbortSignal (reading it threw: ${said(error, redact)})` };
  }
  // The caller's reason is not read: a getter could throw inside the signal's event dispatch.
  const onAbort = (): void => controller.abort();
  try {
    target.addEventListener("abort", onAbort, { once: true });
  } catch (error) {
    return {
      kind: "invalid",
      message: `signal must be an AbortSignal (its addEventListener threw: ${said(error, redact)})`,
    };
  }
  const unlink = (): void => {
    try {
      target.removeEventListener("abort", onAbort);
    } catch {
      // The call is over; a signal that cannot let go of its listener changes nothing.
    }
  };
  return { kind: "linked", unlink };
}

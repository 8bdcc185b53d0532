// The safety gate: what of the Pact verifier's requests may reach a (possibly shared) server.
// Only Delete Connection, on exactly the names this interaction's states arranged, with no query
// and no body, is sent. Everything else is answered locally and reported; the contract's own
// headers are never forwarded (a header such as X-HTTP-Method-Override could change the method).
import type { PathNames } from "../../rules/contract.js";
import { shorten } from "../../rules/limits.js";
import { parseRoute, splitQuery } from "../../rules/route.js";

/** What the verifier asked for. */
export interface VerifierRequest {
  readonly method: string;
  /** The request target as received: path and query, percent-encoded as the verifier sent it. */
  readonly target: string;
  /** Bytes of body the verifier sent. */
  readonly bodyLength: number;
}

export type GateDecision =
  | { readonly send: true; readonly names: PathNames }
  | { readonly send: false; readonly reason: string };

const refuse = (reason: string): GateDecision => ({ send: false, reason: `${reason}: the request was not sent` });

/**
 * Decides whether the verifier's request may be sent. `names` are the names the interaction's
 * states arranged (undefined when they could not be arranged); `blocked` a reason nothing may be
 * sent at all (a failed state, an interrupted run). Names are compared decoded, so `a+b`,
 * `a%2Bb` and `a%2bb` are the same name; the request is then sent in the canonical encoding.
 */
export function gate(request: VerifierRequest, names: PathNames | undefined, blocked?: string): GateDecision {
  if (blocked !== undefined) return { send: false, reason: blocked };
  if (names === undefined) return refuse("no provider state arranged the resource");
  if (request.method !== "DELETE") {
    return refuse(
      `only Delete Connection (DELETE) is verified against a server; the contract's request is ${shorten(request.method)}`,
    );
  }
  const { path, query } = splitQuery(request.target);
  if (query !== "")
    return refuse(`the request carries a query string (?${shorten(query)}); Delete Connection takes none`);
  if (request.bodyLength > 0) return refuse("the request carries a body; Delete Connection takes none");
  const route = parseRoute(path);
  if (route?.route !== "connection" || !route.slash) {
    return refuse(
      `${shorten(path)} is not a Delete Connection path (/apiops/projects/{projectName}/connections/{connectionName}/)`,
    );
  }
  if (route.projectName !== names.projectName || route.connectionName !== names.connectionName) {
    return refuse(
      `${shorten(path)} does not address this interaction's fixture (${names.projectName}/${names.connectionName})`,
    );
  }
  return { send: true, names };
}

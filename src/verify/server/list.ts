// Reading List Connections on a large project: the answer is parsed as it arrives (one
// connection at a time, list-scanner.ts), each connection is handed to `keep` and dropped unless
// kept, and at most MAX_LIST_BYTES are read. 50,000 connections of dozens of fields are tens of
// MiB: the 1 MiB bound of other answers made `cleanup` fail exactly when leftovers piled up.
import { envelopeOf, errorMessageOf, isJsonObject, saysOf } from "../../rules/envelope.js";
import { MAX_LIST_BYTES } from "../../rules/limits.js";
import { connectionsPath } from "../../rules/route.js";
import type { Redactor } from "../../rules/secrets.js";
import { describeAnswer } from "./admin.js";
import { type Sender, textOf } from "./http.js";
import { ListScanner } from "./list-scanner.js";

/** A connection as a List answer names it: what `cleanup` needs of it. */
export interface Listed {
  readonly name: string;
  readonly description: string;
}

/** What a List Connections answer gave. */
export type Listing =
  | {
      readonly ok: true;
      /** The connections `keep` accepted, in the order listed. */
      readonly kept: Listed[];
      /** How many connections were read in all. */
      readonly seen: number;
      /** False when the answer was longer than the bound: only the first `seen` were read. */
      readonly complete: boolean;
      /** The bound that applied, in bytes. */
      readonly maxBytes: number;
    }
  | {
      readonly ok: false;
      /** What the answer was, after "answered": another status than 200, or a 200 that is no list (not JSON, no list, a FAILURE envelope). */
      readonly problem: string;
    };

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * Lists the email connections of `projectName` (the type every fixture has; newer servers require
 * a type) through `sender`, reading at most `maxBytes` of the answer. A connection is passed to
 * `keep` as soon as it is parsed; only those it accepts are held.
 */
export async function listConnections(options: {
  readonly baseUrl: string;
  readonly token: string;
  readonly projectName: string;
  readonly sender: Sender;
  readonly redact: Redactor;
  readonly keep: (connection: Listed) => boolean;
  readonly maxBytes?: number | undefined;
}): Promise<Listing> {
  const maxBytes = options.maxBytes ?? MAX_LIST_BYTES;
  const kept: Listed[] = [];
  let seen = 0;
  const scanner = new ListScanner((value) => {
    seen += 1;
    if (!isJsonObject(value)) return;
    const connection = { name: text(value["name"]), description: text(value["description"]) };
    if (options.keep(connection)) kept.push(connection);
  });
  const answer = await options.sender.send(
    {
      method: "GET",
      url: `${options.baseUrl}${connectionsPath(options.projectName)}?type=email`,
      headers: { authorization: `Bearer ${options.token}`, accept: "application/json" },
    },
    {
      maxBytes,
      sinkFor: (status) => (status !== 200 ? undefined : (chunk) => scanner.write(chunk)),
    },
  );
  if (answer.status !== 200) {
    const said = describeAnswer(answer.status, textOf(answer), options.redact, answer.truncated);
    return { ok: false, problem: said };
  }
  // The root's members other than resultList carry the envelope: read by meaning (rules/envelope).
  const { top, sawList, error } = scanner.result;
  const says = saysOf(top);
  const said = options.redact(errorMessageOf(top) ?? "");
  if (error !== undefined) return { ok: false, problem: `200 with a body that is not JSON (${options.redact(error)})` };
  if (envelopeOf(top) === "mixed") return { ok: false, problem: "200 in both envelopes at once" };
  if (says === "not-done") return { ok: false, problem: `200 with a failure${said === "" ? "" : `: ${said}`}` };
  // A Java server writes an empty list as null, or leaves it out, in an answer that says "done".
  if (!sawList && !answer.truncated && says !== "done")
    return { ok: false, problem: "200 without a list of connections (resultList)" };
  return { ok: true, kept, seen, complete: !answer.truncated, maxBytes };
}

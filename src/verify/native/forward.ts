// Sends a request the gate approved to the server, and turns the server's answer into what the
// Pact verifier sees: redacted at the source (headers and body, before anything prints them),
// bounded (a short marker instead of a body over 1 MiB; already decompressed, so a gzip bomb
// stays bounded), and without anything that could make the verifier send a request of its own.
import type { PathNames } from "../../rules/contract.js";
import { MAX_BODY_BYTES } from "../../rules/limits.js";
import { connectionPath } from "../../rules/route.js";
import type { Redactor } from "../../rules/secrets.js";
import { type Answer, reasonOf, type Sender, textOf } from "../server/http.js";

/** What the verifier is answered. */
export interface VerifierReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The header that marks replies verify made up itself (nothing was sent, or nothing came back). */
const LOCAL_REPLY_HEADER = "x-apinizer-verify";

/** A reply made here: the request was not sent, or no answer came. */
export function localReply(status: number, text: string): VerifierReply {
  return {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", [LOCAL_REPLY_HEADER]: "local" },
    body: Buffer.from(text),
  };
}

/** Status of the local reply to a request the gate refused (outside HTTP's range of real answers). */
export const NOT_SENT_STATUS = 599;

/**
 * The answer's headers the verifier sees: the standard ones a contract may match. Anything else is
 * dropped, because a header's *name* can carry an echo of the token too, and names arrive
 * lower-cased (a lower-cased token is no longer the token a redactor looks for). Framing headers
 * (content-length, -encoding, transfer-encoding) are not passed either: the body is re-framed here.
 */
const PASSED = new Set([
  "content-type",
  "content-language",
  "cache-control",
  "date",
  "etag",
  "expires",
  "last-modified",
  "location",
  "retry-after",
  "vary",
  "www-authenticate",
]);

/** The server's answer as the verifier may see it. */
export function replyOf(answer: Answer, redact: Redactor): VerifierReply {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    if (PASSED.has(name)) headers[name] = redact(value);
  });
  if (answer.truncated) {
    headers["content-type"] = "text/plain; charset=utf-8";
    return {
      status: answer.status,
      headers,
      body: Buffer.from(`[body not shown: larger than ${MAX_BODY_BYTES} bytes]`),
    };
  }
  return { status: answer.status, headers, body: Buffer.from(redact(textOf(answer))) };
}

export type Forwarded =
  | { readonly answered: true; readonly answer: Answer; readonly reply: VerifierReply }
  | { readonly answered: false; readonly reason: string; readonly reply: VerifierReply };

/**
 * Sends Delete Connection for `names` with `token`, in the canonical encoding (the gate has
 * checked that the verifier's path decodes to exactly these names). Never throws.
 */
export async function forward(
  sender: Sender,
  baseUrl: string,
  names: PathNames,
  token: string,
  redact: Redactor,
): Promise<Forwarded> {
  try {
    const answer = await sender.send({
      method: "DELETE",
      url: `${baseUrl}${connectionPath(names.projectName, names.connectionName)}`,
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
    return { answered: true, answer, reply: replyOf(answer, redact) };
  } catch (error) {
    const reason = reasonOf(error);
    return { answered: false, reason, reply: localReply(504, `no answer from the server: ${redact(reason)}`) };
  }
}

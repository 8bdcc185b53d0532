// What a failed `fetch` says about the request it was sending: whether it can have reached the
// server, whether the connection closed before any answer (then an idempotent request may be sent
// once more), and why an answer that did arrive could not be read. The client and verify's HTTP
// sender classify their errors with these; the codes are Node's (libuv, DNS, TLS) and undici's
// (the fetch inside Node 20 and 22), read from the error and its `cause` chain.

/** How many `cause` links are followed: fetch's errors nest two or three deep; a cycle stops here. */
const MAX_CAUSES = 6;

interface ErrorPart {
  readonly code: string | undefined;
  readonly message: string;
  readonly name: string;
}

/** The error and its causes, outermost first (getters that throw end the walk). */
function partsOf(error: unknown): ErrorPart[] {
  const parts: ErrorPart[] = [];
  let current: unknown = error;
  try {
    for (let depth = 0; depth < MAX_CAUSES && current !== undefined && current !== null; depth++) {
      if (typeof current !== "object") {
        parts.push({ code: undefined, message: String(current), name: "" });
        break;
      }
      const e = current as { code?: unknown; message?: unknown; name?: unknown; cause?: unknown };
      parts.push({
        code: typeof e.code === "string" ? e.code : undefined,
        message: typeof e.message === "string" ? e.message : "",
        name: typeof e.name === "string" ? e.name : "",
      });
      current = e.cause;
    }
  } catch {
    // What could be read is enough to classify.
  }
  return parts;
}

/**
 * Codes of failures before a request is written: the name did not resolve, nothing listened, no
 * route, the connect or the TLS handshake failed. Such a request never reached the server.
 */
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_FAIL",
  "EAI_NODATA",
  "EAI_NONAME",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/**
 * `true` when `error` (thrown by fetch) is known to have happened before the request was written:
 * the server cannot have acted on it. `false` for anything else, including errors this rule does
 * not know (a custom fetch's own): those may have happened after the request was sent.
 */
export function notSent(error: unknown): boolean {
  return partsOf(error).some((p) => p.code !== undefined && NOT_SENT.has(p.code));
}

/**
 * `true` when the connection closed or was reset before an answer's status line and headers were
 * complete: undici's "other side closed" (UND_ERR_SOCKET), ECONNRESET or EPIPE. This is what a
 * server that closes an idle kept-alive connection just as a request is written on it causes
 * (RFC 9112 §9.3.1); fetch does not say whether the connection was a reused one, nor whether the
 * server read the request. An idempotent request (GET, DELETE: RFC 9110 §9.2.2) may be sent again
 * once; the pool then uses another connection, the closed one being gone.
 */
export function closedBeforeAnswer(error: unknown): boolean {
  return partsOf(error).some(
    (p) =>
      p.code === "ECONNRESET" ||
      p.code === "EPIPE" ||
      (p.code === "UND_ERR_SOCKET" && /other side closed/i.test(p.message)),
  );
}

/**
 * Why an answer that began to arrive could not be read, in words, or `undefined` when `error`
 * is not one of these: headers past Node's limit (16 KiB by default; gateways that add cookies
 * reach it), an answer undici's parser refuses (an unsolicited interim `100 Continue` before the
 * final answer — Node 20 and 22 alike — or malformed HTTP).
 */
export function unreadableAnswer(error: unknown): string | undefined {
  for (const p of partsOf(error)) {
    if (p.code === "UND_ERR_HEADERS_OVERFLOW") {
      return "the answer's headers are larger than Node's fetch reads (16 KiB unless --max-http-header-size says otherwise)";
    }
    if (p.code === "UND_ERR_SOCKET" && /bad response/i.test(p.message)) {
      return "the answer could not be parsed (Node's fetch refuses an interim 1xx answer such as an unsolicited 100 Continue before the final one)";
    }
    if (p.code?.startsWith("HPE_") === true || p.name === "HTTPParserError") {
      return `the answer is not valid HTTP (${p.code ?? p.message})`;
    }
  }
  return undefined;
}

/** Name-resolution failures: the host name is unknown to DNS (or DNS did not answer). */
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "EAI_NONAME"]);

/** Certificate failures that a corporate CA (NODE_EXTRA_CA_CERTS) can cure. */
const UNTRUSTED_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);

/**
 * One sentence for a DNS or TLS failure (the words a user acts on), or `undefined` for any other
 * error. Read from the codes of the error and its causes (Node's DNS and OpenSSL codes).
 */
export function failureSentence(error: unknown): string | undefined {
  const codes = partsOf(error).flatMap((p) => (p.code === undefined ? [] : [p.code]));
  if (codes.some((c) => DNS_CODES.has(c))) return "the server's host name could not be resolved (DNS)";
  if (codes.some((c) => UNTRUSTED_CODES.has(c))) {
    return "the TLS connection failed: the server's certificate is not trusted here (a corporate CA: set NODE_EXTRA_CA_CERTS)";
  }
  if (codes.includes("ERR_TLS_CERT_ALTNAME_INVALID")) {
    return "the TLS connection failed: the server's certificate is for another host name";
  }
  if (codes.some((c) => c.startsWith("CERT_")))
    return "the TLS connection failed: the server's certificate is not valid now";
  if (codes.some((c) => c.startsWith("ERR_SSL_") || c.startsWith("ERR_TLS_") || c === "EPROTO")) {
    return "the TLS connection failed";
  }
  return undefined;
}

/**
 * A one-line description of a thrown error and its causes (e.g. "fetch failed: connect
 * ECONNREFUSED 127.0.0.1:1"); for a DNS or TLS failure, the sentence of `failureSentence` first
 * and the raw reason after it. Line breaks in the raw text (OpenSSL's) become spaces.
 */
export function describeError(error: unknown): string {
  const said = partsOf(error)
    .slice(0, 4)
    .map((p) => `${p.message}${p.code !== undefined && !p.message.includes(p.code) ? ` (${p.code})` : ""}`)
    .filter((s) => s !== "");
  const raw = said.join(": ").replace(/\s+/g, " ").trim() || "unknown error";
  const sentence = failureSentence(error);
  return sentence === undefined ? raw : `${sentence}: ${raw}`;
}

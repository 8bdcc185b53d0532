// Issue 20, one voice: a DNS or TLS failure is one sentence a user acts on, then the raw reason,
// on one line (OpenSSL's text has line breaks; printed escaped they read as \u000a).
import { describe, expect, it } from "vitest";
import { describeError, failureSentence } from "../../src/rules/network.js";

const fetchFailed = (code: string, message: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(message), { code }) });

describe("failureSentence and describeError", () => {
  it.each([
    [
      "ENOTFOUND",
      "getaddrinfo ENOTFOUND apinizer.staging.invalid",
      /^the server's host name could not be resolved \(DNS\): fetch failed: getaddrinfo ENOTFOUND apinizer\.staging\.invalid$/,
    ],
    ["EAI_AGAIN", "getaddrinfo EAI_AGAIN x", /^the server's host name could not be resolved \(DNS\): /],
    [
      "SELF_SIGNED_CERT_IN_CHAIN",
      "self-signed certificate in certificate chain",
      /^the TLS connection failed: the server's certificate is not trusted here \(a corporate CA: set NODE_EXTRA_CA_CERTS\): /,
    ],
    [
      "ERR_TLS_CERT_ALTNAME_INVALID",
      "Hostname/IP does not match certificate's altnames:\nHost: a. is not in the cert's altnames: DNS:b",
      /^the TLS connection failed: the server's certificate is for another host name: fetch failed: Hostname\/IP does not match certificate's altnames: Host: a\. is not/,
    ],
    [
      "CERT_HAS_EXPIRED",
      "certificate has expired",
      /^the TLS connection failed: the server's certificate is not valid now: /,
    ],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "wrong version number", /^the TLS connection failed: /],
  ])("%s: one sentence, then the raw reason on one line", (code, message, expected) => {
    const said = describeError(fetchFailed(code, message));
    expect(said).toMatch(expected);
    expect(said).not.toMatch(/\n/);
  });

  it("other failures keep their raw reason alone", () => {
    expect(failureSentence(fetchFailed("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"))).toBeUndefined();
    expect(describeError(fetchFailed("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"))).toBe(
      "fetch failed: connect ECONNREFUSED 127.0.0.1:1",
    );
  });
});

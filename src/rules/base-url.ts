// The base URL rule: the management console's URL, e.g. https://demo.apinizer.com. Used by the
// client, `delete`, `verify` and `cleanup`. A problem never repeats any part of the value: a
// token pasted in the wrong place would otherwise be printed back.

/** The normalised URL (no trailing slash), or the reason the value is unusable. */
export type BaseUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly problem: string };

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Checks any other URL a command is given (a broker's, a published document's): http(s) and no
 * credentials. The problem is a fragment to follow the value's name ("… is not a valid URL").
 */
export function checkHttpUrl(value: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: "is not a valid URL (write it as https://<host>/...)" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, problem: "must be an http:// or https:// URL" };
  }
  if (url.username !== "" || url.password !== "") {
    return { ok: false, problem: "must not contain credentials (user:password@)" };
  }
  return { ok: true, url: url.href };
}

/**
 * Checks a base URL: http(s), no credentials, no query or fragment, and not already ending in
 * `/apiops` (the API Ops paths are added to it). A path prefix is kept (`https://host/gw`).
 */
export function checkBaseUrl(value: unknown): BaseUrlCheck {
  const fail = (problem: string): BaseUrlCheck => ({ ok: false, problem });
  if (typeof value !== "string" || value.trim() === "") return fail("must be a non-empty URL");
  const text = value.trim();
  if (!SCHEME.test(text) || /^[^:/]+:\d+(?:\/|$)/.test(text)) {
    return fail(
      "has no scheme: write it as https://<host> (the management console's URL, e.g. https://demo.apinizer.com)",
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail("is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return fail("must be an http:// or https:// URL");
  if (url.username !== "" || url.password !== "") {
    return fail("must not contain credentials (user:password@); the token goes in APINIZER_TOKEN");
  }
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(text)) return fail("must not contain a query or a fragment");
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/apiops$/i.test(path)) {
    return fail(
      "must not end in /apiops: give the console's URL (https://host); the /apiops/... paths are added to it",
    );
  }
  return { ok: true, url: `${url.origin}${path}` };
}

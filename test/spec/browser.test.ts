// The reference page (`npm run docs`) in a real browser: Debian's Chromium, headless, driven by
// playwright-core, with every request that is not the page's own file refused. With JavaScript
// off and on, the operation, both path parameters and every response with each named example
// (its summary naming its envelope) are visible, nothing is fetched from the network, and the
// console shows no error. Without Chromium the tests are skipped, saying so in the summary
// (.ci/run installs it).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishPage, SECTION_ID } from "../../scripts/reference-page.js";
import { DELETE_PATH, type NamedExample, namedExamples } from "../support/example-runs.js";
import { bundledSpec, type Spec, tool } from "../support/spec.js";

const CHROMIUM = "/usr/bin/chromium";
const missing = !existsSync(CHROMIUM);
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const work = mkdtempSync(join(tmpdir(), "apinizer-browser-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What one visit saw. */
interface Visit {
  errors: string[];
  /** Requests refused because they left the page's own file. */
  blocked: string[];
  page: Page;
  close: () => Promise<void>;
}

/** Opens the page in a fresh context of `browser` (its own profile, as incognito), JavaScript on or off, the network refused. */
async function visit(browser: Browser, file: string, javaScript: boolean): Promise<Visit> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, offline: true });
  const errors: string[] = [];
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pathToFileURL(file).href) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  if (javaScript) await page.getByText("Responses", { exact: true }).first().waitFor({ timeout: 20_000 });
  return { errors, blocked, page, close: () => context.close() };
}

let spec: Spec;
let examples: NamedExample[];
let file: string;
const visits = new Map<boolean, Visit>();
let browser: Browser | undefined;
beforeAll(async () => {
  if (missing) return;
  spec = await bundledSpec();
  examples = namedExamples(spec);
  // As `npm run docs` builds it: Redocly's page, then the static reference.
  file = join(work, "index.html");
  const built = await tool("redocly", ["build-docs", "main", "--inlineBundle", "-o", file]);
  if (built.code !== 0) throw new Error(built.output);
  writeFileSync(file, finishPage(readFileSync(file, "utf8"), spec));
  // One browser (a Chromium start costs 2 s of CPU), both visits at once, each in a context of its own.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const [off, on] = await Promise.all([visit(browser, file, false), visit(browser, file, true)]);
  visits.set(false, off).set(true, on);
}, 90_000);
afterAll(async () => {
  await Promise.all([...visits.values()].map((v) => v.close()));
  await browser?.close();
});

describe.skipIf(missing)(
  `the reference page in headless Chromium${missing ? ` (skipped: ${CHROMIUM} not found; apt-get install chromium, as .ci/run does)` : ""}`,
  () => {
    describe.each([
      ["without JavaScript", false],
      ["with JavaScript", true],
    ] as const)("%s", (_, javaScript) => {
      let seen: Visit;
      beforeAll(() => {
        const found = visits.get(javaScript);
        if (!found) throw new Error("the page was not visited");
        seen = found;
      });

      it("shows the operation and both path parameters with their examples", async () => {
        const section = seen.page.locator(`#${SECTION_ID}`);
        await expect.poll(() => section.isVisible()).toBe(true);
        expect(await section.locator("code.operation").textContent()).toBe(`DELETE ${DELETE_PATH}`);
        for (const name of ["projectName", "connectionName"]) {
          const parameter = section.locator(`.parameter[data-name="${name}"]`);
          expect(await parameter.isVisible(), name).toBe(true);
          expect(await parameter.locator("dt").count(), name).toBe(examples.length);
        }
      });

      it("shows every response with each named example, its summary naming its envelope", async () => {
        const section = seen.page.locator(`#${SECTION_ID}`);
        for (const status of Object.keys(spec["paths"][DELETE_PATH].delete.responses)) {
          expect(await section.locator(`.response[data-status="${status}"] h4`).first().isVisible(), status).toBe(true);
        }
        for (const example of examples) {
          const figure = section.locator(`.response[data-status="${example.status}"] [data-example="${example.name}"]`);
          expect(await figure.isVisible(), example.name).toBe(true);
          expect(await figure.locator("figcaption").textContent()).toContain(`(${example.envelope} envelope`);
          expect(JSON.parse((await figure.locator("pre").textContent()) ?? "")).toEqual(example.body);
        }
      });

      it("loads nothing from the network and logs no console error", () => {
        expect(seen.blocked).toEqual([]);
        expect(seen.errors).toEqual([]);
      });

      if (javaScript) {
        it("Redoc's own page renders the operation too", async () => {
          const redoc = seen.page.locator("#redoc");
          expect(await redoc.getByText("projectName", { exact: true }).first().isVisible()).toBe(true);
          expect(await redoc.getByText("Delete Connection", { exact: true }).first().isVisible()).toBe(true);
        });
      }
    });
  },
);

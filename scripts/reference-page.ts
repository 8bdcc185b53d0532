// `npm run docs`, second step: finishes the page Redocly's build-docs wrote. Redocly pre-renders
// only the title and the overview; the operation appears once its script runs. This adds a
// static reference of Delete Connection rendered here from the bundled spec
// (src/generated/openapi.json): the operation, both path parameters with their examples, every
// response with every named example (its summary says which envelope), visible with and without
// JavaScript. It also swaps the Redocly logo, which the page loads from a CDN, for an inline one,
// so the page loads nothing from the network. Runs on Node 22 as it is (type stripping), with
// nothing but node: modules.
//
//   node scripts/reference-page.ts build/docs/index.html
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// biome-ignore lint/suspicious/noExplicitAny: the bundled spec, walked freely
type Json = Record<string, any>;

const ROOT = join(import.meta.dirname, "..");
export const SECTION_ID = "reference-static";

const htmlText = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The Markdown the spec's descriptions use: paragraphs, `-` lists, `###` headings, **bold** and `code`. */
function markdown(text: string): string {
  const inline = (line: string) =>
    htmlText(line)
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  const html: string[] = [];
  let list: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) html.push(`<p>${inline(paragraph.join(" "))}</p>`);
    if (list.length) html.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join("")}</ul>`);
    paragraph = [];
    list = [];
  };
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") flush();
    else if (line.startsWith("### ")) {
      flush();
      html.push(`<h4>${inline(line.slice(4))}</h4>`);
    } else if (line.startsWith("- ")) {
      if (paragraph.length) flush();
      list.push(line.slice(2));
    } else if (list.length) list[list.length - 1] += ` ${line}`;
    else paragraph.push(line);
  }
  flush();
  return html.join("\n");
}

/** The static reference of the spec's one operation, as HTML. */
export function staticReference(spec: Json): string {
  const [path, item] = Object.entries<Json>(spec["paths"])[0] ?? [];
  if (!path || !item) throw new Error("the spec has no path");
  const operation: Json = item["delete"];
  const parameters: Json[] = [...(item["parameters"] ?? []), ...(operation["parameters"] ?? [])];
  const out: string[] = [];
  out.push(`<section id="${SECTION_ID}" aria-labelledby="${SECTION_ID}-title">`);
  out.push(`<h2 id="${SECTION_ID}-title">${htmlText(operation["summary"])}: the reference in plain HTML</h2>`);
  out.push(`<p><code class="operation">DELETE ${htmlText(path)}</code></p>`);
  out.push(markdown(operation["description"] ?? ""));
  out.push(`<h3>Path parameters</h3>`);
  for (const p of parameters) {
    out.push(`<div class="parameter" data-name="${htmlText(p["name"])}">`);
    out.push(
      `<h4><code>${htmlText(p["name"])}</code> (${htmlText(p["in"])}, ${p["required"] ? "required" : "optional"}, ${htmlText(p["schema"]?.type ?? "")})</h4>`,
    );
    out.push(markdown(p["description"] ?? ""));
    out.push(`<dl class="examples">`);
    for (const [name, example] of Object.entries<Json>(p["examples"] ?? {})) {
      out.push(
        `<dt>${htmlText(example["summary"] ?? name)} <small>(${htmlText(name)})</small></dt><dd><code>${htmlText(String(example["value"]))}</code></dd>`,
      );
    }
    out.push(`</dl></div>`);
  }
  out.push(`<h3>Responses</h3>`);
  for (const [status, response] of Object.entries<Json>(operation["responses"])) {
    out.push(`<div class="response" data-status="${htmlText(status)}">`);
    out.push(`<h4>${htmlText(status)}</h4>`);
    out.push(markdown(response["description"] ?? ""));
    for (const [type, media] of Object.entries<Json>(response["content"] ?? {})) {
      for (const [name, example] of Object.entries<Json>(media["examples"] ?? {})) {
        out.push(`<figure class="example" data-example="${htmlText(name)}">`);
        out.push(
          `<figcaption>${htmlText(example["summary"] ?? name)} <small>(${htmlText(name)}, ${htmlText(type)})</small></figcaption>`,
        );
        out.push(`<pre><code>${htmlText(JSON.stringify(example["value"], null, 2))}</code></pre></figure>`);
      }
    }
    out.push(`</div>`);
  }
  out.push(`</section>`);
  return out.join("\n");
}

const STYLE = `<style>
#${SECTION_ID} { box-sizing: border-box; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem 3rem;
  font: 15px/1.5 system-ui, sans-serif; color: #1a1c21; }
#${SECTION_ID} pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; border-radius: 4px; }
#${SECTION_ID} figure { margin: .75rem 0; }
#${SECTION_ID} figcaption, #${SECTION_ID} dt { font-weight: 600; }
</style>`;

/** An inline logo for the "API docs by" attribution (the page otherwise fetches it from cdn.redoc.ly). */
const LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="currentColor">Redocly</text></svg>',
)}`;

/** The page with the static reference at the end of its body and the CDN logo inlined. */
export function finishPage(html: string, spec: Json): string {
  if (html.includes(`id="${SECTION_ID}"`)) throw new Error("the page already has the static reference");
  const at = html.lastIndexOf("</body>");
  if (at < 0) throw new Error("no </body> in the page");
  const page = `${html.slice(0, at)}${STYLE}\n${staticReference(spec)}\n${html.slice(at)}`;
  return page.replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, LOGO);
}

if (resolve(process.argv[1] ?? "") === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: node scripts/reference-page.ts PAGE.html\n");
    process.exit(2);
  }
  const spec = JSON.parse(readFileSync(join(ROOT, "src/generated/openapi.json"), "utf8")) as Json;
  writeFileSync(file, finishPage(readFileSync(file, "utf8"), spec));
}

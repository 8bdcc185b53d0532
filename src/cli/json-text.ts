// JSON text of a value however deeply it nests. JSON.stringify recurses and throws "Maximum call
// stack size exceeded" at a few thousand levels, and a server decides how deeply its answer
// nests (`delete --json` prints the parsed answer as `data`): past that, this walks with its own
// stack and writes the same text.

type Frame =
  | { readonly kind: "array"; readonly items: readonly unknown[]; next: number }
  | { readonly kind: "object"; readonly entries: [string, unknown][]; next: number; written: number };

/** The JSON text of a primitive, or undefined for what JSON leaves out (undefined, functions, symbols). */
function primitive(value: unknown): string | undefined {
  if (typeof value === "bigint") throw new TypeError("Do not know how to serialize a BigInt");
  return JSON.stringify(value);
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

function frameOf(value: object): Frame {
  return Array.isArray(value)
    ? { kind: "array", items: value, next: 0 }
    : { kind: "object", entries: Object.entries(value), next: 0, written: 0 };
}

/** Writes `value` like JSON.stringify(value) without recursion (no indentation, no replacer). */
function walk(value: unknown): string {
  if (!isContainer(value)) return primitive(value) ?? "null";
  const out: string[] = [Array.isArray(value) ? "[" : "{"];
  const stack: Frame[] = [frameOf(value)];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    let child: unknown;
    if (frame.kind === "array") {
      if (frame.next === frame.items.length) {
        out.push("]");
        stack.pop();
        continue;
      }
      if (frame.next > 0) out.push(",");
      child = frame.items[frame.next++];
      if (!isContainer(child)) {
        out.push(primitive(child) ?? "null");
        continue;
      }
    } else {
      if (frame.next === frame.entries.length) {
        out.push("}");
        stack.pop();
        continue;
      }
      const [key, v] = frame.entries[frame.next++] as [string, unknown];
      const text = isContainer(v) ? "" : primitive(v);
      if (text === undefined) continue; // JSON.stringify leaves such fields out
      if (frame.written++ > 0) out.push(",");
      out.push(`${JSON.stringify(key)}:`);
      if (!isContainer(v)) {
        out.push(text);
        continue;
      }
      child = v;
    }
    out.push(Array.isArray(child) ? "[" : "{");
    stack.push(frameOf(child as object));
  }
  return out.join("");
}

/**
 * `JSON.stringify(value)` (no replacer, no indentation) for plain JSON data, at any depth: the
 * built-in first, this module's own walk when the built-in runs out of call stack. An object with
 * its own `toJSON` is left to JSON.stringify.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return walk(value);
  }
}

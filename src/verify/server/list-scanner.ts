// A List Connections answer read as it arrives, without holding it: a byte scanner that follows
// the JSON's structure (strings, escapes, nesting) only far enough to cut the root object into its
// members and the `resultList` array into its items, and parses each of those small pieces with
// JSON.parse. Structural characters are ASCII, and no byte of a multi-byte UTF-8 character is
// ASCII, so the bytes need no decoding to be scanned. (The package's only runtime dependency is
// openapi-fetch: no streaming JSON library is added for this one answer.)

/** The longest single connection (or other member of the root) parsed; a longer one is counted, not read. */
const MAX_PIECE_BYTES = 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const utf8 = new TextDecoder();

/** What the scanner found so far. */
export interface ScanResult {
  /** The root's members other than `resultList`, parsed (each at most MAX_PIECE_BYTES). */
  readonly top: Record<string, unknown>;
  /** Whether a `resultList` array was met. */
  readonly sawList: boolean;
  /** The first way the text was found not to be JSON, if any. */
  readonly error: string | undefined;
}

/**
 * Feeds chunks of a JSON text; calls `onItem` with each item of the root's `resultList` as soon as
 * it is complete (parsed, or `undefined` when it was longer than MAX_PIECE_BYTES).
 */
export class ListScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Inside the root object: the member's key being read or last read. */
  private key: string | undefined;
  private keyBytes: number[] | undefined;
  private expectKey = false;
  /** Depth of the resultList array's items (2) while inside it, else 0. */
  private inList = false;
  /** The piece being collected (a root member's value or a list item), as chunks. */
  private piece: Uint8Array[] | undefined;
  private pieceBytes = 0;
  private pieceTooLong = false;
  private readonly found: { top: Record<string, unknown>; sawList: boolean; error: string | undefined } = {
    top: {},
    sawList: false,
    error: undefined,
  };

  constructor(private readonly onItem: (item: unknown) => void) {}

  get result(): ScanResult {
    return this.found;
  }

  /** Scans one chunk (any size, any cut). Stops scanning for good at the first error. */
  write(chunk: Uint8Array): void {
    if (this.found.error !== undefined) return;
    let from = this.piece === undefined ? -1 : 0; // where the piece's bytes in this chunk start
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (this.inString) {
        if (this.keyBytes !== undefined && !(b === QUOTE && !this.escaped)) this.keyBytes.push(b);
        if (this.escaped) this.escaped = false;
        else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) {
          this.inString = false;
          if (this.keyBytes !== undefined) {
            this.key = this.parseKey(this.keyBytes);
            this.keyBytes = undefined;
          }
        }
        continue;
      }
      if (isSpace(b)) continue;
      // A value starts: at depth 1 after "key":, or at depth 2 as an item of resultList.
      const startsPiece =
        this.piece === undefined &&
        ((this.depth === 1 && !this.expectKey) || (this.inList && this.depth === 2)) &&
        b !== 0x2c &&
        b !== 0x5d &&
        b !== 0x7d &&
        b !== 0x3a;
      if (this.depth === 1 && !this.expectKey && b === 0x5b && this.key === "resultList" && this.piece === undefined) {
        this.inList = true;
        this.found.sawList = true;
        this.depth = 2;
        continue;
      }
      if (startsPiece) {
        this.piece = [];
        this.pieceBytes = 0;
        this.pieceTooLong = false;
        from = i;
      }
      if (b === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.expectKey && this.piece === undefined) this.keyBytes = [];
        continue;
      }
      if (b === 0x7b || b === 0x5b) {
        if (this.depth === 0 && b !== 0x7b) {
          this.fail("the root is not an object");
          return;
        }
        this.depth += 1;
        if (this.depth === 1) this.expectKey = true;
        continue;
      }
      if (b === 0x3a) {
        if (this.depth === 1 && this.piece === undefined) this.expectKey = false;
        continue;
      }
      if (b === 0x2c || b === 0x7d || b === 0x5d) {
        // A piece ends where its container's depth sees a comma or its closing bracket.
        const pieceDepth = this.inList ? 2 : 1;
        if (this.piece !== undefined && this.depth === pieceDepth) {
          this.endPiece(chunk.subarray(from, i));
          from = -1;
        }
        if (b === 0x2c) {
          if (this.depth === 1) this.expectKey = true;
          continue;
        }
        this.depth -= 1;
        if (this.inList && this.depth === 1) {
          this.inList = false;
          this.expectKey = false;
        }
        if (this.depth < 0) {
          this.fail("a closing bracket without an opening one");
          return;
        }
        continue;
      }
      if (this.depth === 0) {
        this.fail("the root is not an object");
        return;
      }
    }
    if (this.piece !== undefined && from >= 0) this.keep(chunk.subarray(from));
  }

  private parseKey(bytes: number[]): string | undefined {
    try {
      return JSON.parse(`"${utf8.decode(new Uint8Array(bytes))}"`) as string;
    } catch {
      return undefined;
    }
  }

  private keep(bytes: Uint8Array): void {
    if (this.pieceTooLong || this.piece === undefined) return;
    this.pieceBytes += bytes.length;
    if (this.pieceBytes > MAX_PIECE_BYTES) {
      this.pieceTooLong = true;
      this.piece = [];
      return;
    }
    this.piece.push(bytes.slice());
  }

  private endPiece(last: Uint8Array): void {
    this.keep(last);
    const chunks = this.piece ?? [];
    const tooLong = this.pieceTooLong;
    this.piece = undefined;
    let value: unknown;
    if (!tooLong) {
      const all = new Uint8Array(this.pieceBytes);
      let at = 0;
      for (const c of chunks) {
        all.set(c, at);
        at += c.length;
      }
      try {
        value = JSON.parse(utf8.decode(all));
      } catch (error) {
        this.fail((error as Error).message);
        return;
      }
    }
    if (this.inList) this.onItem(value);
    else if (this.key !== undefined && !tooLong) this.found.top[this.key] = value;
  }

  private fail(why: string): void {
    this.found.error ??= why;
  }
}

// Progress of a long phase (verify --names, a cleanup of many fixtures, a large contract, a delete
// of many connections), always on stderr so that stdout keeps only the results scripts read
// (and, with --json, only the one JSON object). On a terminal: one line rewritten in place with
// the count and an estimate of the time left. Elsewhere (a pipeline's log): a plain line now and
// then, never one per item.
import type { CliIo } from "./io.js";

/** What a long phase tells its reporter. */
export interface Progress {
  /** `done` of `total` items are finished (absolute, not an increment; a smaller count is ignored). */
  update(done: number, total?: number): void;
  /** The phase is over: the terminal line is ended (or the last count printed), and nothing more is written. */
  finish(): void;
  /** Before other output on the terminal: the line is erased, and drawn again at the next update. */
  hide(): void;
}

/** How a reporter is made; `now` and the intervals are for tests. */
export interface ProgressOptions {
  /** What is counted, as the line names it: "names checked", "fixtures removed". */
  readonly label: string;
  /** The number of items, when known at the start (else the first `update` that gives one). */
  readonly total?: number | undefined;
  /** Milliseconds since some fixed point; default `performance.now`. */
  readonly now?: () => number;
  /** On a terminal, the least time between two rewrites of the line (ms); default 100. */
  readonly redrawMs?: number;
  /** On a terminal, how long a phase runs before its line appears (ms); default 1000 (a short phase shows nothing). */
  readonly delayMs?: number;
  /** Elsewhere, the least time between two plain lines (ms); default 10 000. */
  readonly lineMs?: number;
}

/** A reporter that writes nothing (for phases too short to report, or when a caller opts out). */
export const NO_PROGRESS: Progress = { update: () => {}, finish: () => {}, hide: () => {} };

/**
 * VerifyOutput.progress for a command: one reporter per phase, made on the phase's first count and
 * finished with its last; `hide()` erases every live line before the command prints something else.
 */
export function phaseProgress(io: CliIo): { progress(phase: string, done: number, total: number): void; hide(): void } {
  const reporters = new Map<string, Progress>();
  return {
    progress(phase, done, total) {
      let reporter = reporters.get(phase);
      if (reporter === undefined) {
        reporter = progressReporter(io, { label: phase, total });
        reporters.set(phase, reporter);
      }
      reporter.update(done, total);
      if (done >= total) {
        reporter.finish();
        reporters.delete(phase);
      }
    },
    hide() {
      for (const reporter of reporters.values()) reporter.hide();
    },
  };
}

/** "about 1 min 20 s left", "about 12 s left"; `undefined` before there is anything to estimate from. */
export function estimate(elapsedMs: number, done: number, total: number): string | undefined {
  if (done <= 0 || total <= done || elapsedMs <= 0) return undefined;
  const seconds = Math.ceil(((elapsedMs / done) * (total - done)) / 1000);
  if (seconds < 60) return `about ${seconds} s left`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return `about ${minutes} min${rest === 0 ? "" : ` ${rest} s`} left`;
}

/**
 * A reporter for one phase, writing to `io.stderr`: a line rewritten in place (CR, erase to end of
 * line) when stderr is a terminal, else a plain line at most every `lineMs` and one at the end.
 * The first write happens on the first `update`, so a phase that never starts prints nothing.
 */
export function progressReporter(io: CliIo, options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const terminal = io.tty?.stderr === true && io.env["TERM"] !== "dumb";
  const interval = terminal ? (options.redrawMs ?? 100) : (options.lineMs ?? 10_000);
  const started = now();
  let total = options.total;
  let done = 0;
  let lastWrite: number | undefined;
  let written = false;
  let shown = false;
  let finished = false;

  const line = (): string => {
    const count = total === undefined ? `${done}` : `${done}/${total}`;
    const percent = total === undefined || total === 0 ? "" : ` (${Math.floor((done / total) * 100)}%)`;
    const left = total === undefined ? undefined : estimate(now() - started, done, total);
    return `${options.label}: ${count}${percent}${left === undefined ? "" : `, ${left}`}`;
  };
  const write = (): void => {
    io.stderr(terminal ? `\r${line()}\u001b[K` : `${line()}\n`);
    lastWrite = now();
    written = true;
    shown = terminal;
  };
  const delay = options.delayMs ?? 1000;

  return {
    update(count, newTotal) {
      if (finished) return;
      if (newTotal !== undefined) total = newTotal;
      if (count < done) return;
      done = count;
      // The first line comes once the phase has run `delay` (terminal) or one interval (a log);
      // a hidden terminal line is drawn again at once.
      if (terminal && written && !shown) return write();
      const wait = lastWrite === undefined ? (terminal ? delay : interval) : interval;
      if (now() - (lastWrite ?? started) >= wait) write();
    },
    hide() {
      if (!shown) return;
      io.stderr("\r\u001b[K");
      shown = false;
    },
    finish() {
      if (finished) return;
      finished = true;
      if (written) io.stderr(terminal ? `\r${line()}\u001b[K\n` : `${line()}\n`);
    },
  };
}

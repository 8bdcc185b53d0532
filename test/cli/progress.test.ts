import { describe, expect, it } from "vitest";
import { estimate, phaseProgress, progressReporter } from "../../src/cli/progress.js";
import { captureIo } from "../support/io.js";

/** A clock the test moves by hand. */
function clock() {
  let t = 0;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe("progress on stderr", () => {
  it("rewrites one line in place on a terminal, with a count, a percentage and an estimate", () => {
    const c = captureIo();
    const time = clock();
    const progress = progressReporter(
      { ...c.io, tty: { stdout: true, stderr: true } },
      {
        label: "names checked",
        total: 100,
        now: time.now,
      },
    );
    time.advance(1000);
    progress.update(10);
    time.advance(50);
    progress.update(11); // within the redraw interval: not drawn
    time.advance(1000);
    progress.update(20);
    progress.finish();
    expect(c.stdout()).toBe("");
    const frames = c
      .stderr()
      .split("\r")
      .filter((f) => f !== "");
    expect(frames[0]).toBe("names checked: 10/100 (10%), about 9 s left\u001b[K");
    expect(frames).toHaveLength(3);
    expect(frames[2]).toBe("names checked: 20/100 (20%), about 9 s left\u001b[K\n");
    expect(c.stderr().split("\n")).toHaveLength(2); // one line, ended once
  });

  it("prints a plain line now and then when stderr is not a terminal, never one per item", () => {
    const c = captureIo();
    const time = clock();
    const progress = progressReporter(c.io, { label: "fixtures removed", total: 1000, now: time.now, lineMs: 10_000 });
    for (let i = 1; i <= 1000; i++) {
      time.advance(50); // 50 s in all
      progress.update(i);
    }
    progress.finish();
    const lines = c.stderr().trimEnd().split("\n");
    expect(c.stderr()).not.toContain("\r");
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines.at(-1)).toBe("fixtures removed: 1000/1000 (100%)");
  });

  it("says nothing for a phase shorter than one interval in a log", () => {
    const c = captureIo();
    const time = clock();
    const progress = progressReporter(c.io, { label: "x", total: 3, now: time.now });
    progress.update(1);
    progress.update(3);
    progress.finish();
    expect(c.stderr()).toBe("");
  });

  it("estimates minutes and seconds, and nothing before the first item", () => {
    expect(estimate(1000, 0, 10)).toBeUndefined();
    expect(estimate(1000, 10, 10)).toBeUndefined();
    expect(estimate(10_000, 1, 9)).toBe("about 1 min 20 s left");
    expect(estimate(30_000, 1, 3)).toBe("about 1 min left");
  });

  it("on a terminal: nothing for a phase shorter than a second; hide() erases the line and the next count redraws it", () => {
    const c = captureIo();
    const time = clock();
    const tty = { ...c.io, tty: { stdout: true, stderr: true } };
    const quick = progressReporter(tty, { label: "q", total: 2, now: time.now });
    quick.update(1);
    quick.update(2);
    quick.finish();
    expect(c.stderr()).toBe("");
    const slow = progressReporter(tty, { label: "s", total: 10, now: time.now });
    time.advance(1500);
    slow.update(1);
    slow.hide();
    slow.hide(); // once is enough
    time.advance(10);
    slow.update(2); // redrawn at once, within the redraw interval
    expect(
      c
        .stderr()
        .split("\r")
        .filter((f) => f !== ""),
    ).toEqual(["s: 1/10 (10%), about 14 s left\u001b[K", "\u001b[K", "s: 2/10 (20%), about 7 s left\u001b[K"]);
  });

  it("phaseProgress: one reporter per phase, on stderr only (stdout keeps the results, --json its one object)", () => {
    const c = captureIo();
    const live = phaseProgress({ ...c.io, tty: { stdout: true, stderr: true } });
    live.progress("names checked", 0, 3);
    live.progress("names checked", 3, 3);
    live.hide();
    expect(c.stdout()).toBe("");
  });
});

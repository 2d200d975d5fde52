import { describe, expect, it } from "vitest";
import { coalesce } from "../../workers/shared/coalesce";

describe("coalesce", () => {
  it("runs once for calls during a run, plus one trailing round that sees the latest state", async () => {
    let state = 0;
    const seen: number[] = [];
    let release!: () => void;
    const run = coalesce(
      async () => {
        seen.push(state);
        if (seen.length === 1) await new Promise<void>((r) => (release = r));
      },
      () => {},
    );
    const first = run();
    state = 1;
    const second = run();
    state = 2;
    const third = run();
    expect(second).toBe(first);
    expect(third).toBe(first);
    release();
    await first;
    expect(seen).toEqual([0, 2]); // one run, then one more round covering every later call
    await run();
    expect(seen).toEqual([0, 2, 2]); // idle again: a new call starts a new run
  });

  it("reports a failure and recovers for the next call", async () => {
    const errors: unknown[] = [];
    let fail = true;
    const run = coalesce(
      async () => {
        if (fail) throw new Error("boom");
      },
      (e) => errors.push(e),
    );
    await run();
    expect(errors).toHaveLength(1);
    fail = false;
    await run();
    expect(errors).toHaveLength(1);
  });
});

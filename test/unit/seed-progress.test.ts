// The seed's step lines (workers/cli/progress.ts): numbered steps, a percentage and a time left
// from the pace so far for every phase over a few seconds, printed as lines in a log and
// rewritten in place on a terminal; the recommendations build's share done; and the closing
// line naming the admin password's real source (admin-password.ts), never the password.
import { describe, expect, it } from "vitest";
import { adminSummary, resolveAdminPassword } from "../../workers/cli/admin-password";
import { createSteps, LOG_EVERY_MS, QUIET_MS, recsFraction, timeLeft } from "../../workers/cli/progress";
import { RECS } from "../../workers/recommendations/recommendations";

const capture = (isTTY: boolean) => {
  const written: string[] = [];
  let clock = 0;
  const steps = createSteps(6, { isTTY, write: (t) => written.push(t) }, () => clock);
  return {
    steps,
    written,
    advance: (ms: number) => {
      clock += ms;
    },
  };
};

describe("seed progress", () => {
  it("in a log: a short step prints only its result; a long one prints numbered progress lines with the time left", () => {
    const { steps, written, advance } = capture(false);
    const quick = steps.start("Applying D1 migrations");
    quick.progress(0.5);
    advance(400);
    quick.done("D1 migrations: up to date");
    expect(written).toEqual(["[1/6] D1 migrations: up to date (0.4 s)\n"]);

    written.length = 0;
    const recs = steps.start("Building recommendations");
    for (let i = 1; i <= 20; i++) {
      advance(1_000); // 20 s at 5% a second
      recs.progress((i / 20) * 0.99);
    }
    recs.done("Recommendations: 10 pairs");
    const progressLines = written.slice(0, -1);
    // Every line is a whole line (no \r), at most one per LOG_EVERY_MS, the first after QUIET_MS.
    expect(progressLines.every((l) => l.endsWith("\n") && !l.includes("\r"))).toBe(true);
    expect(progressLines.length).toBe(1 + Math.floor((20_000 - QUIET_MS) / LOG_EVERY_MS));
    // At 3 s the step is 14.85% done: 17 s are left at that pace, said to the nearest 5 s.
    expect(progressLines[0]).toBe("[2/6] Building recommendations… 14% · about 15 s left\n");
    expect(progressLines.at(-1)).toBe("[2/6] Building recommendations… 89% · a few seconds left\n");
    expect(written.at(-1)).toBe("[2/6] Recommendations: 10 pairs (20.0 s)\n");
  });

  it("on a terminal: the line is rewritten in place, then ends with the result", () => {
    const { steps, written, advance } = capture(true);
    const step = steps.start("Importing the demo data");
    advance(QUIET_MS);
    step.progress(0.25, "reading the file");
    advance(3_000);
    step.progress(0.5, "reading the file");
    step.done("Demo data imported");
    expect(written[0]).toMatch(/^\r\[1\/6\] Importing the demo data… reading the file 25%\u001b\[K$/);
    expect(written[1]).toBe("\r[1/6] Importing the demo data… reading the file 50% · a few seconds left\u001b[K");
    expect(written[2]).toBe("\r[1/6] Demo data imported (6.0 s)\u001b[K\n");
  });

  it("estimates the time left from the pace so far, and only once there is something to go on", () => {
    expect(timeLeft(10_000, 0.5)).toBe("about 10 s left");
    expect(timeLeft(20_000, 0.4)).toBe("about 30 s left");
    expect(timeLeft(60_000, 0.25)).toBe("about 3 min left");
    expect(timeLeft(500, 0.5)).toBeNull();
    expect(timeLeft(10_000, 0.01)).toBeNull();
  });

  it("measures a recommendations build in its steps: snapshot chunks, stats, two pair passes, popular, publish", () => {
    const orders = 20_000;
    const items = 3_800;
    const total = Math.ceil(orders / RECS.chunkOrders) + 2 + 2 * Math.ceil(items / RECS.chunkItems) + 2;
    expect(recsFraction({ phase: "snapshot_orders", cursor: 0 }, 0, orders, items)).toBe(0);
    expect(recsFraction({ phase: "similar", cursor: 0 }, total / 2, orders, items)).toBeCloseTo(0.5);
    expect(recsFraction({ phase: "publish", cursor: 0 }, total + 3, orders, items)).toBeLessThan(1);
    expect(recsFraction({ phase: "done", cursor: 0 }, total, orders, items)).toBe(1);
  });
});

describe("the admin password's source", () => {
  const devVars = `JWT_SECRET="x"\nADMIN_PASSWORD="from-dev-vars-1"\n`;

  it("is .dev.vars unless the environment sets ADMIN_PASSWORD, and the summary says which", () => {
    const fromFile = resolveAdminPassword(undefined, devVars);
    expect(fromFile).toEqual({ password: "from-dev-vars-1", source: ".dev.vars" });
    const fromEnv = resolveAdminPassword("from-the-env-2", devVars);
    expect(fromEnv).toEqual({ password: "from-the-env-2", source: "the environment" });
    expect(adminSummary("admin@example.com", true, fromFile.source)).toBe(
      "admin: admin@example.com, password from .dev.vars (ADMIN_PASSWORD)",
    );
    expect(adminSummary("admin@example.com", true, fromEnv.source)).toBe(
      "admin: admin@example.com, password from the environment (ADMIN_PASSWORD)",
    );
  });

  it("never prints the password, and does not claim a source for an account it did not create", () => {
    for (const created of [true, false]) expect(adminSummary("admin@example.com", created, ".dev.vars")).not.toContain("from-dev-vars-1");
    expect(adminSummary("admin@example.com", false, ".dev.vars")).not.toContain("from .dev.vars");
  });

  it("refuses a missing or unfit password, naming where it looked", () => {
    expect(() => resolveAdminPassword(undefined, null)).toThrow(/ADMIN_PASSWORD is not set/);
    expect(() => resolveAdminPassword(undefined, "JWT_SECRET=x\n")).toThrow(/ADMIN_PASSWORD is not set/);
    expect(() => resolveAdminPassword("short", null)).toThrow(/from the environment\) must have 8-128/);
  });
});

// `npm start`'s local cron (workers/cli/local-cron.ts): every minute it calls wrangler dev's
// /__scheduled trigger, logs one line per run and survives failures. Driven with a fake clock
// and fake fetch. Also: the trigger does not exist on the deployed Worker.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CRON_INTERVAL_MS, scheduledUrl, startLocalCron, wranglerDevArgs, type LocalCronDeps } from "../../workers/cli/local-cron";
import worker from "../../workers/index";

type Answer = { ok: boolean; status: number; text(): Promise<string> } | Error;

const harness = (answers: Answer[]) => {
  const calls: string[] = [];
  const lines: string[] = [];
  let tick: (() => void) | null = null;
  let period = 0;
  let stopped = false;
  let clock = 1_000;
  const deps: LocalCronDeps = {
    url: scheduledUrl("http://localhost:8790"),
    fetch: async (url) => {
      calls.push(url);
      clock += 25;
      const a = answers.shift() ?? { ok: true, status: 200, text: async () => "Ran scheduled event" };
      if (a instanceof Error) throw a;
      return a;
    },
    every: (ms, run) => {
      period = ms;
      tick = run;
      return () => {
        stopped = true;
      };
    },
    now: () => clock,
    log: (line) => lines.push(line),
  };
  const cron = startLocalCron(deps);
  /** One timer period passes: the tick fires and its run finishes. */
  const minute = async () => {
    tick?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { cron, calls, lines, minute, period: () => period, stopped: () => stopped };
};

describe("local cron (npm start)", () => {
  it("calls wrangler dev's scheduled trigger every minute, one log line per run", async () => {
    const h = harness([]);
    expect(h.period()).toBe(CRON_INTERVAL_MS);
    expect(h.calls).toEqual([]); // nothing before the first minute
    await h.minute();
    await h.minute();
    expect(h.calls).toEqual(["http://localhost:8790/__scheduled?cron=*+*+*+*+*", "http://localhost:8790/__scheduled?cron=*+*+*+*+*"]);
    expect(h.lines).toEqual(["cron: run 1 done in 25 ms", "cron: run 2 done in 25 ms"]);
    h.cron.stop();
    expect(h.stopped()).toBe(true);
  });

  it("survives an unreachable server and a failing handler, and keeps going", async () => {
    const h = harness([new Error("connect ECONNREFUSED"), { ok: false, status: 500, text: async () => "boom" }]);
    await h.minute();
    await h.minute();
    await h.minute();
    expect(h.calls).toHaveLength(3);
    expect(h.lines[0]).toMatch(/run 1 could not reach .*ECONNREFUSED/);
    expect(h.lines[1]).toMatch(/run 2 failed \(HTTP 500: boom\)/);
    expect(h.lines[2]).toBe("cron: run 3 done in 25 ms");
  });

  it("never overlaps runs: a minute that finds the last run still going is skipped", async () => {
    let release: () => void = () => {};
    const h = harness([]);
    const slow = startLocalCron({
      url: "http://x/__scheduled",
      now: () => 0,
      log: (l) => h.lines.push(l),
      every: () => () => {},
      fetch: () =>
        new Promise((r) => {
          release = () => r({ ok: true, status: 200, text: async () => "" });
        }),
    });
    const first = slow.runOnce();
    await slow.runOnce();
    release();
    await first;
    expect(h.lines).toEqual(["cron: the previous run is still going; this minute is skipped", "cron: run 1 done in 0 ms"]);
  });

  it("npm start runs wrangler dev with the scheduled trigger enabled, on the given port", () => {
    expect(wranglerDevArgs("8790")).toEqual(["dev", "--port", "8790", "--test-scheduled"]);
  });

  it("the deployed Worker has no /__scheduled (only wrangler dev --test-scheduled adds it)", async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request("https://shop.example/__scheduled?cron=*+*+*+*+*"), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(404);
  });
});

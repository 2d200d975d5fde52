// Fault: Durable Object evictions during the load. Every `everyMs`, a few of the contended
// InventoryDOs and of the buyers' CartDOs are evicted as the runtime may evict any object: its
// memory is gone, its storage and alarms stay, and the next call starts it again (perhaps while
// another call was in flight). Only running objects can be evicted; idle ones are skipped.
import type { BenchServer } from "../bench/server";
import { rng } from "./load";

export interface EvictionTally {
  evicted: number;
  /** Picked but not running at that moment (nothing to evict), or the runtime was restarting. */
  skipped: number;
}

export const evictWhileLoading = (
  server: BenchServer,
  targets: { skus: string[]; customers: string[] },
  opts: { everyMs: number; perTick: number; seed: number },
) => {
  const tally: EvictionTally = { evicted: 0, skipped: 0 };
  const random = rng(opts.seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  let stopped = false;
  const evictOne = async (binding: "INVENTORY" | "CART", name: string) => {
    try {
      await server.evict(binding, name);
      tally.evicted++;
    } catch {
      tally.skipped++;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      const picks: Promise<void>[] = [];
      for (let i = 0; i < opts.perTick; i++) {
        picks.push(evictOne("INVENTORY", pick(targets.skus)));
        if (targets.customers.length > 0) picks.push(evictOne("CART", `customer:${pick(targets.customers)}`));
      }
      await Promise.all(picks);
      await new Promise((r) => setTimeout(r, opts.everyMs));
    }
  })();
  return {
    stop: async (): Promise<EvictionTally> => {
      stopped = true;
      await loop;
      return tally;
    },
  };
};

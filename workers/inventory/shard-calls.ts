// The calls one InventoryDO makes to the other objects of a split SKU: deliver a transfer,
// announce a layout, gather the whole SKU. Messaging only; every decision stays in the DO.
import type { Ledger, Transfer } from "./inventory";
import * as rules from "./inventory";
import { aggregate, type Layout, shardName } from "./shard-rules";
import { detach, type Hold, objectStub } from "./sharding";
import type { InventorySnapshot, ReservationView, RpcResult } from "./types";

/** Hands a debited transfer to its recipient (with an order's hold); throws when refused. */
export const deliverTransfer = async (
  env: Cloudflare.Env,
  from: string,
  t: Transfer,
  hold?: Hold,
): Promise<RpcResult<ReservationView> | null> => {
  const r = await objectStub(env, t.peer).receive(t.peer, { id: t.id, from, qty: t.qty }, hold);
  if (!r.ok) throw new Error(`transfer ${t.id} refused: ${r.error.message}`);
  return detach(r.value.reservation);
};

/**
 * Tells every shard of `sku` the layout; `owned` are the main object's recent orders (each goes
 * to its home shard). Settles to each shard's answer: the orders it keeps, or why it failed.
 */
export const announceLayout = (env: Cloudflare.Env, sku: string, layout: Layout, owned: (i: number) => string[]) =>
  Promise.allSettled(
    Array.from({ length: layout.n }, async (_, i) => {
      const name = shardName(sku, i);
      const r = await objectStub(env, name).setShardLayout(name, layout, owned(i));
      if (!r.ok) throw new Error(r.error.message);
      return { name, orders: r.value.orders };
    }),
  );

/** The whole SKU: the main object's ledger plus every shard's own snapshot. */
export const gatherWhole = async (env: Cloudflare.Env, main: Ledger, n: number): Promise<InventorySnapshot> => {
  const sku = main.stock.sku;
  const shards = await Promise.all(Array.from({ length: n }, (_, i) => objectStub(env, shardName(sku, i)).snapshot(shardName(sku, i))));
  return aggregate(sku, [rules.snapshot(main), ...shards]);
};

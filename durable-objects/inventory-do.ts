// InventoryDO: one per SKU (idFromName(sku)), the source of truth for its stock; for a hot SKU also
// its shards (sku#i, see workers/inventory/sharding.ts). A thin RPC shell over the pure rules:
// persist each decision in one transaction, then memory, then the D1 projection; one alarm.
import { DurableObject } from "cloudflare:workers";
import * as rules from "../workers/inventory/inventory";
import { type Decision, type Ledger, type Transfer, checkId, fail, ok } from "../workers/inventory/inventory";
import { LedgerStore } from "../workers/inventory/ledger-store";
import { readInitialStock, writeLevel } from "../workers/inventory/levels.repo";
import * as split from "../workers/inventory/shard-rules";
import { type Layout, homeIndex, isShardName, mainOf, shardName } from "../workers/inventory/shard-rules";
import { announceLayout, deliverTransfer, gatherWhole } from "../workers/inventory/shard-calls";
import { detach, type Hold, objectStub } from "../workers/inventory/sharding";
import { coalesce } from "../workers/shared/coalesce";
import type { InventoryRpc, InventorySnapshot, ReservationView, RpcResult } from "../workers/inventory/types";

const RETRY_MS = 1_000; // unfinished transfers and layout changes
const REFRESH_MS = 5_000; // the projection of a split SKU, gathered from its shards
const HANDOVER_MS = 86_400_000; // holds this recent change owner with a layout change (see foreign_orders)
type Reply = RpcResult<ReservationView>;

export class InventoryDO extends DurableObject<Cloudflare.Env> implements InventoryRpc {
  private readonly store: LedgerStore;
  private ledger: Ledger | undefined;
  private layout: Layout & { syncing: boolean } = { n: 0, on: false, syncing: false };
  private alarmAt: number | null = null;
  /** Re-gathers the whole split SKU for the projection; calls during a refresh fold into one more round. */
  private readonly refresh = coalesce(
    async () => writeLevel(this.env.DB, await gatherWhole(this.env, this.ledger as Ledger, this.layout.n)),
    (e) => console.error("inventory: projection refresh failed", e),
  );

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.store = new LedgerStore(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(async () => {
      this.store.migrate();
      this.ledger = this.store.load();
      this.layout = this.store.layout();
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  /** Holds `qty` units for `orderId` for `ttlMs` (default RESERVATION_TTL_SECONDS); idempotent by orderId. */
  async reserve(sku: string, orderId: string, qty: number, ttlMs?: number): Promise<Reply> {
    const l = await this.open(sku);
    return l.ok ? this.hold(orderId, qty, ttlMs) : l;
  }

  async commit(sku: string, orderId: string): Promise<Reply> {
    const l = await this.open(sku);
    if (!l.ok) return l;
    return (
      this.atOwner(orderId, (o) => objectStub(this.env, o).commit(o, orderId)) ??
      this.apply(rules.commit(l.value, this.find(orderId), orderId, Date.now()))
    );
  }

  async release(sku: string, orderId: string): Promise<Reply> {
    const l = await this.open(sku);
    if (!l.ok) return l;
    return (
      this.atOwner(orderId, (o) => objectStub(this.env, o).release(o, orderId)) ??
      this.apply(rules.release(l.value, this.find(orderId), orderId, Date.now()))
    );
  }

  async restock(sku: string, qty: number, opId: string): Promise<RpcResult<InventorySnapshot>> {
    const l = await this.open(sku);
    return l.ok ? this.apply(rules.restock(l.value, this.findOp(opId), qty, opId, Date.now())) : l;
  }

  /** An absolute count of this SKU's units; refused while the SKU is split (the count spans objects). */
  async adjust(sku: string, onHand: number, opId: string): Promise<RpcResult<InventorySnapshot>> {
    const l = await this.open(sku);
    if (!l.ok) return l;
    if ((this.layout.on || this.layout.syncing) && !isShardName(sku))
      return fail("not_allowed", "stock_split", `${sku} is split across shards; end the split to count it`);
    return this.apply(rules.adjust(l.value, this.findOp(opId), onHand, opId, Date.now()));
  }

  /** Current stock; for a split SKU the whole (main + shards) unless `own`. Throws only on misuse. */
  async snapshot(sku: string, own = false): Promise<InventorySnapshot> {
    const l = await this.open(sku);
    if (!l.ok) throw new Error(l.error.message);
    this.apply(rules.expireDue(l.value, Date.now()));
    return own || isShardName(sku) || this.layout.n === 0
      ? rules.snapshot(this.ledger as Ledger)
      : gatherWhole(this.env, this.ledger as Ledger, this.layout.n);
  }

  async reservation(sku: string, orderId: string): Promise<Reply> {
    const l = await this.open(sku);
    if (!l.ok) return l;
    this.apply(rules.expireDue(l.value, Date.now()));
    const r = this.find(orderId);
    if (r) return ok(r);
    return (
      this.atOwner(orderId, (o) => objectStub(this.env, o).reservation(o, orderId)) ??
      fail("not_found", "reservation_not_found", `no reservation for order ${orderId} on ${sku}`)
    );
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null;
    if (this.ledger) {
      this.apply(rules.expireDue(this.ledger, Date.now()));
      if (this.layout.syncing) await this.syncShards();
      await this.pushPending();
      if (this.layout.on && !this.isShard()) await this.refresh();
    }
    this.arm();
  }

  // Splitting a hot SKU (main object only): see workers/inventory/sharding.ts for the protocol.
  async splitLayout(sku: string): Promise<RpcResult<Layout>> {
    const l = await this.open(sku);
    return l.ok ? ok({ n: this.layout.n, on: this.layout.on }) : l;
  }

  async splitInto(sku: string, n: number): Promise<RpcResult<Layout>> {
    const l = await this.open(sku);
    if (!l.ok || isShardName(sku)) return l.ok ? fail("invalid_data", "invalid_id", "only a SKU's main object splits") : l;
    if (this.layout.syncing && !this.layout.on) return fail("conflict", "stale_version", "the split is still being ended; try again");
    const next = split.enable(this.layout, n);
    if (!next.ok) return next;
    if (!this.layout.on) {
      // One synchronous block: stop taking holds here, and send every free unit on its way to the shards.
      this.setLayout(next.value, true);
      split.split(rules.available(l.value), n).forEach((qty, i) => {
        if (qty > 0)
          this.apply(split.transferOut(this.ledger as Ledger, undefined, crypto.randomUUID(), shardName(sku, i), qty, Date.now()));
      });
    }
    await this.syncShards();
    await this.pushPending();
    return this.layout.syncing
      ? fail("internal", "internal_error", "not every shard answered; the split completes in the background")
      : next;
  }

  async unsplit(sku: string): Promise<RpcResult<Layout>> {
    const l = await this.open(sku);
    if (!l.ok || isShardName(sku)) return l.ok ? fail("invalid_data", "invalid_id", "only a SKU's main object splits") : l;
    const next = { n: this.layout.n, on: false };
    if (this.layout.on || this.layout.syncing) {
      this.setLayout(next, next.n > 0); // no new holds here until every shard has retired and named its orders
      await this.syncShards();
    }
    return this.layout.syncing
      ? fail("internal", "internal_error", "not every shard answered; the change completes in the background")
      : ok(next);
  }

  /**
   * Sent by the main object at a layout change. Activating: `owned` are orders the main object keeps.
   * Retiring: answers the orders this shard keeps, and sends its free units home.
   */
  async setShardLayout(name: string, layout: Layout, owned: string[] = []): Promise<RpcResult<{ orders: string[] }>> {
    const l = await this.open(name);
    if (!l.ok || !isShardName(name)) return l.ok ? fail("invalid_data", "invalid_id", `${name} is not a shard`) : l;
    if (layout.on) this.store.addForeign(owned, mainOf(name));
    this.setLayout({ n: layout.n, on: layout.on }, false);
    const orders = layout.on ? [] : this.store.recentOrders(Date.now() - HANDOVER_MS);
    this.drain();
    await this.pushPending();
    return ok({ orders });
  }

  /** A live donor debits up to `want` units for `to`, hands them over with the order's hold, and answers both. */
  async give(
    name: string,
    t: { id: string; to: string; want: number },
    hold?: Hold,
  ): Promise<RpcResult<{ granted: number; reservation: Reply | null }>> {
    const l = await this.open(name);
    if (!l.ok) return l;
    if (!this.layout.on) return ok({ granted: 0, reservation: null });
    const out = this.apply(split.transferOut(l.value, this.store.transfer(t.id), t.id, t.to, t.want, Date.now()));
    if (!out.ok || !out.value) return out.ok ? ok({ granted: 0, reservation: null }) : out;
    return ok({ granted: out.value.qty, reservation: await this.push(out.value, hold) });
  }

  /** Credits a transfer once, and in the same synchronous block takes the order's hold from it. */
  async receive(
    name: string,
    t: { id: string; from: string; qty: number },
    hold?: Hold,
  ): Promise<RpcResult<{ reservation: Reply | null }>> {
    const l = await this.open(name);
    if (!l.ok) return l;
    const credited = this.apply(split.transferIn(l.value, this.store.transfer(t.id), t.id, t.from, t.qty, Date.now()));
    if (!credited.ok) return credited;
    return ok({ reservation: hold ? await this.hold(hold.orderId, hold.qty, hold.ttlMs) : null });
  }

  /** The ledger for `sku`; on first use a main object takes its initial stock from the importer's version-0 D1 row. */
  private async open(sku: string): Promise<RpcResult<Ledger>> {
    const bad = checkId(sku, "sku");
    if (bad) return bad;
    if (!this.ledger) {
      // Blocks other calls while D1 answers, so two first calls cannot both initialise.
      const failed = await this.ctx.blockConcurrencyWhile(async () => {
        if (this.ledger) return null;
        try {
          const initial = isShardName(sku) ? 0 : await readInitialStock(this.env.DB, sku);
          const ledger = rules.openLedger(sku, Number.isSafeInteger(initial) && initial > 0 ? initial : 0);
          this.store.saveStock(ledger.stock);
          this.ledger = ledger;
          return null;
        } catch (e) {
          console.error("inventory: reading initial stock failed", sku, e);
          return fail("internal", "internal_error", "stock is unavailable, try again");
        }
      });
      if (failed) return failed;
    }
    const ledger = this.ledger as Ledger;
    return ledger.stock.sku === sku
      ? ok(ledger)
      : fail("invalid_data", "invalid_id", `this stock object holds ${ledger.stock.sku}, not ${sku}`);
  }

  private isShard = () => isShardName(this.ledger?.stock.sku ?? "");

  /**
   * The order's existing hold, a new one, or the owner's answer when another object of the SKU owns
   * the order. New holds only on live objects: a split SKU's shards, else its main object.
   */
  private hold(orderId: string, qty: number, ttlMs: number | undefined): Reply | Promise<Reply> {
    const forwarded = this.atOwner(orderId, (o) => objectStub(this.env, o).reserve(o, orderId, qty, ttlMs));
    if (forwarded) return forwarded;
    const taking = this.isShard() ? this.layout.on : !this.layout.on && !this.layout.syncing;
    if (!taking && checkId(orderId, "orderId") === null && !this.find(orderId)) {
      return fail("conflict", "stale_version", "this SKU's layout changed; ask its main object for the current one");
    }
    return this.apply(
      rules.reserve(
        this.ledger as Ledger,
        this.find(orderId),
        orderId,
        qty,
        ttlMs ?? rules.reservationTtlMs(this.env.RESERVATION_TTL_SECONDS),
        Date.now(),
      ),
    );
  }

  /** Orders handed over at a layout change are answered by their owner (which has the record, so never forwards). */
  private atOwner(orderId: string, call: (owner: string) => Promise<Reply>): Promise<Reply> | null {
    if (typeof orderId !== "string" || this.find(orderId)) return null;
    const owner = this.store.foreignOwner(orderId);
    return owner ? call(owner).then(detach) : null;
  }

  private find(orderId: string) {
    return this.ledger?.active.get(orderId) ?? (typeof orderId === "string" ? this.store.reservation(orderId) : undefined);
  }

  private findOp(opId: string) {
    return typeof opId === "string" ? this.store.stockOp(opId) : undefined;
  }

  /** Persist, then memory, then alarm and projection. No await in between. */
  private apply<T>(d: Decision<T>): RpcResult<T> {
    if (d.ledger !== this.ledger) {
      this.ctx.storage.transactionSync(() => this.store.save(d));
      this.ledger = d.ledger;
      this.arm();
      if (this.isShard())
        this.drain(); // shards are projected by their main object
      else if (this.layout.n === 0) this.project(rules.snapshot(d.ledger));
      else this.ctx.waitUntil(this.refresh());
    }
    return d.result;
  }

  private setLayout(layout: Layout, syncing: boolean): void {
    this.store.saveLayout(layout, syncing);
    this.layout = { ...layout, syncing };
    this.arm();
  }

  /** A retired shard sends every unit it has free back to the main object. */
  private drain(): void {
    const l = this.ledger;
    if (!l || this.layout.on || this.layout.n === 0 || rules.available(l) === 0) return;
    const t = this.apply(split.transferOut(l, undefined, crypto.randomUUID(), mainOf(l.stock.sku), rules.available(l), Date.now()));
    if (t.ok && t.value)
      this.ctx.waitUntil(this.push(t.value).catch((e: unknown) => console.error("inventory: drain failed, the alarm retries", e)));
  }

  /** Hands a debited transfer to its recipient; settled once it is there. A failure leaves it pending for the alarm. */
  private async push(t: Transfer, hold?: Hold): Promise<Reply | null> {
    const reservation = await deliverTransfer(this.env, (this.ledger as Ledger).stock.sku, t, hold);
    this.store.settle(t.id);
    return reservation;
  }

  private async pushPending(): Promise<void> {
    const results = await Promise.allSettled(this.store.pendingTransfers().map((t) => this.push(t)));
    for (const r of results) if (r.status === "rejected") console.error("inventory: transfer still pending", r.reason);
  }

  /** Tells every shard the layout, handing over order ownership both ways; done once all have answered. */
  private async syncShards(): Promise<void> {
    const { n, on } = this.layout;
    const mine = on ? this.store.recentOrders(Date.now() - HANDOVER_MS) : [];
    const results = await announceLayout(this.env, (this.ledger as Ledger).stock.sku, { n, on }, (i) =>
      mine.filter((o) => homeIndex(o, n) === i),
    );
    for (const r of results) {
      if (r.status === "rejected") console.error("inventory: shard layout not delivered, the alarm retries", r.reason);
      else if (!on) this.store.addForeign(r.value.orders, r.value.name);
    }
    if (results.every((r) => r.status === "fulfilled") && this.layout.on === on) this.setLayout({ n, on }, false);
  }

  /** One alarm, at the earliest due time; an early or spare alarm finds nothing due and re-arms. */
  private arm(): void {
    const now = Date.now();
    const due = [this.ledger ? rules.snapshot(this.ledger).nextExpiry : null];
    if (this.layout.syncing || this.store.pendingTransfers().length > 0) due.push(now + RETRY_MS);
    if (this.layout.on && !this.isShard()) due.push(now + REFRESH_MS);
    const next = Math.min(...due.filter((t): t is number => t !== null));
    if (!Number.isFinite(next) || (this.alarmAt !== null && this.alarmAt <= next)) return;
    this.alarmAt = next;
    void this.ctx.storage.setAlarm(next);
  }

  private project(s: InventorySnapshot): void {
    this.ctx.waitUntil(
      writeLevel(this.env.DB, s).catch((e: unknown) => console.error("inventory: projection write failed", s.sku, s.version, e)),
    );
  }
}

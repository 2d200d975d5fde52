// CartDO: one per customer (or guest cart). A thin RPC shell over workers/cart/cart.ts: lines in
// SQLite, each change in one synchronous transaction, one alarm that deletes an abandoned cart.
// Tables are created by the first write, not by the constructor: reading a cart that was never
// written (a new customer, a made-up guest cookie) must not leave a stored object behind.
import { DurableObject } from "cloudflare:workers";
import {
  addToCart,
  afterPurchase,
  cartTtlSeconds,
  mergeCarts,
  setLineQty,
  type CartLine,
  type CartResult,
  type LineOffer,
  type MergeOutcome,
} from "../workers/cart/cart";
import { DomainError, isDomainError } from "../workers/shared/errors";

type LineRow = { product_id: string; qty: number; price_at_add: number; currency: string; added_at: number; updated_at: number };

const toLine = (r: LineRow): CartLine => ({
  productId: r.product_id,
  qty: r.qty,
  priceAtAdd: r.price_at_add,
  currency: r.currency,
  addedAt: r.added_at,
  updatedAt: r.updated_at,
});

export class CartDO extends DurableObject<Cloudflare.Env> {
  private readonly sql: SqlStorage;
  private schemaReady = false;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
  }

  /** Whether anything was ever written (reading sqlite_master stores nothing). */
  private hasSchema(): boolean {
    this.schemaReady ||= this.sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cart_lines'`).toArray().length > 0;
    return this.schemaReady;
  }

  private createSchema(): void {
    if (this.schemaReady) return;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS cart_lines (
      product_id TEXT PRIMARY KEY,
      qty INTEGER NOT NULL CHECK (qty > 0),
      price_at_add INTEGER NOT NULL CHECK (price_at_add >= 0),
      currency TEXT NOT NULL,
      added_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`);
    // One row: the time of the last change, which the expiry alarm measures idleness from.
    this.sql.exec(`CREATE TABLE IF NOT EXISTS cart_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)`);
    this.schemaReady = true;
  }

  /** The cart's lines, oldest first. */
  lines(): CartLine[] {
    if (!this.hasSchema()) return [];
    return this.sql.exec<LineRow>(`SELECT * FROM cart_lines ORDER BY added_at, product_id`).toArray().map(toLine);
  }

  /** Adds `offer.qty` units (a new line or more of an existing one); returns the cart's lines. */
  add(offer: LineOffer): Promise<CartResult<CartLine[]>> {
    return this.change((now) => this.put(addToCart(this.lines(), offer, now)));
  }

  setQty(productId: string, qty: number, available: number): Promise<CartResult<CartLine[]>> {
    return this.change((now) => this.put(setLineQty(this.find(productId), productId, qty, available, now)));
  }

  remove(productId: string): Promise<CartResult<CartLine[]>> {
    return this.change(() => {
      if (this.sql.exec(`DELETE FROM cart_lines WHERE product_id = ?`, productId).rowsWritten === 0) {
        throw new DomainError("not_found", "cart_line_not_found", `${productId} is not in your cart.`);
      }
    });
  }

  /** Empties the cart; returns the lines it removed (a login merge takes them in one step). */
  async clear(): Promise<CartResult<CartLine[]>> {
    // Nothing to clear is no change: an empty or unknown cart (a guest id at sign-in) stays unarmed.
    if (this.lines().length === 0) return { ok: true, value: [] };
    let removed: CartLine[] = [];
    const result = await this.change(() => {
      removed = this.lines();
      this.sql.exec(`DELETE FROM cart_lines`);
    });
    return result.ok ? { ok: true, value: removed } : result;
  }

  /** Merges another cart's lines in (quantities added, capped by stock and the per-line max). */
  async merge(incoming: LineOffer[]): Promise<CartResult<{ lines: CartLine[]; skipped: MergeOutcome["skipped"] }>> {
    let skipped: MergeOutcome["skipped"] = [];
    const result = await this.change((now) => {
      const outcome = mergeCarts(this.lines(), incoming, now);
      for (const line of outcome.changed) this.put(line);
      skipped = outcome.skipped;
    });
    return result.ok ? { ok: true, value: { lines: result.value, skipped } } : result;
  }

  /** Takes a paid order's units out of the cart, once per order (a redelivered event changes nothing). */
  async removePurchased(orderId: string, purchased: { productId: string; qty: number }[]): Promise<CartResult<CartLine[]>> {
    if (!this.hasSchema()) return { ok: true, value: [] };
    const key = `purchased:${orderId}`;
    if (this.sql.exec(`SELECT 1 FROM cart_meta WHERE key = ?`, key).toArray().length > 0) return { ok: true, value: this.lines() };
    return this.change((now) => {
      const { put, remove } = afterPurchase(this.lines(), purchased, now);
      for (const l of put) this.put(l);
      for (const id of remove) this.sql.exec(`DELETE FROM cart_lines WHERE product_id = ?`, id);
      this.sql.exec(`INSERT INTO cart_meta (key, value) VALUES (?, ?)`, key, now);
    });
  }

  /** Deletes the cart once idle for the TTL; otherwise re-arms for the new due time. Idempotent. */
  override async alarm(): Promise<void> {
    const last = this.lastActivity();
    if (last === null) return;
    const due = last + this.ttlMs();
    if (Date.now() < due) {
      await this.ctx.storage.setAlarm(due);
      return;
    }
    // Everything goes, tables included: the object stops existing until someone writes again.
    await this.ctx.storage.deleteAll();
    this.schemaReady = false;
  }

  private find(productId: string): CartLine | undefined {
    if (!this.hasSchema()) return undefined;
    const row = this.sql.exec<LineRow>(`SELECT * FROM cart_lines WHERE product_id = ?`, productId).toArray()[0];
    return row ? toLine(row) : undefined;
  }

  private put(l: CartLine): void {
    this.sql.exec(
      `INSERT INTO cart_lines (product_id, qty, price_at_add, currency, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (product_id) DO UPDATE SET qty = excluded.qty, price_at_add = excluded.price_at_add,
         currency = excluded.currency, updated_at = excluded.updated_at`,
      l.productId,
      l.qty,
      l.priceAtAdd,
      l.currency,
      l.addedAt,
      l.updatedAt,
    );
  }

  private lastActivity(): number | null {
    if (!this.hasSchema()) return null;
    const row = this.sql.exec<{ value: number }>(`SELECT value FROM cart_meta WHERE key = 'last_activity'`).toArray()[0];
    return row?.value ?? null;
  }

  private ttlMs(): number {
    return cartTtlSeconds(this.env.CART_TTL_SECONDS) * 1000;
  }

  /**
   * Runs a read-decide-write step in one synchronous transaction (no await inside, so two
   * tabs' adds cannot interleave), records the activity and re-arms the one expiry alarm.
   */
  private async change(step: (now: number) => void): Promise<CartResult<CartLine[]>> {
    const now = Date.now();
    let lines: CartLine[];
    try {
      lines = this.ctx.storage.transactionSync(() => {
        this.createSchema();
        step(now);
        this.sql.exec(`INSERT OR REPLACE INTO cart_meta (key, value) VALUES ('last_activity', ?)`, now);
        return this.lines();
      });
    } catch (e) {
      this.schemaReady = false; // the rollback may have undone the tables: look again next time
      if (isDomainError(e)) return { ok: false, error: { type: e.type, code: e.code, message: e.message } };
      throw e;
    }
    await this.ctx.storage.setAlarm(now + this.ttlMs());
    return { ok: true, value: lines };
  }
}

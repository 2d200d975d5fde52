// SQLite storage of one InventoryDO (the DO's own storage, not D1): schema, loading the ledger,
// and persisting one decision. Synchronous: callers wrap save() in transactionSync.
import { type Decision, type Ledger, ledgerOf, type Reservation, type Stock, type StockOp, type Transfer } from "./inventory";
import { type Layout, UNSPLIT } from "./shard-rules";
import type { ReservationStatus } from "./types";

type StockRow = {
  sku: string;
  on_hand: number;
  sold: number;
  initial: number;
  restocked: number;
  adjusted: number;
  transferred: number;
  version: number;
};
type ReservationRow = { order_id: string; qty: number; status: string; expires_at: number };
type TransferRow = { id: string; dir: string; peer: string; qty: number; state: string };

const toTransfer = (r: TransferRow): Transfer => ({
  id: r.id,
  dir: r.dir as Transfer["dir"],
  peer: r.peer,
  qty: r.qty,
  state: r.state as Transfer["state"],
});
const toReservation = (r: ReservationRow): Reservation => ({
  orderId: r.order_id,
  qty: r.qty,
  status: r.status as ReservationStatus,
  expiresAt: r.expires_at,
});

export class LedgerStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS stock (
      id INTEGER PRIMARY KEY CHECK (id = 1), sku TEXT NOT NULL,
      on_hand INTEGER NOT NULL CHECK (on_hand >= 0), sold INTEGER NOT NULL CHECK (sold >= 0),
      initial INTEGER NOT NULL, restocked INTEGER NOT NULL, adjusted INTEGER NOT NULL,
      transferred INTEGER NOT NULL, version INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS reservations (
      order_id TEXT PRIMARY KEY, qty INTEGER NOT NULL CHECK (qty > 0),
      status TEXT NOT NULL CHECK (status IN ('active', 'committed', 'released', 'expired')),
      expires_at INTEGER NOT NULL)`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS reservations_active ON reservations (expires_at) WHERE status = 'active'`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS stock_ops (op_id TEXT PRIMARY KEY, kind TEXT NOT NULL, qty INTEGER NOT NULL)`);
    // Hot-SKU splitting (shard-rules.ts): this object's place in the split, and unit transfers.
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS layout (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL, on_ INTEGER NOT NULL, syncing INTEGER NOT NULL)`,
    );
    this.sql.exec(`CREATE TABLE IF NOT EXISTS transfers (
      id TEXT PRIMARY KEY, dir TEXT NOT NULL CHECK (dir IN ('out', 'in')), peer TEXT NOT NULL,
      qty INTEGER NOT NULL CHECK (qty > 0), state TEXT NOT NULL CHECK (state IN ('pending', 'done')))`);
    this.sql.exec(`CREATE INDEX IF NOT EXISTS transfers_pending ON transfers (id) WHERE state = 'pending'`);
    // Orders whose holds another object of the same SKU owns (handed over at a layout change).
    this.sql.exec(`CREATE TABLE IF NOT EXISTS foreign_orders (order_id TEXT PRIMARY KEY, owner TEXT NOT NULL)`);
  }

  /** The orders this object holds or held for recent holds (expiring after `since`): handed to the next owner. */
  recentOrders(since: number): string[] {
    return this.sql
      .exec<{ order_id: string }>(`SELECT order_id FROM reservations WHERE expires_at > ?`, since)
      .toArray()
      .map((r) => r.order_id);
  }

  foreignOwner(orderId: string): string | undefined {
    return this.sql.exec<{ owner: string }>(`SELECT owner FROM foreign_orders WHERE order_id = ?`, orderId).toArray()[0]?.owner;
  }

  addForeign(orderIds: readonly string[], owner: string): void {
    for (const id of orderIds) {
      this.sql.exec(
        `INSERT INTO foreign_orders (order_id, owner) VALUES (?, ?) ON CONFLICT (order_id) DO UPDATE SET owner = excluded.owner`,
        id,
        owner,
      );
    }
  }

  /** syncing: the main object still has to tell its shards about a layout change (its alarm retries). */
  layout(): Layout & { syncing: boolean } {
    const row = this.sql.exec<{ n: number; on_: number; syncing: number }>(`SELECT * FROM layout WHERE id = 1`).toArray()[0];
    return row ? { n: row.n, on: row.on_ === 1, syncing: row.syncing === 1 } : { ...UNSPLIT, syncing: false };
  }

  saveLayout(l: Layout, syncing: boolean): void {
    this.sql.exec(
      `INSERT INTO layout (id, n, on_, syncing) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n, on_ = excluded.on_, syncing = excluded.syncing`,
      l.n,
      l.on ? 1 : 0,
      syncing ? 1 : 0,
    );
  }

  transfer(id: string): Transfer | undefined {
    const row = this.sql.exec<TransferRow>(`SELECT * FROM transfers WHERE id = ?`, id).toArray()[0];
    return row && toTransfer(row);
  }

  pendingTransfers(): Transfer[] {
    return this.sql.exec<TransferRow>(`SELECT * FROM transfers WHERE state = 'pending'`).toArray().map(toTransfer);
  }

  /** The recipient has the units: the transfer is no longer in flight. */
  settle(id: string): void {
    this.sql.exec(`UPDATE transfers SET state = 'done' WHERE id = ? AND dir = 'out'`, id);
  }

  /** The ledger, or undefined before first use. Only active reservations are kept in memory. */
  load(): Ledger | undefined {
    const row = this.sql.exec<StockRow>(`SELECT * FROM stock WHERE id = 1`).toArray()[0];
    if (!row) return undefined;
    const stock: Stock = {
      sku: row.sku,
      onHand: row.on_hand,
      sold: row.sold,
      initial: row.initial,
      restocked: row.restocked,
      adjusted: row.adjusted,
      transferred: row.transferred,
      version: row.version,
    };
    const active = this.sql.exec<ReservationRow>(`SELECT * FROM reservations WHERE status = 'active'`).toArray().map(toReservation);
    return ledgerOf(stock, active);
  }

  reservation(orderId: string): Reservation | undefined {
    const row = this.sql.exec<ReservationRow>(`SELECT * FROM reservations WHERE order_id = ?`, orderId).toArray()[0];
    return row && toReservation(row);
  }

  stockOp(opId: string): StockOp | undefined {
    const row = this.sql.exec<{ op_id: string; kind: string; qty: number }>(`SELECT * FROM stock_ops WHERE op_id = ?`, opId).toArray()[0];
    return row && { opId: row.op_id, kind: row.kind as StockOp["kind"], qty: row.qty };
  }

  saveStock(s: Stock): void {
    this.sql.exec(
      `INSERT INTO stock (id, sku, on_hand, sold, initial, restocked, adjusted, transferred, version) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET on_hand = excluded.on_hand, sold = excluded.sold, initial = excluded.initial,
         restocked = excluded.restocked, adjusted = excluded.adjusted, transferred = excluded.transferred, version = excluded.version`,
      s.sku,
      s.onHand,
      s.sold,
      s.initial,
      s.restocked,
      s.adjusted,
      s.transferred,
      s.version,
    );
  }

  /** Everything one decision changed. */
  save(d: Decision<unknown>): void {
    this.saveStock(d.ledger.stock);
    for (const r of d.writes) {
      this.sql.exec(
        `INSERT INTO reservations (order_id, qty, status, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, expires_at = excluded.expires_at`,
        r.orderId,
        r.qty,
        r.status,
        r.expiresAt,
      );
    }
    if (d.op) this.sql.exec(`INSERT INTO stock_ops (op_id, kind, qty) VALUES (?, ?, ?)`, d.op.opId, d.op.kind, d.op.qty);
    const t = d.transfer;
    if (t) this.sql.exec(`INSERT INTO transfers (id, dir, peer, qty, state) VALUES (?, ?, ?, ?, ?)`, t.id, t.dir, t.peer, t.qty, t.state);
  }
}

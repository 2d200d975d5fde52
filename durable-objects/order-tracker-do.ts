// OrderTrackerDO: one per customer. Holds the WebSockets of their open order pages (hibernation
// API: the filter lives in socket tags, so nothing is lost on eviction) and broadcasts each
// order status change; the last update per order is kept briefly so a late connect can catch up.
// It also spends tracking tickets: each ticket id it lets in is recorded until the ticket expires,
// so a ticket copied from a URL cannot open a second socket.
import { DurableObject } from "cloudflare:workers";
import type { OrderUpdate } from "../workers/tracking/publish";
import {
  audienceTags,
  isValidUpdate,
  MAX_REMEMBERED_ORDERS,
  parseConnectUrl,
  readyMessage,
  REPLAY_RETENTION_MS,
  socketTags,
  USED_TICKET_GRACE_MS,
  statusMessage,
  supersedes,
  type TrackerMessage,
} from "../workers/tracking/tracking";

type UpdateRow = { order_id: string; status: string; reason: string | null; at: number };
const toUpdate = (r: UpdateRow): OrderUpdate => ({ orderId: r.order_id, status: r.status, reason: r.reason, at: r.at });

export class OrderTrackerDO extends DurableObject<Cloudflare.Env> {
  private readonly sql: SqlStorage;
  /** Both tables exist (created by this instance, IF NOT EXISTS). */
  private schemaReady = false;
  /** Something was ever stored (the updates table exists). */
  private schemaSeen = false;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // Answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Only the WebSocket upgrade: the platform hands a socket over through fetch, nothing else. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade.", { status: 426 });
    }
    const { orderId, since } = parseConnectUrl(request.url);
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, socketTags(orderId));
    send(server, readyMessage());
    if (since !== null) for (const u of this.updatesSince(since, orderId)) send(server, statusMessage(u));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Stores `update` as its order's latest and pushes it to the sockets watching; returns how many. */
  async publish(update: OrderUpdate): Promise<number> {
    if (!isValidUpdate(update)) {
      // A caller's bug, but this channel is best effort: logged, never thrown into a saga step.
      console.error("order tracker: malformed OrderUpdate ignored", JSON.stringify(update));
      return 0;
    }
    if (!this.remember(update)) return 0;
    // Sent before any await, so two publishes reach every socket in the order they were kept.
    let reached = 0;
    for (const tag of audienceTags(update.orderId)) {
      for (const ws of this.ctx.getWebSockets(tag)) if (send(ws, statusMessage(update))) reached++;
    }
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(update.at + REPLAY_RETENTION_MS);
    return reached;
  }

  /** Keeps `update` as its order's latest unless it is older or a repeat; one transaction. */
  private remember(update: OrderUpdate): boolean {
    return this.write(() => {
      const prev = this.sql.exec<UpdateRow>(`SELECT * FROM last_updates WHERE order_id = ?`, update.orderId).toArray()[0];
      if (!supersedes(prev, update)) return false;
      this.sql.exec(
        `INSERT OR REPLACE INTO last_updates (order_id, status, reason, at) VALUES (?, ?, ?, ?)`,
        update.orderId,
        update.status,
        update.reason,
        update.at,
      );
      // Bounded: only the most recently changed orders stay replayable.
      this.sql.exec(
        `DELETE FROM last_updates WHERE order_id NOT IN (SELECT order_id FROM last_updates ORDER BY at DESC, order_id LIMIT ?)`,
        MAX_REMEMBERED_ORDERS,
      );
      return true;
    });
  }

  /** Runs `body` in one transaction with the schema in place. */
  private write<T>(body: () => T): T {
    try {
      return this.ctx.storage.transactionSync(() => {
        this.createSchema();
        return body();
      });
    } catch (e) {
      // The rollback may have undone the tables: look again next time.
      this.schemaReady = this.schemaSeen = false;
      throw e;
    }
  }

  /**
   * Marks ticket `ticketId` used; false when it already was. One transaction in the customer's
   * one object, so of two connects racing with the same ticket exactly one gets true.
   */
  async claimTicket(ticketId: string, expiresAt: number): Promise<boolean> {
    const keepUntil = expiresAt + USED_TICKET_GRACE_MS;
    const fresh = this.write(() => {
      this.sql.exec(`DELETE FROM used_tickets WHERE keep_until <= ?`, Date.now());
      return (
        this.sql
          .exec(
            `INSERT INTO used_tickets (ticket_id, keep_until) VALUES (?, ?) ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`,
            ticketId,
            keepUntil,
          )
          .toArray().length === 1
      );
    });
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > keepUntil) await this.ctx.storage.setAlarm(keepUntil);
    return fresh;
  }

  /** Pages only listen; pings are answered by the auto-response, anything else is ignored. */
  override async webSocketMessage(_ws: WebSocket, _message: string | ArrayBuffer): Promise<void> {}

  /** Completes the closing handshake; there is no per-socket state to clean up. */
  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code, reason);
    } catch {
      ws.close(); // 1005/1006 cannot be sent back
    }
  }

  override async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    console.warn("order tracker socket error", error);
    try {
      ws.close(1011, "socket error");
    } catch {
      // already closed
    }
  }

  /**
   * Forgets updates past the replay window and tickets past their expiry; the object is emptied
   * once nothing remains. Idempotent.
   */
  override async alarm(): Promise<void> {
    if (!this.hasSchema()) return;
    this.createSchema(); // an object from before tickets were spent has no used_tickets yet
    const now = Date.now();
    this.sql.exec(`DELETE FROM last_updates WHERE at < ?`, now - REPLAY_RETENTION_MS);
    this.sql.exec(`DELETE FROM used_tickets WHERE keep_until <= ?`, now);
    const oldest = this.sql.exec<{ at: number | null }>(`SELECT MIN(at) AS at FROM last_updates`).one().at;
    const ticketsUntil = this.sql.exec<{ t: number | null }>(`SELECT MIN(keep_until) AS t FROM used_tickets`).one().t;
    const next = [oldest === null ? null : oldest + REPLAY_RETENTION_MS, ticketsUntil].filter((t): t is number => t !== null);
    if (next.length > 0) {
      await this.ctx.storage.setAlarm(Math.min(...next));
      return;
    }
    await this.ctx.storage.deleteAll();
    this.schemaReady = this.schemaSeen = false;
  }

  private updatesSince(since: number, orderId: string | null): OrderUpdate[] {
    if (!this.hasSchema()) return [];
    const rows =
      orderId === null
        ? this.sql.exec<UpdateRow>(`SELECT * FROM last_updates WHERE at > ? ORDER BY at, order_id`, since)
        : this.sql.exec<UpdateRow>(`SELECT * FROM last_updates WHERE at > ? AND order_id = ?`, since, orderId);
    return rows.toArray().map(toUpdate);
  }

  /** Whether anything was ever written (reading sqlite_master stores nothing). */
  private hasSchema(): boolean {
    this.schemaSeen ||= this.sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'last_updates'`).toArray().length > 0;
    return this.schemaSeen;
  }

  // Created by the first write, not the constructor: a socket opened without a ticket spent (the
  // tests' direct fetch) and never sent an update leaves no stored object behind; a spent
  // ticket's row goes with the alarm once it expires.
  private createSchema(): void {
    if (this.schemaReady) return;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS last_updates (
      order_id TEXT PRIMARY KEY, status TEXT NOT NULL, reason TEXT, at INTEGER NOT NULL
    )`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS used_tickets (ticket_id TEXT PRIMARY KEY, keep_until INTEGER NOT NULL)`);
    this.schemaReady = this.schemaSeen = true;
  }
}

/** Sends one message; false when the socket is already closing (it is then simply skipped). */
const send = (ws: WebSocket, message: TrackerMessage): boolean => {
  if (ws.readyState !== WebSocket.OPEN) return false;
  try {
    ws.send(JSON.stringify(message));
    return true;
  } catch {
    return false;
  }
};

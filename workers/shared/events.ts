// Integration events: past-tense facts in one envelope `{ id, type, occurredAt, data }`. The `id`
// is every consumer's dedup key and is derived from the fact itself (order id + type), so a
// re-sent outbox row or a redelivered message is recognisably the same event. Pure.

export const ORDER_EVENT_TYPES = [
  "OrderCreated",
  "InventoryReserved",
  "InventoryFailed",
  "PaymentCompleted",
  "PaymentFailed",
  /** Sent with a delay of the reservation TTL: the order must have a payment result by then. */
  "PaymentDeadlineReached",
  /** A cancel before shipping (customer or admin): refund and put the units back. */
  "OrderCancelled",
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export const NOTIFICATION_KINDS = [
  "order_confirmed",
  "payment_failed",
  "out_of_stock",
  "order_timed_out",
  "order_cancelled",
  "shipped",
  "out_for_delivery",
  "delivered",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Envelope<T extends string = string, D = Record<string, unknown>> {
  id: string;
  type: T;
  /** Epoch ms. */
  occurredAt: number;
  data: D;
}

/** Per-line reasons an order could not be reserved (InventoryFailed). */
export interface LineFailure {
  productId: string;
  code: string;
  message: string;
  available?: number;
}

export interface OrderEventData {
  OrderCreated: { orderId: string };
  InventoryReserved: { orderId: string; expiresAt: number };
  InventoryFailed: { orderId: string; failures: LineFailure[] };
  PaymentCompleted: { orderId: string; chargeId: string; amountMinor: number; currency: string };
  PaymentFailed: { orderId: string; code: string; message: string };
  PaymentDeadlineReached: { orderId: string };
  OrderCancelled: { orderId: string; by: "customer" | "admin" | "system"; refund: boolean };
}

export type OrderEvent = { [K in OrderEventType]: Envelope<K, OrderEventData[K]> }[OrderEventType];

/** A message on the notifications queue: one email for one order fact. */
export type NotificationMessage = Envelope<"Notify", { orderId: string; kind: NotificationKind; reason?: string }>;

export const orderEvent = <K extends OrderEventType>(
  type: K,
  data: OrderEventData[K],
  occurredAt: number,
): Envelope<K, OrderEventData[K]> => ({
  id: `${data.orderId}:${type}`,
  type,
  occurredAt,
  data,
});

export const notification = (orderId: string, kind: NotificationKind, occurredAt: number, reason?: string): NotificationMessage => ({
  id: `${orderId}:notify:${kind}`,
  type: "Notify",
  occurredAt,
  data: { orderId, kind, ...(reason ? { reason } : {}) },
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks a queue message body is an envelope of a known order event (anything else is a poison message). */
export const parseOrderEvent = (body: unknown): OrderEvent | null => {
  if (!isRecord(body) || typeof body.id !== "string" || typeof body.occurredAt !== "number" || !isRecord(body.data)) return null;
  if (!ORDER_EVENT_TYPES.includes(body.type as OrderEventType) || typeof body.data.orderId !== "string") return null;
  return body as unknown as OrderEvent;
};

export const parseNotification = (body: unknown): NotificationMessage | null => {
  if (!isRecord(body) || body.type !== "Notify" || typeof body.id !== "string" || !isRecord(body.data)) return null;
  const { orderId, kind } = body.data;
  return typeof orderId === "string" && NOTIFICATION_KINDS.includes(kind as NotificationKind)
    ? (body as unknown as NotificationMessage)
    : null;
};

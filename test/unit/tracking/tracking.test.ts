// Order-tracking rules without a runtime: message shapes, socket tags, which updates supersede
// the stored one, update validation and the connect/live URLs.
import { describe, expect, it } from "vitest";
import type { OrderUpdate } from "../../../workers/tracking/publish";
import {
  ALL_ORDERS_TAG,
  audienceTags,
  connectUrl,
  isValidUpdate,
  liveUrl,
  orderTag,
  parseConnectUrl,
  readyMessage,
  socketTags,
  statusMessage,
  supersedes,
} from "../../../workers/tracking/tracking";

const update = (over: Partial<OrderUpdate> = {}): OrderUpdate => ({
  orderId: "112-0000001-0000001",
  status: "PAID",
  reason: null,
  at: 1_000,
  ...over,
});

describe("tracking messages", () => {
  it("says ready with no ids in it", () => {
    expect(readyMessage()).toEqual({ type: "ready" });
  });

  it("shapes a status change with snake_case ids and an ISO time", () => {
    expect(statusMessage(update({ reason: "payment_declined", at: Date.parse("2026-11-01T10:00:00Z") }))).toEqual({
      type: "order_status",
      order_id: "112-0000001-0000001",
      status: "PAID",
      reason: "payment_declined",
      at: "2026-11-01T10:00:00.000Z",
    });
  });
});

describe("socket tags", () => {
  it("tags a socket for all orders or for one", () => {
    expect(socketTags(null)).toEqual([ALL_ORDERS_TAG]);
    expect(socketTags("A")).toEqual([orderTag("A")]);
  });

  it("sends an order's update to all-orders sockets and to that order's sockets only", () => {
    expect(audienceTags("A")).toEqual([ALL_ORDERS_TAG, orderTag("A")]);
    expect(audienceTags("A")).not.toContain(orderTag("B"));
    expect(orderTag("A")).not.toBe(ALL_ORDERS_TAG);
  });
});

describe("supersedes", () => {
  it("takes the first update of an order and any later one", () => {
    expect(supersedes(undefined, update())).toBe(true);
    expect(supersedes({ status: "PAID", at: 1_000 }, update({ status: "SHIPPED", at: 1_001 }))).toBe(true);
  });

  it("drops an older update and a repeat of the stored one", () => {
    expect(supersedes({ status: "SHIPPED", at: 2_000 }, update({ status: "PAID", at: 1_000 }))).toBe(false);
    expect(supersedes({ status: "PAID", at: 1_000 }, update({ status: "PAID", at: 1_000 }))).toBe(false);
  });

  it("takes a different status at the same instant", () => {
    expect(supersedes({ status: "PAID", at: 1_000 }, update({ status: "CANCELLED", at: 1_000 }))).toBe(true);
  });
});

describe("isValidUpdate", () => {
  it("accepts a well-formed update", () => {
    expect(isValidUpdate(update())).toBe(true);
    expect(isValidUpdate(update({ reason: "customer_request" }))).toBe(true);
  });

  it.each([
    ["an empty order id", { orderId: "" }],
    ["a huge order id", { orderId: "x".repeat(65) }],
    ["an empty status", { status: "" }],
    ["a non-string reason", { reason: 5 as unknown as string }],
    ["a fractional time", { at: 1.5 }],
    ["a negative time", { at: -1 }],
    ["NaN time", { at: Number.NaN }],
  ])("refuses %s", (_what, over) => {
    expect(isValidUpdate(update(over))).toBe(false);
  });
});

describe("connect URL", () => {
  it("round-trips the options", () => {
    for (const o of [
      { orderId: null, since: null },
      { orderId: "112-0000001-0000001", since: 0 },
      { orderId: null, since: 1_767_225_600_000 },
    ]) {
      expect(parseConnectUrl(connectUrl(o))).toEqual(o);
    }
  });

  it("reads malformed values as no filter and no replay", () => {
    expect(parseConnectUrl("https://x/connect?order_id=&since=abc")).toEqual({ orderId: null, since: null });
    expect(parseConnectUrl("https://x/connect?since=-5")).toEqual({ orderId: null, since: null });
    expect(parseConnectUrl("https://x/connect?since=1.5")).toEqual({ orderId: null, since: null });
  });
});

describe("liveUrl", () => {
  it("turns the page's origin into a wss (or local ws) socket URL carrying the ticket", () => {
    expect(liveUrl("https://shop.example", "a.b")).toBe("wss://shop.example/api/v1/orders/live/socket?ticket=a.b");
    expect(liveUrl("http://localhost:8787", "a.b")).toBe("ws://localhost:8787/api/v1/orders/live/socket?ticket=a.b");
  });
});

// The pure fulfilment rules (workers/fulfilment/fulfilment.ts) and the carrier webhook signature
// (workers/fulfilment/webhook-signature.ts): header parsing, HMAC, the replay window, the compare.
import { describe, expect, it } from "vitest";
import { ADMIN_STEPS, carrierMove, inEventOrder, planAdminStep, recordedAt } from "../../workers/fulfilment/fulfilment";
import {
  constantTimeEqual,
  parseSignatureHeader,
  signatureHeader,
  signPayload,
  verifySignature,
} from "../../workers/fulfilment/webhook-signature";
import { ORDER_STATUSES } from "../../workers/orders/order-status";
import { DomainError } from "../../workers/shared/errors";
import { codeOf } from "../helpers/errors";

const SECRET = "unit-test-carrier-secret-0123456789abcdef";
const bytes = (s: string) => new TextEncoder().encode(s);
const NOW = 1_763_600_000_000;
const T = NOW / 1000;

describe("planAdminStep", () => {
  it("moves along the machine's edges and says 'already' for a repeat", () => {
    expect(planAdminStep("o", "PAID", ADMIN_STEPS.ship.to)).toBe("move");
    expect(planAdminStep("o", "SHIPPED", ADMIN_STEPS.outForDelivery.to)).toBe("move");
    expect(planAdminStep("o", "SHIPPED", ADMIN_STEPS.deliver.to)).toBe("move");
    expect(planAdminStep("o", "OUT_FOR_DELIVERY", ADMIN_STEPS.deliver.to)).toBe("move");
    for (const s of ["SHIPPED", "OUT_FOR_DELIVERY", "DELIVERED"] as const) expect(planAdminStep("o", s, s)).toBe("already");
  });

  it("throws not_allowed/illegal_transition for every other step", () => {
    const legal = new Set(["PAID>SHIPPED", "SHIPPED>OUT_FOR_DELIVERY", "SHIPPED>DELIVERED", "OUT_FOR_DELIVERY>DELIVERED"]);
    for (const from of ORDER_STATUSES) {
      for (const step of Object.values(ADMIN_STEPS)) {
        if (from === step.to || legal.has(`${from}>${step.to}`)) continue;
        expect(
          codeOf(() => planAdminStep("o", from, step.to)),
          `${from} > ${step.to}`,
        ).toBe("not_allowed/illegal_transition");
      }
    }
  });
});

describe("carrierMove", () => {
  it("moves forward on out_for_delivery and delivered scans only", () => {
    expect(carrierMove("SHIPPED", "out_for_delivery")).toBe("OUT_FOR_DELIVERY");
    expect(carrierMove("SHIPPED", "delivered")).toBe("DELIVERED");
    expect(carrierMove("OUT_FOR_DELIVERY", "delivered")).toBe("DELIVERED");
    expect(carrierMove("SHIPPED", "in_transit")).toBeNull();
    expect(carrierMove("SHIPPED", "exception")).toBeNull();
  });

  it("is a no-op for a status already reached or passed, and for orders not shipped", () => {
    expect(carrierMove("OUT_FOR_DELIVERY", "out_for_delivery")).toBeNull();
    expect(carrierMove("DELIVERED", "out_for_delivery")).toBeNull();
    expect(carrierMove("DELIVERED", "delivered")).toBeNull();
    expect(carrierMove("CANCELLED", "delivered")).toBeNull();
    expect(carrierMove("PAID", "delivered")).toBeNull();
  });
});

describe("inEventOrder and recordedAt", () => {
  it("sorts by time, keeping the carrier's order for equal times", () => {
    const events = [
      { id: "c", at: 3 },
      { id: "a", at: 1 },
      { id: "b1", at: 2 },
      { id: "b2", at: 2 },
    ];
    expect(inEventOrder(events).map((e) => e.id)).toEqual(["a", "b1", "b2", "c"]);
    expect(events.map((e) => e.id)).toEqual(["c", "a", "b1", "b2"]);
  });

  it("records a scan from the future at now", () => {
    expect(recordedAt(NOW - 5, NOW)).toBe(NOW - 5);
    expect(recordedAt(NOW + 60_000, NOW)).toBe(NOW);
  });
});

describe("parseSignatureHeader", () => {
  const v = "ab".repeat(32);
  it("reads t and one or more v1 values, ignoring other schemes", () => {
    expect(parseSignatureHeader(`t=${T},v1=${v}`)).toEqual({ timestamp: T, signatures: [v] });
    expect(parseSignatureHeader(` t=${T} , v0=old, v1=${v.toUpperCase()},v1=${"cd".repeat(32)}`)).toEqual({
      timestamp: T,
      signatures: [v, "cd".repeat(32)],
    });
  });

  it("answers null for anything malformed", () => {
    for (const h of [
      undefined,
      null,
      "",
      `t=${T}`,
      `v1=${v}`,
      `t=abc,v1=${v}`,
      `t=${T},t=${T},v1=${v}`,
      `t=${T},v1=${v.slice(2)}`,
      `t=${T},v1=${"zz".repeat(32)}`,
      `t=${T},v1=${v}=`,
      `t=${T};v1=${v}`,
      `t=${T},v1=${v},${"x".repeat(1100)}`,
      `t=-1,v1=${v}`,
    ]) {
      expect(parseSignatureHeader(h), String(h)).toBeNull();
    }
  });
});

describe("signing and verifying", () => {
  it("signs HMAC-SHA256 of '<t>.<raw body>' in hex", async () => {
    const body = '{"a":1}';
    // Computed independently: the whole "<t>.<body>" string as one message.
    const key = await crypto.subtle.importKey("raw", bytes(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes(`${T}.${body}`)));
    const expected = [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(await signPayload(SECRET, T, bytes(body))).toBe(expected);
    expect(await signatureHeader(SECRET, T, bytes(body))).toBe(`t=${T},v1=${expected}`);
  });

  it("accepts a good signature within ±5 minutes, any of several v1 values", async () => {
    const body = bytes('{"events":[]}');
    await expect(verifySignature(SECRET, await signatureHeader(SECRET, T, body), body, NOW)).resolves.toBeUndefined();
    await expect(verifySignature(SECRET, await signatureHeader(SECRET, T - 300, body), body, NOW)).resolves.toBeUndefined();
    const rotated = `t=${T},v1=${await signPayload("old-secret-0123456789abcdef-0123456789", T, body)},v1=${await signPayload(SECRET, T, body)}`;
    await expect(verifySignature(SECRET, rotated, body, NOW)).resolves.toBeUndefined();
  });

  it("refuses stale, future, tampered and wrongly keyed requests with invalid_signature", async () => {
    const body = bytes('{"events":[]}');
    const refused = async (header: string | undefined, b = body) => {
      const e = await verifySignature(SECRET, header, b, NOW).then(
        () => null,
        (err: unknown) => err,
      );
      return e instanceof DomainError ? `${e.type}/${e.code}` : "accepted";
    };
    expect(await refused(await signatureHeader(SECRET, T - 301, body))).toBe("unauthorized/invalid_signature");
    expect(await refused(await signatureHeader(SECRET, T + 301, body))).toBe("unauthorized/invalid_signature");
    expect(await refused(await signatureHeader(SECRET, T, body), bytes('{"events":[1]}'))).toBe("unauthorized/invalid_signature");
    expect(await refused(await signatureHeader("another-secret-0123456789abcdef-0123", T, body))).toBe("unauthorized/invalid_signature");
    expect(await refused(undefined)).toBe("unauthorized/invalid_signature");
  });

  it("refuses to run with a missing or short secret (misconfigured, never 'valid')", async () => {
    const body = bytes("{}");
    for (const secret of ["", "short"]) {
      const header = `t=${T},v1=${await signPayload("short", T, body)}`;
      const e = await verifySignature(secret, header, body, NOW).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e instanceof DomainError && `${e.type}/${e.code}`).toBe("internal/misconfigured");
    }
  });

  it("compares in constant time, answering only equal or not", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    expect(constantTimeEqual("", "")).toBe(true);
  });
});

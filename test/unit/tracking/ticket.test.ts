// Tracking tickets without a runtime: issue and verify, expiry by an injected clock, and every
// forgery (another key, an edited payload, a JWT, garbage) refused as invalid_ticket, and every
// ticket carrying its own random id (what makes it single-use at the tracker).
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../workers/shared/errors";
import { issueTicket, MAX_TICKET_LENGTH, TICKET_TTL_MS, verifyTicket } from "../../../workers/tracking/ticket";

const SECRET = "unit-test-secret-0123456789abcdef-0123456789";
const NOW = Date.parse("2026-11-01T10:00:00Z");

/** `type/code` of the DomainError the verification rejects with, or the customer id it returns. */
const outcome = async (ticket: string, now = NOW, secret = SECRET): Promise<string> => {
  try {
    return (await verifyTicket(secret, ticket, now)).customerId;
  } catch (e) {
    return e instanceof DomainError ? `${e.type}/${e.code}` : `other: ${String(e)}`;
  }
};
const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

describe("issueTicket", () => {
  it("binds the customer and an expiry 60 s on", async () => {
    const { ticket, expiresAt } = await issueTicket(SECRET, "usr_ann", NOW);
    expect(expiresAt).toBe(NOW + TICKET_TTL_MS);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/); // 32-byte MAC
    expect(ticket.length).toBeLessThan(MAX_TICKET_LENGTH);
    expect(await outcome(ticket)).toBe("usr_ann");
  });

  it("gives every ticket its own random id, returned with its expiry on verification", async () => {
    const [a, b] = await Promise.all([issueTicket(SECRET, "usr_ann", NOW), issueTicket(SECRET, "usr_ann", NOW)]);
    expect(a.ticket).not.toBe(b.ticket);
    const [va, vb] = await Promise.all([verifyTicket(SECRET, a.ticket, NOW), verifyTicket(SECRET, b.ticket, NOW)]);
    expect(va).toMatchObject({ customerId: "usr_ann", expiresAt: a.expiresAt });
    expect(va.ticketId).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 random bytes
    expect(vb.ticketId).not.toBe(va.ticketId);
  });

  it("gives different customers different tickets", async () => {
    const [a, b] = await Promise.all([issueTicket(SECRET, "usr_a", NOW), issueTicket(SECRET, "usr_b", NOW)]);
    expect(a.ticket).not.toBe(b.ticket);
    expect(await outcome(b.ticket)).toBe("usr_b");
  });
});

describe("verifyTicket", () => {
  it("accepts a ticket until its expiry and refuses it from then on", async () => {
    const { ticket } = await issueTicket(SECRET, "usr_ann", NOW);
    expect(await outcome(ticket, NOW + TICKET_TTL_MS - 1)).toBe("usr_ann");
    expect(await outcome(ticket, NOW + TICKET_TTL_MS)).toBe("unauthorized/invalid_ticket");
    expect(await outcome(ticket, NOW + 3_600_000)).toBe("unauthorized/invalid_ticket");
  });

  it("says an expired ticket expired", async () => {
    const { ticket } = await issueTicket(SECRET, "usr_ann", NOW);
    await expect(verifyTicket(SECRET, ticket, NOW + TICKET_TTL_MS)).rejects.toThrow(/expired/);
  });

  it("refuses a ticket signed with another key", async () => {
    const { ticket } = await issueTicket(SECRET, "usr_ann", NOW);
    expect(await outcome(ticket, NOW, "another-secret-0123456789abcdef-0123456789")).toBe("unauthorized/invalid_ticket");
  });

  it("refuses an edited payload: another customer, a later expiry", async () => {
    const { ticket } = await issueTicket(SECRET, "usr_ann", NOW);
    const mac = ticket.split(".")[1];
    expect(await outcome(`${b64url(JSON.stringify({ sub: "usr_bob", exp: NOW + TICKET_TTL_MS }))}.${mac}`)).toBe(
      "unauthorized/invalid_ticket",
    );
    expect(await outcome(`${b64url(JSON.stringify({ sub: "usr_ann", exp: NOW + 9e9 }))}.${mac}`)).toBe("unauthorized/invalid_ticket");
  });

  it("refuses an access token (a JWT signed with the same key)", async () => {
    const jwt = await sign({ sub: "usr_ann", exp: Math.floor(NOW / 1000) + 60 }, SECRET, "HS256");
    expect(await outcome(jwt)).toBe("unauthorized/invalid_ticket");
    // Even its last two segments, which have a ticket's shape.
    expect(await outcome(jwt.split(".").slice(1).join("."))).toBe("unauthorized/invalid_ticket");
  });

  it("refuses garbage without throwing anything else", async () => {
    const { ticket } = await issueTicket(SECRET, "usr_ann", NOW);
    const junk = [
      "",
      ".",
      "a.",
      ".b",
      "a.b",
      "a.b.c",
      "!!.!!",
      "a+b/c=.d",
      `${ticket}.x`,
      `${ticket}x`,
      ticket.replace(".", ""),
      "x".repeat(MAX_TICKET_LENGTH + 1),
      `${ticket.split(".")[0]}.${"A".repeat(43)}`,
      "\u0000.\u0000",
      "é.é",
    ];
    for (const t of junk) expect(await outcome(t), t.slice(0, 40)).toBe("unauthorized/invalid_ticket");
  });

  it("refuses a correctly signed payload of the wrong shape", async () => {
    // Reachable only with the key, but verification must still not trust the payload's shape.
    const forge = async (payload: string) => {
      const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, [
        "sign",
      ]);
      const body = b64url(payload);
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`order-tracking-ticket.v1.${body}`)));
      return `${body}.${b64url(String.fromCharCode(...mac))}`;
    };
    const jti = "AAAAAAAAAAAAAAAAAAAAAA";
    expect(await outcome(await forge(JSON.stringify({ sub: "usr_ann", exp: NOW + 1000, jti })))).toBe("usr_ann"); // the forge is right
    for (const p of [
      "null",
      "[]",
      "42",
      "not json",
      JSON.stringify({ sub: "", exp: NOW + 1000, jti }),
      JSON.stringify({ sub: "usr_ann", jti }),
      JSON.stringify({ sub: 7, exp: NOW + 1000, jti }),
      JSON.stringify({ sub: "usr_ann", exp: "later", jti }),
      // No id (a ticket from before tickets were single-use), or one that is not a ticket id.
      JSON.stringify({ sub: "usr_ann", exp: NOW + 1000 }),
      JSON.stringify({ sub: "usr_ann", exp: NOW + 1000, jti: 7 }),
      JSON.stringify({ sub: "usr_ann", exp: NOW + 1000, jti: "short" }),
      JSON.stringify({ sub: "usr_ann", exp: NOW + 1000, jti: "a b".repeat(8) }),
    ]) {
      expect(await outcome(await forge(p)), p).toBe("unauthorized/invalid_ticket");
    }
  });
});

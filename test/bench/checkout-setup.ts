// Checkout bench fixtures written straight into storage (registering 1,000 users through the API would
// mostly measure PBKDF2): products with stock, and buyers with a JWT, an address, a saved card and a cart.
import { sign } from "hono/jwt";
import { tokenClaims } from "../../workers/identity/identity";
import { checkCard } from "../../workers/payments/cards";
import { newAddressId, newPaymentMethodId, newUserId } from "../../workers/shared/ids";
import { BENCH_SECRETS, type BenchServer } from "./server";

export interface Buyer {
  userId: string;
  token: string;
  /** The POST /api/v1/orders body. */
  body: { cart_id: string; shipping_address_id: string; payment_method_id: string };
}

const SELLER = "sel_bench_checkout";
const CATEGORY = "kitchen-dining";
export const PRICE_MINOR = 1250;
const CURRENCY = "GBP";
/** The sandbox's card that authorises (and captures). */
const CARD = "4242424242424242";
/** Rows per D1 statement: each statement carries its rows as one JSON parameter. */
const CHUNK = 250;

/** Products with `units` each as the importer's version-0 stock row (the InventoryDO's initial stock). */
export const seedProducts = async (db: D1Database, ids: string[], units: number): Promise<void> => {
  const now = Date.now();
  const list = JSON.stringify(ids);
  await db.batch([
    db
      .prepare(`INSERT OR IGNORE INTO sellers (id, user_id, display_name, created_at) VALUES (?, NULL, 'Bench checkout', ?)`)
      .bind(SELLER, now),
    db
      .prepare(
        `INSERT INTO products (id, seller_id, title, price_minor, currency, category, created_at, updated_at)
       SELECT value, ?, 'Bench item ' || value, ?, ?, ?, ?, ? FROM json_each(?)`,
      )
      .bind(SELLER, PRICE_MINOR, CURRENCY, CATEGORY, now, now, list),
    db.prepare(`UPDATE categories SET product_count = product_count + ? WHERE slug = ?`).bind(ids.length, CATEGORY),
    db
      .prepare(
        `INSERT INTO inventory_levels (product_id, on_hand, reserved, available, sold, version, updated_at)
       SELECT value, ?, 0, ?, 0, 0, ? FROM json_each(?)`,
      )
      .bind(units, units, now, list),
  ]);
};

interface Person {
  i: number;
  userId: string;
  email: string;
  addressId: string;
  paymentMethodId: string;
  token: string;
}

/** Users (customers, no password), addresses, sandbox card tokens and saved payment methods, as the API stores them. */
const insertPeople = async (db: D1Database, people: Person[], now: number) => {
  const exp = { expMonth: 12, expYear: new Date(now).getUTCFullYear() + 3 };
  const card = checkCard({ number: CARD, ...exp, cvc: "123" }, now);
  if (!card.ok) throw new Error(`bench card refused: ${card.message}`);
  const v = (field: keyof Person) => `json_extract(value, '$.${field}')`;
  for (let i = 0; i < people.length; i += CHUNK) {
    const rows = JSON.stringify(people.slice(i, i + CHUNK));
    await db.batch([
      db
        .prepare(
          `INSERT INTO users (id, email, password_hash, name, role, is_prime, country, created_at)
         SELECT ${v("userId")}, ${v("email")}, NULL, 'Bench Buyer ' || ${v("i")}, 'customer', 0, 'GB', ? FROM json_each(?)`,
        )
        .bind(now, rows),
      db
        .prepare(
          `INSERT INTO addresses (id, customer_id, name, line1, city, postal_code, country, created_at)
         SELECT ${v("addressId")}, ${v("userId")}, 'Bench Buyer', '1 High St', 'London', 'N1 9GU', 'GB', ? FROM json_each(?)`,
        )
        .bind(now, rows),
      db
        .prepare(
          `INSERT INTO gateway_cards (token, brand, last4, exp_month, exp_year, behaviour, created_at)
         SELECT ${v("token")}, ?, ?, ?, ?, ?, ? FROM json_each(?)`,
        )
        .bind(card.brand, card.last4, exp.expMonth, exp.expYear, card.behaviour, now, rows),
      db
        .prepare(
          `INSERT INTO payment_methods (id, customer_id, brand, last4, exp_month, exp_year, token, created_at)
         SELECT ${v("paymentMethodId")}, ${v("userId")}, ?, ?, ?, ?, ${v("token")}, ? FROM json_each(?)`,
        )
        .bind(card.brand, card.last4, exp.expMonth, exp.expYear, now, rows),
    ]);
  }
};

/** One unit of `productOf(i)` in buyer i's cart, through the CartDO class (the bench driver): answers the cart ids. */
const fillCarts = async (server: BenchServer, people: Person[], productOf: (i: number) => string): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < people.length; i += CHUNK) {
    const lines = people.slice(i, i + CHUNK).map((p) => ({
      userId: p.userId,
      productId: productOf(p.i),
      qty: 1,
      priceMinor: PRICE_MINOR,
      currency: CURRENCY,
      available: 1_000_000,
    }));
    const res = await server.driver("http://bench-driver/carts", { method: "POST", body: JSON.stringify({ lines }) });
    if (!res.ok) throw new Error(`filling carts failed: ${res.status} ${await res.text()}`);
    ids.push(...((await res.json()) as { cartIds: string[] }).cartIds);
  }
  return ids;
};

/** `n` signed-in buyers ready to check out one unit each (`tag` keeps emails unique across scenarios). */
export const createBuyers = async (server: BenchServer, tag: string, n: number, productOf: (i: number) => string): Promise<Buyer[]> => {
  const now = Date.now();
  const people: Person[] = Array.from({ length: n }, (_, i) => ({
    i,
    userId: newUserId(),
    email: `bench-${tag}-${i}@bench.example`,
    addressId: newAddressId(),
    paymentMethodId: newPaymentMethodId(),
    token: `tok_${crypto.randomUUID().replaceAll("-", "")}`,
  }));
  await insertPeople((await server.env()).DB, people, now);
  const cartIds = await fillCarts(server, people, productOf);
  return Promise.all(
    people.map(async (p, i) => ({
      userId: p.userId,
      // Two hours: longer than any run; signed as POST /auth/login would sign it.
      token: await sign(tokenClaims({ userId: p.userId, role: "customer", isPrime: false }, now, 7200), BENCH_SECRETS.JWT_SECRET, "HS256"),
      body: { cart_id: cartIds[i]!, shipping_address_id: p.addressId, payment_method_id: p.paymentMethodId },
    })),
  );
};

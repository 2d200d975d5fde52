// The demo import against the test D1: the sample's rows land as derived, a second run inserts
// nothing twice, category counts match a recount, and no statement exceeds D1's parameter limit.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RETAIL_CATEGORY_SLUGS } from "../../workers/demo-data/categorise";
import {
  ADMIN_USER_ID,
  createAdmin,
  DEMO_IMPORT_META_KEY,
  insertSyntheticProducts,
  readDemoImport,
  RETAIL_SELLER_ID,
  writeRetailImport,
} from "../../workers/demo-data/import.repo";
import { syntheticProduct } from "../../workers/demo-data/synthetic";
import { initialStock } from "../../workers/demo-data/demo-stock";
import { importSample } from "../unit/demo-data/retail-sample";

/** env.DB, recording the most `?` placeholders any prepared statement had. */
const countingDb = () => {
  const seen = { maxParams: 0, batches: 0 };
  const db = {
    prepare: (sql: string) => {
      seen.maxParams = Math.max(seen.maxParams, (sql.match(/\?/g) ?? []).length);
      return env.DB.prepare(sql);
    },
    batch: (statements: D1PreparedStatement[]) => {
      seen.batches++;
      return env.DB.batch(statements);
    },
  } as unknown as D1Database;
  return { db, seen };
};

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...params)
    .first<number>("n")) ?? 0;

const tableCounts = async () => ({
  products: await count("SELECT COUNT(*) AS n FROM products WHERE seller_id = ?", RETAIL_SELLER_ID),
  ratings: await count("SELECT COUNT(*) AS n FROM product_ratings"),
  customers: await count("SELECT COUNT(*) AS n FROM users WHERE role = 'customer'"),
  orders: await count("SELECT COUNT(*) AS n FROM orders"),
  lines: await count("SELECT COUNT(*) AS n FROM order_lines"),
});

const expectCategoryCountsMatchRecount = async () => {
  const { results } = await env.DB.prepare(
    `SELECT c.slug, c.product_count AS stored,
       (SELECT COUNT(*) FROM products p WHERE p.category = c.slug AND p.deleted_at IS NULL) AS live
     FROM categories c`,
  ).all<{ slug: string; stored: number; live: number }>();
  for (const r of results) expect(r.stored, r.slug).toBe(r.live);
};

const data = importSample();

describe("writeRetailImport", () => {
  it("only produces category slugs the migrations seeded", async () => {
    const { results } = await env.DB.prepare("SELECT slug FROM categories").all<{ slug: string }>();
    expect(results.map((r) => r.slug)).toEqual(expect.arrayContaining([...RETAIL_CATEGORY_SLUGS]));
  });

  it("writes the seller, products, customers and orders the sample derives", async () => {
    const { db, seen } = countingDb();
    const phases = new Set<string>();
    const inserted = await writeRetailImport(db, data, { now: 1_700_000_000_000, onProgress: (p) => phases.add(p) });
    expect(inserted).toEqual({
      products: data.products.length,
      customers: data.customers.length,
      orders: data.orders.length,
      orderLines: data.summary.orderLines,
      stockRows: data.products.length,
    });
    expect(seen.maxParams).toBeLessThanOrEqual(100);
    expect(seen.batches).toBeGreaterThan(0);
    expect([...phases]).toEqual(["products", "customers", "orders", "stock"]);
    expect(await tableCounts()).toEqual({
      products: data.products.length,
      ratings: data.products.length,
      customers: data.customers.length,
      orders: data.orders.length,
      lines: data.summary.orderLines,
    });

    const seller = await env.DB.prepare("SELECT * FROM sellers WHERE id = ?").bind(RETAIL_SELLER_ID).first();
    expect(seller).toMatchObject({ display_name: "UCI Online Retail Gift Shop", user_id: null });

    const p = data.products.find((x) => x.id === "85123A")!;
    const row = await env.DB.prepare("SELECT * FROM products WHERE id = ?").bind(p.id).first();
    expect(row).toMatchObject({
      title: p.title,
      price_minor: p.priceMinor,
      currency: "GBP",
      category: p.category,
      prime_eligible: p.primeEligible ? 1 : 0,
      created_at: p.createdAt,
      deleted_at: null,
    });
    const ratings = await env.DB.prepare("SELECT count, sum, s1, s5 FROM product_ratings WHERE product_id = ?").bind(p.id).first();
    expect(ratings).toEqual({ count: 0, sum: 0, s1: 0, s5: 0 });

    const customer = data.customers[0]!;
    const user = await env.DB.prepare("SELECT * FROM users WHERE id = ?").bind(customer.id).first();
    expect(user).toMatchObject({ email: customer.email, password_hash: null, role: "customer", country: customer.country });

    for (const o of data.orders) {
      const stored = await env.DB.prepare("SELECT * FROM orders WHERE id = ?").bind(o.id).first();
      expect(stored).toMatchObject({
        customer_id: o.customerId,
        status: o.status,
        total_minor: o.totalMinor,
        item_count: o.itemCount,
        source_invoice: o.sourceInvoice,
        created_at: o.createdAt,
      });
      const { results } = await env.DB.prepare(
        "SELECT line_no, product_id, title, quantity, unit_price_minor FROM order_lines WHERE order_id = ? ORDER BY line_no",
      )
        .bind(o.id)
        .all();
      expect(results).toEqual(
        o.lines.map((l) => ({
          line_no: l.lineNo,
          product_id: l.productId,
          title: l.title,
          quantity: l.quantity,
          unit_price_minor: l.unitPriceMinor,
        })),
      );
    }
    // Initial stock: version-0 availability rows, as the demo-stock rule derives them.
    const stock = initialStock(
      data.products.map((x) => x.id),
      data.orders,
    );
    const { results: levels } = await env.DB.prepare(
      "SELECT product_id, on_hand, available, reserved, sold, version FROM inventory_levels",
    ).all();
    expect(levels).toHaveLength(data.products.length);
    for (const l of levels as { product_id: string; on_hand: number }[]) {
      expect(l).toMatchObject({ on_hand: stock.get(l.product_id), available: stock.get(l.product_id), reserved: 0, sold: 0, version: 0 });
    }
    await expectCategoryCountsMatchRecount();
    expect(await readDemoImport(env.DB)).toMatchObject({ ...data.summary, importedAt: 1_700_000_000_000 });
  });

  it("inserts nothing twice when run again", async () => {
    const before = await tableCounts();
    const inserted = await writeRetailImport(env.DB, importSample(), { now: 1_700_000_100_000 });
    expect(inserted).toEqual({ products: 0, customers: 0, orders: 0, orderLines: 0, stockRows: 0 });
    expect(await tableCounts()).toEqual(before);
    await expectCategoryCountsMatchRecount();
    expect(await count("SELECT COUNT(*) AS n FROM app_meta WHERE key = ?", DEMO_IMPORT_META_KEY)).toBe(1);
  });
});

describe("createAdmin", () => {
  it("creates usr_admin once and leaves it alone afterwards", async () => {
    const admin = { email: " Admin@Example.com ", passwordHash: "pbkdf2-sha256$1$AA==$AA==", now: 1 };
    expect(await createAdmin(env.DB, admin)).toBe("created");
    expect(await createAdmin(env.DB, { ...admin, passwordHash: "other" })).toBe("exists");
    const row = await env.DB.prepare("SELECT email, role, password_hash FROM users WHERE id = ?").bind(ADMIN_USER_ID).first();
    expect(row).toEqual({ email: "admin@example.com", role: "admin", password_hash: admin.passwordHash });
  });

  it("reports an address already used by a customer", async () => {
    const email = data.customers[0]!.email;
    expect(await createAdmin(env.DB, { email, passwordHash: "x", now: 1 })).toBe("email_taken");
  });
});

describe("insertSyntheticProducts", () => {
  it("adds N deterministic products once, with ratings rows and recounted categories", async () => {
    const n = 30;
    expect(await insertSyntheticProducts(env.DB, n, 7)).toBe(n);
    expect(await insertSyntheticProducts(env.DB, n, 7)).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM products WHERE id LIKE 'SYN%'")).toBe(n);
    expect(await count("SELECT COUNT(*) AS n FROM product_ratings WHERE product_id LIKE 'SYN%'")).toBe(n);
    const expected = syntheticProduct(7, 12);
    const row = await env.DB.prepare("SELECT id, title, price_minor, category FROM products WHERE id = ?").bind(expected.id).first();
    expect(row).toEqual({ id: "SYN0000012", title: expected.title, price_minor: expected.priceMinor, category: expected.category });
    await expectCategoryCountsMatchRecount();
  });
});

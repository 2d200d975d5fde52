// A bench-only Worker run beside the shop in the test harness: it reaches the shop's
// InventoryDO class through a Durable Object binding (script_name) and exposes reservation as
// plain HTTP, so a flash sale can be driven the way checkout will drive it: Worker → DO RPC.
// It also fills the checkout bench's carts straight through the CartDO class (POST /carts), and
// re-sends queue messages for the soak's duplicate deliveries (POST /redeliver).
import type { LineOffer } from "../../workers/cart/cart";
import { reserveAll } from "../../workers/inventory/reserve-all";
import { skuStock, splitSku } from "../../workers/inventory/sharding";

const json = (body: unknown, status = 200) => Response.json(body, { status });

export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const url = new URL(request.url);
    const sku = url.searchParams.get("sku") ?? "";
    switch (url.pathname) {
      case "/noop":
        return json({ ok: true });
      case "/setup": {
        // Stock count, then (optionally) the split across shards.
        const units = Number(url.searchParams.get("units"));
        const shards = Number(url.searchParams.get("shards") ?? "1");
        const main = env.INVENTORY.get(env.INVENTORY.idFromName(sku));
        const set = await main.adjust(sku, units, `bench-setup-${sku}-${units}`);
        if (!set.ok) return json(set, 500);
        if (shards > 1) {
          const split = await splitSku(env, sku, shards);
          if (!split.ok) return json(split, 500);
        }
        return json(await skuStock(env, sku));
      }
      case "/reserve": {
        const order = url.searchParams.get("order") ?? crypto.randomUUID();
        const r = await reserveAll(env, order, [{ productId: sku, qty: 1 }]);
        return r.ok ? json({ ok: true }) : json({ ok: false, code: r.failures[0]?.code }, 409);
      }
      case "/carts": {
        // Body: one line per customer; answers each customer's cart id (what POST /orders wants).
        const { lines } = (await request.json()) as { lines: ({ userId: string } & LineOffer)[] };
        const ids: string[] = [];
        for (let i = 0; i < lines.length; i += 50) {
          const chunk = lines.slice(i, i + 50);
          ids.push(
            ...(await Promise.all(
              chunk.map(async ({ userId, ...offer }) => {
                const cart = env.CART.getByName(`customer:${userId}`);
                const r = await cart.add(offer);
                if (!r.ok) throw new Error(`cart for ${userId}: ${r.error.code}`);
                return cart.id.toString();
              }),
            )),
          );
        }
        return json({ cartIds: ids });
      }
      case "/redeliver": {
        // Duplicate deliveries for the soak: messages already sent once, sent again as they were.
        const { queue, messages } = (await request.json()) as { queue: "order-events" | "notifications"; messages: unknown[] };
        const producer = queue === "notifications" ? env.NOTIFICATIONS : env.ORDER_EVENTS;
        for (let i = 0; i < messages.length; i += 100) {
          await producer.sendBatch(messages.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
        }
        return json({ sent: messages.length });
      }
      case "/stock":
        return json(await skuStock(env, sku));
      default:
        return json({ error: "unknown" }, 404);
    }
  },
};

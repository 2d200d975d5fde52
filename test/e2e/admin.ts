// What the e2e suite does as the shop's staff: the public API through hono/client, signed in as
// the demo admin (ship, out for delivery, deliver; build recommendations).
import { hc } from "hono/client";
import type { AppType } from "../../workers/app";

/** The demo admin the e2e shop is seeded with (server.ts). */
export const ADMIN = { email: "admin@example.com", password: "e2e-admin-password" };

export const adminClient = async (url: URL) => {
  const anon = hc<AppType>(url.origin);
  const login = await anon.api.v1.auth.login.$post({ json: ADMIN });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
  const { token } = await login.json();
  const api = hc<AppType>(url.origin, { headers: { Authorization: `Bearer ${token}` } });
  const ok = async (res: { ok: boolean; status: number; text: () => Promise<string> }, what: string) => {
    if (!res.ok) throw new Error(`${what} failed: ${res.status} ${await res.text()}`);
  };
  return {
    ship: async (id: string, trackingNumber: string) =>
      ok(
        await api.api.v1.admin.orders[":id"].ship.$post({
          param: { id },
          json: { carrier: "royal-mail", tracking_number: trackingNumber },
        }),
        "ship",
      ),
    outForDelivery: async (id: string) =>
      ok(await api.api.v1.admin.orders[":id"]["out-for-delivery"].$post({ param: { id } }), "out for delivery"),
    deliver: async (id: string) => ok(await api.api.v1.admin.orders[":id"].deliver.$post({ param: { id } }), "deliver"),
    /** A new price (minor units) for a product, as its seller or an admin would set it. */
    setPrice: async (id: string, price: number) => {
      const current = await api.api.v1.products[":id"].$get({ param: { id } });
      if (current.status !== 200) throw new Error(`read product failed: ${current.status}`);
      const { product } = await current.json();
      await ok(await api.api.v1.products[":id"].$patch({ param: { id }, json: { price, version: product.version } }), "set price");
    },
    setStock: async (id: string, onHand: number) =>
      ok(await api.api.v1.products[":id"].inventory.$put({ param: { id }, json: { on_hand: onHand }, header: {} }), "set stock"),
    buildRecommendations: async () => ok(await api.api.v1.admin.jobs.recommendations.$post(), "recommendations build"),
  };
};

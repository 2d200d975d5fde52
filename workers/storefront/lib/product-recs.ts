// Recommendation sections of the product page ("Frequently bought together", "Customers also
// bought"): product-card grids that load on their own; an empty one is removed, a failed one
// says so inline without touching the rest of the page.
import { api, call } from "./api";
import { h, replace } from "./dom";
import { errorBlock } from "./layout";
import { productCard } from "./product-card";

type RecType = "similar" | "bought_together";

export const recsSection = (productId: string, type: RecType, title: string, testid: string) => {
  const headingId = `${testid}-heading`;
  const heading = h("h2", { id: headingId }, title);
  const section = h(
    "section",
    { class: "recs", "aria-labelledby": headingId, "data-testid": testid, "aria-busy": "true" },
    heading,
    h("p", { class: "loading" }, "Loading…"),
  );
  void (async () => {
    try {
      const { results } = await call(
        api.api.v1.products[":id"].recommendations.$get({ param: { id: productId }, query: { type, limit: "6" } }),
      );
      const items = results.filter((r) => r.product_id !== productId);
      if (items.length === 0) {
        section.parentNode?.removeChild(section);
        return;
      }
      replace(
        section,
        heading,
        h(
          "ul",
          { class: "grid" },
          items.map((r) => productCard({ ...r, image_url: r.image_urls[0] ?? null })),
        ),
      );
    } catch (e) {
      replace(section, heading, errorBlock(e));
    } finally {
      section.setAttribute("aria-busy", "false");
    }
  })();
  return section;
};

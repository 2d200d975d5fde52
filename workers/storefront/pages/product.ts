// The product page (/product?id=...): pictures, title, seller, rating, the buy box, details,
// "Frequently bought together", customer reviews and similar items. An unknown or missing id
// shows a clear "not found" page.
import { ApiError, api, call } from "../lib/api";
import { h, param, replace } from "../lib/dom";
import { runPage, setTitle } from "../lib/layout";
import { productBuyBox } from "../lib/product-buy";
import { productGallery } from "../lib/product-gallery";
import { productInfo } from "../lib/product-info";
import { recsSection } from "../lib/product-recs";
import type { ProductDetail } from "../lib/product-types";
import { reviewsSection } from "../lib/reviews-section";
import { starsText } from "../lib/format";

const ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const notFound = (main: HTMLElement, id: string | null) => {
  setTitle("Product not found");
  replace(
    main,
    h("h1", {}, "Product not found"),
    h("p", {}, id ? `We could not find a product with the id “${id}”. It may have been removed.` : "No product was chosen."),
    h("p", {}, "Try the search box above, or ", h("a", { href: "/" }, "go back to the shop"), "."),
  );
};

const header = (d: ProductDetail) => {
  const { product: p, seller, rating } = d;
  const filled = rating.average && rating.count ? Math.round(rating.average) : 0;
  return h(
    "div",
    { class: "product-head" },
    h("h1", { "data-testid": "product-title" }, p.title),
    h("p", { class: "seller muted" }, "Sold by ", h("span", { class: "seller-name" }, seller.display_name)),
    h(
      "p",
      { class: "rating-link" },
      h(
        "a",
        { href: "#reviews" },
        h("span", { class: "stars", "aria-hidden": "true" }, "★".repeat(filled) + "☆".repeat(5 - filled)),
        " ",
        starsText(rating.average, rating.count),
      ),
    ),
  );
};

void runPage("Product", async (main) => {
  const id = param("id")?.trim() ?? null;
  if (!id || !ID_PATTERN.test(id)) return notFound(main, id);
  let detail: ProductDetail;
  try {
    detail = await call(api.api.v1.products[":id"].$get({ param: { id } }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFound(main, id);
    throw e; // runPage shows the API's message
  }
  const p = detail.product;
  setTitle(p.title);
  replace(
    main,
    h(
      "div",
      { class: "product-page" },
      h("div", { class: "product-top" }, productGallery(p), header(detail), productBuyBox(p, detail.stock), productInfo(p)),
      recsSection(p.product_id, "bought_together", "Frequently bought together", "bought-together"),
      reviewsSection(detail),
      recsSection(p.product_id, "similar", "Customers also bought", "similar"),
    ),
  );
});

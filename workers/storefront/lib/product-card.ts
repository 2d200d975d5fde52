// One product as a card (search results, recommendations, the home page): picture, title link,
// price, rating, prime badge, this viewer's delivery offer and stock. `onOpen` lets search log the click before navigating.
import { deliveryOffer } from "./delivery-offer";
import { h } from "./dom";
import { money, starsText } from "./format";
import { productImage } from "./images";
import { getSession } from "./session";

export interface CardProduct {
  product_id: string;
  title: string;
  price: number;
  currency: string;
  rating?: number | null;
  rating_count?: number;
  prime_eligible?: boolean;
  image_url?: string | null;
  /** Null when the product has no stock record (nothing is said about stock). */
  in_stock?: boolean | null;
}

export const productHref = (id: string): string => `/product?id=${encodeURIComponent(id)}`;

/** "★★★★☆" for screen and a spoken equivalent for assistive technology. */
export const stars = (avg: number | null | undefined, count = 0) => {
  const filled = avg ? Math.round(avg) : 0;
  return h(
    "span",
    { class: "rating" },
    h("span", { class: "stars", "aria-hidden": "true" }, "★".repeat(filled) + "☆".repeat(5 - filled)),
    h("span", { class: "visually-hidden" }, starsText(avg ?? null, count)),
    count ? h("span", { class: "muted", "aria-hidden": "true" }, ` (${count})`) : null,
  );
};

export const productCard = (p: CardProduct, opts: { onOpen?: (e: MouseEvent) => void; headingLevel?: "h2" | "h3" } = {}) => {
  const href = productHref(p.product_id);
  const link = h("a", { class: "title", href }, p.title);
  if (opts.onOpen) link.addEventListener("click", opts.onOpen);
  return h(
    "li",
    { class: "card", "data-product-id": p.product_id },
    h("a", { href, tabindex: "-1", "aria-hidden": "true" }, productImage(p, p.image_url, 200)),
    h(opts.headingLevel ?? "h3", { class: "card-heading" }, link),
    h("span", { class: "price" }, money(p.price, p.currency)),
    p.rating_count ? stars(p.rating ?? null, p.rating_count) : null,
    h(
      "span",
      { class: "row" },
      p.prime_eligible ? h("span", { class: "badge prime" }, "prime") : null,
      p.in_stock === undefined || p.in_stock === null
        ? null
        : p.in_stock
          ? h("span", { class: "in-stock" }, "In stock")
          : h("span", { class: "out-of-stock" }, "Out of stock"),
    ),
    h(
      "span",
      { class: "delivery-note", "data-testid": "card-delivery-offer" },
      deliveryOffer(getSession()?.user.is_prime ?? false, p.currency),
    ),
  );
};

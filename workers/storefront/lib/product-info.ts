// "About this item": the seller's description (plain text, line breaks kept) and the product's
// attributes as a two-column table.
import { h } from "./dom";
import type { Product } from "./product-types";

const label = (name: string): string => {
  const t = name.replace(/[_-]+/g, " ").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
};

const value = (v: string | number | boolean): string => (typeof v === "boolean" ? (v ? "Yes" : "No") : String(v));

export const productInfo = (p: Product) => {
  const attrs = Object.entries(p.attributes);
  return h(
    "section",
    { class: "product-about", "aria-labelledby": "about-heading" },
    h("h2", { id: "about-heading" }, "About this item"),
    p.description.trim()
      ? h("p", { class: "description" }, p.description)
      : h("p", { class: "muted" }, "The seller has not written a description yet."),
    attrs.length
      ? h(
          "table",
          { class: "attributes" },
          h("caption", { class: "visually-hidden" }, "Product details"),
          h(
            "tbody",
            {},
            attrs.map(([k, v]) => h("tr", {}, h("th", { scope: "row" }, label(k)), h("td", {}, value(v)))),
          ),
        )
      : null,
  );
};

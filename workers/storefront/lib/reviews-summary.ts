// The rating summary: average stars and count, and a 5..1 star histogram whose rows filter the
// review list to that many stars (buttons with text like "5 stars: 62%"; the bars are aria-hidden).
import { h } from "./dom";
import type { RatingSummary } from "./product-types";

const KEYS = ["5", "4", "3", "2", "1"] as const;

export const ratingSummary = (rating: RatingSummary, active: number | null, onFilter: (stars: number) => void) => {
  const { average, count, histogram } = rating;
  const filled = average && count ? Math.round(average) : 0;
  const head = h(
    "div",
    { class: "rating-head", "data-testid": "rating-summary" },
    h("span", { class: "stars big", "aria-hidden": "true" }, "★".repeat(filled) + "☆".repeat(5 - filled)),
    h("p", { class: "rating-average" }, average === null || count === 0 ? "No ratings yet" : `${average.toFixed(1)} out of 5 stars`),
    h("p", { class: "muted" }, count === 0 ? "Be the first to review this product." : `${count} customer rating${count === 1 ? "" : "s"}`),
  );
  const rows = KEYS.map((k) => {
    const n = histogram[k];
    const pct = count ? Math.round((n / count) * 100) : 0;
    const starsN = Number(k);
    const fill = h("span", { class: "bar-fill" });
    fill.style.width = `${pct}%`; // CSSOM, not a style attribute: the CSP forbids inline styles
    return h(
      "li",
      {},
      h(
        "button",
        {
          type: "button",
          class: "histogram-row",
          "aria-pressed": String(active === starsN),
          disabled: n === 0,
          title: n === 0 ? `No ${k}-star reviews` : `Show only ${k}-star reviews`,
          onclick: () => onFilter(starsN),
        },
        h("span", { class: "histogram-label" }, `${k} star${k === "1" ? "" : "s"}`, h("span", { class: "visually-hidden" }, ":")),
        h("span", { class: "bar", "aria-hidden": "true" }, fill),
        h("span", { class: "histogram-pct" }, `${pct}%`),
        h("span", { class: "visually-hidden" }, ` (${n} review${n === 1 ? "" : "s"})`),
      ),
    );
  });
  return h(
    "div",
    { class: "rating-summary" },
    head,
    h(
      "ul",
      { class: "histogram", "data-testid": "rating-histogram", "aria-label": "Ratings by stars: choose one to filter the reviews" },
      rows,
    ),
  );
};

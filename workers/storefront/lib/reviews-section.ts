// "Customer reviews": the rating summary with its histogram filter, the write-a-review form and
// the review list. After a review is saved the product is fetched again so the summary and the
// first page show it.
import { api, call } from "./api";
import { h, replace } from "./dom";
import { errorBlock } from "./layout";
import type { ProductDetail, RatingSummary, Review } from "./product-types";
import { reviewForm } from "./reviews-form";
import { reviewsList } from "./reviews-list";
import { ratingSummary } from "./reviews-summary";

export const reviewsSection = (detail: ProductDetail) => {
  const productId = detail.product.product_id;
  let rating: RatingSummary = detail.rating;
  let active: number | null = null;
  const summaryBox = h("div", { class: "summary-box" });

  const list = reviewsList(
    productId,
    (items: Review[]) => {
      // The API marks the caller's own review (reviews carry no author ids).
      const mine = items.find((r) => r.is_mine);
      if (mine) form.prefill(mine);
    },
    (stars) => {
      active = stars;
      renderSummary();
    },
  );
  const renderSummary = () =>
    replace(
      summaryBox,
      ratingSummary(rating, active, (n) => void list.setFilter(n)),
    );

  const form = reviewForm(productId, async (saved) => {
    let page: ProductDetail["reviews"] = { items: [], next_page_token: null };
    try {
      const fresh = await call(api.api.v1.products[":id"].$get({ param: { id: productId } }));
      rating = fresh.rating;
      page = fresh.reviews;
      active = null;
      renderSummary();
    } catch (e) {
      replace(summaryBox, errorBlock(e));
    }
    // The saved review as answered, even if a cache still held the list from a moment ago.
    list.reset({ items: [saved, ...page.items.filter((r) => r.review_id !== saved.review_id)], next_page_token: page.next_page_token });
    list.focusFirst();
  });

  renderSummary();
  list.reset(detail.reviews);
  return h(
    "section",
    { class: "reviews", id: "reviews", "aria-labelledby": "reviews-heading" },
    h("h2", { id: "reviews-heading" }, "Customer reviews"),
    h(
      "div",
      { class: "reviews-layout" },
      h("div", { class: "reviews-side" }, summaryBox, h("div", { class: "write-review" }, form.element)),
      list.element,
    ),
  );
};

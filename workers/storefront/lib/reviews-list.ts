// The review list: sort (most recent, most helpful, rating), an optional star filter (set from
// the histogram), and "Show more reviews" pages via next_page_token. Results are announced.
import { api, call } from "./api";
import { h, replace } from "./dom";
import { errorBlock } from "./layout";
import type { Review, ReviewSort } from "./product-types";
import { reviewItem } from "./reviews-item";

export interface ReviewPage {
  items: Review[];
  next_page_token: string | null;
}

const SORTS: [ReviewSort, string][] = [
  ["recent", "Most recent"],
  ["helpful", "Most helpful"],
  ["rating", "Rating"],
];

export const reviewsList = (productId: string, onReviews: (items: Review[]) => void, onFilterChange: (stars: number | null) => void) => {
  let sort: ReviewSort = "recent";
  let stars: number | null = null;
  let next: string | null = null;
  let shown = 0;
  let seq = 0; // only the newest request's answer is shown

  const sortSelect = h(
    "select",
    { id: "review-sort", name: "sort" },
    SORTS.map(([v, label]) => h("option", { value: v }, label)),
  );
  const filterNote = h("p", { class: "filter-note", hidden: true });
  const status = h("p", { class: "visually-hidden", role: "status" });
  const list = h("ul", { class: "review-list" });
  const more = h("button", { type: "button", class: "secondary", hidden: true }, "Show more reviews");
  const error = h("div", {});

  const render = (page: ReviewPage, append: boolean) => {
    if (!append) {
      replace(list);
      shown = 0;
    }
    for (const r of page.items) list.appendChild(reviewItem(r));
    shown += page.items.length;
    next = page.next_page_token;
    more.hidden = next === null;
    if (shown === 0)
      replace(
        list,
        h(
          "li",
          { class: "muted reviews-empty" },
          stars ? `No ${stars}-star reviews yet.` : "No reviews yet. Be the first to review this product.",
        ),
      );
    replace(
      filterNote,
      ...(stars
        ? [
            `Showing ${stars}-star reviews only. `,
            h("button", { type: "button", class: "link", onclick: () => void setFilter(null) }, "Show all reviews"),
          ]
        : []),
    );
    filterNote.hidden = stars === null;
    onReviews(page.items);
  };

  const load = async (append: boolean) => {
    const mine = ++seq;
    replace(error);
    more.disabled = true;
    list.setAttribute("aria-busy", "true");
    if (append) replace(more, "Loading…");
    try {
      const query: { sort: ReviewSort; stars?: string; page_token?: string } = { sort };
      if (stars) query.stars = String(stars);
      if (append && next) query.page_token = next;
      const page = await call(api.api.v1.products[":id"].reviews.$get({ param: { id: productId }, query }));
      if (mine !== seq) return;
      const firstNew = list.children.length;
      render({ items: page.results, next_page_token: page.next_page_token }, append);
      replace(status, page.results.length === 0 ? "No reviews found." : `Showing ${shown} review${shown === 1 ? "" : "s"}.`);
      // After "Show more", focus the first newly shown review so keyboard users continue there.
      if (append) (list.children[firstNew]?.querySelector("article") as HTMLElement | null)?.focus();
    } catch (e) {
      if (mine === seq) replace(error, errorBlock(e));
    } finally {
      if (mine === seq) {
        more.disabled = false;
        list.setAttribute("aria-busy", "false");
        replace(more, "Show more reviews");
        if (append && document.activeElement === document.body) more.focus();
      }
    }
  };

  const setFilter = async (n: number | null) => {
    stars = stars === n ? null : n;
    onFilterChange(stars);
    await load(false);
  };

  sortSelect.addEventListener("change", () => {
    sort = sortSelect.value as ReviewSort;
    void load(false);
  });
  more.addEventListener("click", () => void load(true));

  const element = h(
    "div",
    { class: "reviews-list", "data-testid": "reviews" },
    h("div", { class: "row review-controls" }, h("label", { for: "review-sort" }, "Sort reviews by"), sortSelect),
    filterNote,
    status,
    list,
    error,
    more,
  );
  /** Shows a first page (from the product page) in the default order, without filter. */
  const reset = (page: ReviewPage) => {
    seq++;
    sort = "recent";
    sortSelect.value = sort;
    stars = null;
    render(page, false);
  };
  return { element, reset, setFilter, focusFirst: () => (list.querySelector("article") as HTMLElement | null)?.focus() };
};

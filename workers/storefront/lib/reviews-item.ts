// One review in the list: stars, title, author, date, verified badge, the text as plain text,
// the seller's reply, and the helpful count with a "Helpful" toggle for signed-in customers.
import { ApiError, api, call } from "./api";
import { h, replace } from "./dom";
import type { Review } from "./product-types";
import { getSession } from "./session";

const VOTES_KEY = "shop.helpful-votes";

/** The reviews this browser's customer marked helpful (the API does not list them). */
const votes = (userId: string): Set<string> => {
  try {
    const all = JSON.parse(localStorage.getItem(VOTES_KEY) ?? "{}") as Record<string, string[]>;
    return new Set(all[userId] ?? []);
  } catch {
    return new Set();
  }
};

const saveVote = (userId: string, reviewId: string, voted: boolean): void => {
  try {
    const all = JSON.parse(localStorage.getItem(VOTES_KEY) ?? "{}") as Record<string, string[]>;
    const mine = new Set(all[userId] ?? []);
    if (voted) mine.add(reviewId);
    else mine.delete(reviewId);
    all[userId] = [...mine].slice(-500);
    localStorage.setItem(VOTES_KEY, JSON.stringify(all));
  } catch {
    /* storage may be disabled: the button state is then per page view */
  }
};

export const reviewDate = (iso: string): string =>
  new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });

const helpfulText = (n: number): string => (n === 0 ? "" : n === 1 ? "1 person found this helpful" : `${n} people found this helpful`);

const helpfulControls = (r: Review) => {
  const count = h("span", { class: "muted helpful-count" }, helpfulText(r.helpful_count));
  const s = getSession();
  if (s?.user.role !== "customer") return h("div", { class: "row helpful" }, count);
  let voted = votes(s.user.id).has(r.review_id);
  const msg = h("span", { class: "helpful-msg", id: `helpful-msg-${r.review_id}` });
  const button = h(
    "button",
    { type: "button", class: "secondary small", "aria-pressed": String(voted), "aria-describedby": msg.id },
    "Helpful",
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    replace(msg);
    try {
      const param = { review_id: r.review_id };
      const res = await call(
        voted ? api.api.v1.reviews[":review_id"].helpful.$delete({ param }) : api.api.v1.reviews[":review_id"].helpful.$post({ param }),
      );
      voted = res.voted;
      saveVote(s.user.id, r.review_id, voted);
      button.setAttribute("aria-pressed", String(voted));
      replace(count, helpfulText(res.helpful_count));
      replace(msg, h("span", { class: "muted", role: "status" }, voted ? "Thank you for your feedback." : "Your vote was removed."));
    } catch (e) {
      replace(
        msg,
        h("span", { class: "error", role: "alert" }, e instanceof ApiError ? e.message : "Your vote could not be saved. Please try again."),
      );
    } finally {
      button.disabled = false;
      button.focus();
    }
  });
  return h("div", { class: "row helpful" }, count, button, msg);
};

export const reviewItem = (r: Review) => {
  const headingId = `review-${r.review_id}`;
  const mine = r.is_mine;
  const edited = r.updated_at !== r.created_at;
  return h(
    "li",
    { class: "review", "data-review-id": r.review_id },
    h(
      "article",
      { "aria-labelledby": headingId, tabindex: "-1" },
      h("p", { class: "review-author" }, r.author_name || "A customer", mine ? h("span", { class: "badge mine" }, "Your review") : null),
      h(
        "h3",
        { id: headingId, class: "review-title" },
        h("span", { class: "stars", "aria-hidden": "true" }, "★".repeat(r.stars) + "☆".repeat(5 - r.stars)),
        h("span", { class: "visually-hidden" }, `${r.stars} out of 5 stars: `),
        " ",
        r.title,
      ),
      h(
        "p",
        { class: "row review-meta" },
        h("span", { class: "muted" }, `Reviewed on ${reviewDate(r.created_at)}${edited ? ` (edited ${reviewDate(r.updated_at)})` : ""}`),
        r.verified_purchase ? h("span", { class: "badge verified" }, "Verified purchase") : null,
      ),
      h("p", { class: "review-text" }, r.text),
      r.seller_reply
        ? h(
            "div",
            { class: "seller-reply" },
            h(
              "p",
              {},
              h("strong", {}, "Response from the seller"),
              h("span", { class: "muted" }, `, ${reviewDate(r.seller_reply.created_at)}`),
            ),
            h("p", { class: "review-text" }, r.seller_reply.text),
          )
        : null,
      helpfulControls(r),
    ),
  );
};

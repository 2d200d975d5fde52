// The home page: a greeting, the categories to browse, and recommendations (personal when the
// shopper is signed in and has history, else the store's best sellers).
import { api, call } from "../lib/api";
import { append, h, replace } from "../lib/dom";
import { errorBlock, runPage } from "../lib/layout";
import { productCard } from "../lib/product-card";

void runPage("Shop", async (main) => {
  const recs = h(
    "section",
    { "aria-labelledby": "recs-heading" },
    h("h2", { id: "recs-heading" }, "Recommended for you"),
    h("p", { class: "loading" }, "Loading…"),
  );
  const cats = h("nav", { "aria-labelledby": "cats-heading", class: "categories" }, h("h2", { id: "cats-heading" }, "Shop by category"));
  replace(main, h("h1", {}, "Welcome to Edge Shop"), cats, recs);
  const [catRes, recRes] = await Promise.allSettled([
    call(api.api.v1.categories.$get()),
    call(api.api.v1.recommendations.$get({ query: { limit: "12" } })),
  ]);
  if (catRes.status === "fulfilled") {
    append(
      cats,
      h(
        "ul",
        { class: "chips" },
        catRes.value.categories.map((c) => h("li", {}, h("a", { href: `/search?category=${encodeURIComponent(c.slug)}` }, c.name))),
      ),
    );
  } else append(cats, errorBlock(catRes.reason));
  if (recRes.status === "fulfilled") {
    const heading = recRes.value.strategy === "popular" ? "Best sellers" : "Recommended for you";
    replace(
      recs,
      h("h2", { id: "recs-heading" }, heading),
      h(
        "ul",
        { class: "grid" },
        recRes.value.results.map((p) => productCard({ ...p, image_url: p.image_urls[0] ?? null })),
      ),
    );
  } else replace(recs, h("h2", { id: "recs-heading" }, "Recommended for you"), errorBlock(recRes.reason));
});

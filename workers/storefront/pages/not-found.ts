// The storefront's 404 page (the Worker serves it for browser requests to unknown paths).
import { h, replace } from "../lib/dom";
import { runPage } from "../lib/layout";

void runPage("Page not found", async (main) => {
  replace(
    main,
    h("h1", {}, "Page not found"),
    h("p", {}, "There is no page at this address. It may have moved, or the link may be mistyped."),
    h("p", {}, h("a", { href: "/" }, "Go to the home page"), " or search for what you need above."),
  );
});

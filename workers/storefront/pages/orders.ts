// "Your orders": the signed-in customer's orders, newest first, a page at a time ("Load more"),
// each with a status badge kept current live over the tracking socket (all of their orders).
import { h, replace } from "../lib/dom";
import { errorBlock, notify, runPage } from "../lib/layout";
import { statusLabel } from "../lib/format";
import { liveIndicator } from "../lib/live-indicator";
import { connectLive } from "../lib/live-socket";
import { fetchOrders, type OrderSummary } from "../lib/order-api";
import { orderRow, setRowStatus } from "../lib/order-row";
import { requireSignIn } from "../lib/session";

const PAGE_SIZE = 10;

const emptyState = () =>
  h(
    "div",
    { class: "panel orders-empty", "data-testid": "orders-empty" },
    h("h2", {}, "You have no orders yet"),
    h("p", {}, "When you place an order, it appears here with its delivery status."),
    h("a", { class: "button", href: "/" }, "Start shopping"),
  );

void runPage("Your orders", async (main) => {
  if (!requireSignIn()) return;
  const indicator = liveIndicator();
  const list = h("ol", { class: "order-list", "data-testid": "order-list", "aria-label": "Your orders, newest first" });
  const more = h("div", { class: "load-more" });
  const count = h("p", { class: "muted", role: "status" });
  const rows = new Map<string, { row: HTMLElement; order: OrderSummary }>();
  let nextToken: string | null = null;
  // Live updates after this (client clock, minus a margin) may postdate the list we read.
  let since = Date.now() - 30_000;

  const addRows = (orders: OrderSummary[]) => {
    let first: HTMLElement | null = null;
    for (const o of orders) {
      if (rows.has(o.order_id)) continue;
      const row = orderRow(o);
      rows.set(o.order_id, { row, order: o });
      list.appendChild(row);
      first ??= row;
    }
    return first;
  };

  const renderMore = (error?: unknown) => {
    const button = nextToken
      ? h(
          "button",
          { type: "button", class: "secondary", "data-testid": "load-more", onclick: () => void loadMore(button!) },
          "Load more orders",
        )
      : null;
    replace(more, error ? errorBlock(error) : null, button);
    replace(count, rows.size ? `Showing ${rows.size} order${rows.size === 1 ? "" : "s"}${nextToken ? "" : " (all of them)"}.` : "");
  };

  const loadMore = async (button: HTMLButtonElement) => {
    button.disabled = true;
    replace(button, "Loading…");
    try {
      const page = await fetchOrders(nextToken, PAGE_SIZE);
      nextToken = page.next_page_token;
      const first = addRows(page.results);
      renderMore();
      first?.querySelector<HTMLElement>("h2 a")?.focus();
    } catch (e) {
      renderMore(e);
      more.querySelector<HTMLElement>("button")?.focus();
    }
  };

  const firstPage = await fetchOrders(null, PAGE_SIZE);
  nextToken = firstPage.next_page_token;
  if (!firstPage.results.length) {
    replace(main, h("h1", {}, "Your orders"), emptyState());
    return;
  }
  addRows(firstPage.results);
  replace(main, h("div", { class: "order-head" }, h("h1", {}, "Your orders"), indicator.el), list, count, more);
  renderMore();

  // Live badges: one socket for all of this customer's orders; without it the list is still right.
  const live = connectLive({
    since: () => since,
    onUpdate: (u) => {
      since = Math.max(since, Date.parse(u.at));
      const r = rows.get(u.order_id);
      if (r && setRowStatus(r.row, r.order, u.status)) notify(`Order ${u.order_id}: ${statusLabel(u.status)}`);
    },
    onState: (s) => indicator.set(s),
    onGiveUp: () => indicator.set("stopped"),
  });
  window.addEventListener("pagehide", () => live.stop());
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) location.reload();
  });
});

// One order: confirmation banner after checkout, status headline, progress timeline, items,
// totals, address, shipment and cancel; kept current live over the tracking socket (polling
// GET /orders/{id} if sockets keep failing) until the order reaches a final status.
import { ApiError } from "../lib/api";
import { h, param, replace } from "../lib/dom";
import { notify, refreshCartCount, runPage, setTitle, showError } from "../lib/layout";
import { liveIndicator } from "../lib/live-indicator";
import { trackOrder } from "../lib/live-order";
import type { LiveUpdate } from "../lib/live-socket";
import { fetchOrder, isOrderId, TERMINAL, type OrderDetail } from "../lib/order-api";
import { cancelControl } from "../lib/order-cancel";
import { announcement } from "../lib/order-text";
import { progressOf, renderTimeline, withUpdate, type Progress } from "../lib/order-timeline";
import { orderPanels } from "../lib/order-panels";
import { itemsSection, placedBanner, shipmentSection, statusHeadline, summarySection } from "../lib/order-view";
import { requireSignIn } from "../lib/session";

const id = param("id");

const notFound = (main: HTMLElement) =>
  replace(
    main,
    h("h1", {}, "Order not found"),
    h("p", {}, "This link does not point to one of your orders."),
    h("p", {}, h("a", { href: "/orders" }, "See all your orders")),
  );

const show = (main: HTMLElement, orderId: string, first: OrderDetail) => {
  let detail = first;
  let progress = progressOf(first);
  let newest = Date.parse(first.updated_at);
  let live: { stop(): void } | null = null;
  let refetchTimer = 0;

  const placed = param("placed") === "1";
  const indicator = liveIndicator();
  const bannerBox = h("div", { class: "banner-box" });
  let bannerStatus = "";
  const statusBox = h("div", { class: "status-box" });
  const timelineBox = h("div", { class: "timeline-box" });
  const shipmentBox = h("div", { class: "shipment-box" });
  // The re-read announces the cancellation (or whatever the order became instead).
  const cancel = cancelControl(orderId, () => void refetch().catch(showError));

  /** Every status-dependent panel from one table, so none contradicts another. */
  const redraw = () => {
    const panels = orderPanels(progress.status, progress.reason, detail.estimated_delivery);
    // Redrawn only when the status changes: a re-read must not take focus away from its title.
    if (placed && bannerStatus !== progress.status) replace(bannerBox, placedBanner(orderId, panels));
    bannerStatus = progress.status;
    replace(statusBox, statusHeadline(progress.status, panels));
    replace(timelineBox, renderTimeline(progress));
    replace(shipmentBox, shipmentSection(detail));
    cancel.update(panels.cancellable);
    if (TERMINAL.has(progress.status)) stopLive();
  };

  /** Shows `next`, announcing a status change politely. */
  const advance = (next: Progress) => {
    if (next.status !== progress.status) notify(announcement(next.status));
    if (next.status === "PAID" && progress.status !== "PAID") void refreshCartCount(); // payment empties the cart
    progress = next;
    redraw();
  };

  async function refetch() {
    const o = await fetchOrder(orderId);
    const at = Date.parse(o.updated_at);
    detail = o;
    // A live message can be newer than a read that raced it: keep the newer status.
    if (at >= newest || o.status === progress.status) {
      newest = Math.max(newest, at);
      advance(progressOf(o));
    } else redraw();
  }

  const onUpdate = (u: LiveUpdate) => {
    const at = Date.parse(u.at);
    if (at < newest || (at === newest && u.status === progress.status)) return; // replayed or stale
    newest = at;
    advance(withUpdate(progress, u.status, u.reason, u.at));
    // The message carries the status only: read the order for times, tracking number, estimate.
    window.clearTimeout(refetchTimer);
    refetchTimer = window.setTimeout(() => void refetch().catch(() => {}), 250);
  };

  function stopLive() {
    live?.stop();
    live = null;
    indicator.set("stopped");
  }

  const startLive = () => {
    if (live || TERMINAL.has(progress.status)) return;
    live = trackOrder({
      orderId,
      since: () => newest,
      onUpdate,
      refresh: refetch,
      onState: (s) => indicator.set(s),
      onSignedOut: showError,
    });
  };

  replace(
    main,
    h("div", { class: "order-head" }, h("h1", {}, "Order ", h("span", { class: "order-no" }, orderId)), indicator.el),
    bannerBox,
    h(
      "div",
      { class: "order-layout" },
      h(
        "div",
        { class: "order-main" },
        h(
          "section",
          { class: "status-panel", "aria-labelledby": "status-title" },
          h("h2", { id: "status-title", class: "visually-hidden" }, "Status"),
          statusBox,
          cancel.el,
        ),
        h("section", { "aria-labelledby": "progress-title" }, h("h2", { id: "progress-title" }, "Progress"), timelineBox),
        itemsSection(first),
      ),
      h("div", { class: "order-side" }, summarySection(first), shipmentBox),
    ),
    h("p", {}, h("a", { href: "/orders" }, "← All your orders")),
  );
  redraw();
  if (placed) main.querySelector<HTMLElement>("#placed-title")?.focus();
  startLive();

  window.addEventListener("pagehide", () => {
    window.clearTimeout(refetchTimer);
    live?.stop();
    live = null;
  });
  // Back from the back/forward cache: catch up, then listen again.
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) void refetch().then(startLive, showError);
  });
};

void runPage(isOrderId(id) ? `Order ${id}` : "Order", async (main) => {
  if (!requireSignIn()) return;
  if (!isOrderId(id)) return notFound(main);
  let order: OrderDetail;
  try {
    order = await fetchOrder(id);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFound(main);
    throw e;
  }
  setTitle(`Order ${id}`);
  show(main, id, order);
});

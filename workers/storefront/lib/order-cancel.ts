// The order page's "Cancel order" control: shown only while the API allows cancelling (before
// shipping), asks for confirmation inline, then cancels and reports the API's answer in place.
import { h, replace } from "./dom";
import { errorMessage } from "./layout";
import { cancelOrder } from "./order-api";

export interface CancelControl {
  el: HTMLElement;
  /** Shows or hides the control: whether the order's current status can be cancelled (order-panels.ts). */
  update(allowed: boolean): void;
}

/** `onChange` runs after a cancel attempt (done or refused) so the page re-reads the order. */
export const cancelControl = (id: string, onChange: () => void): CancelControl => {
  const el = h("div", { class: "cancel-area", "data-testid": "cancel-area" });
  let shown = false;
  let busy = false;

  const idle = (message?: string) => {
    const button = h(
      "button",
      { type: "button", class: "secondary", "data-testid": "cancel-order", onclick: () => confirmStep() },
      "Cancel order",
    );
    const error = message ? h("p", { class: "error", role: "alert", tabindex: -1, "data-testid": "cancel-error" }, message) : null;
    replace(el, button, error);
    return error ?? button;
  };

  const confirmStep = () => {
    const question = h(
      "p",
      { id: "cancel-q", tabindex: -1 },
      h("strong", {}, "Cancel this order?"),
      " If you have paid, you will be refunded in full.",
    );
    const keep = h("button", { type: "button", class: "secondary", onclick: () => idle().focus() }, "Keep order");
    const yes = h(
      "button",
      { type: "button", "data-testid": "confirm-cancel", onclick: () => void doCancel(yes, keep) },
      "Yes, cancel order",
    );
    replace(
      el,
      h("div", { class: "confirm", role: "group", "aria-labelledby": "cancel-q" }, question, h("div", { class: "row" }, yes, keep)),
    );
    question.focus();
  };

  const doCancel = async (yes: HTMLButtonElement, keep: HTMLButtonElement) => {
    if (busy) return;
    busy = true;
    yes.disabled = keep.disabled = true;
    replace(yes, "Cancelling…");
    try {
      await cancelOrder(id);
      replace(el);
      onChange();
    } catch (e) {
      // 409/422: the order moved on (shipped, say); the API's message says why.
      idle(errorMessage(e)).focus();
      onChange();
    } finally {
      busy = false;
    }
  };

  return {
    el,
    update(allowed) {
      if (allowed && !shown) idle();
      // Keeps a refusal's message (it says why) but drops the button.
      if (!allowed && shown && !busy) {
        const button = el.querySelector<HTMLElement>("[data-testid=cancel-order]");
        if (!el.querySelector("[data-testid=cancel-error]")) replace(el);
        else if (button) el.removeChild(button); // the focused message stays put
      }
      shown = allowed;
    },
  };
};

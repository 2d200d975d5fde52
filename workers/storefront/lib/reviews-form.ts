// "Write a review": for signed-in customers a form (stars radio group, title, text with live
// character counts, checks mirroring the API); guests get a sign-in link back to this page.
import { ApiError, api, call } from "./api";
import { h, replace } from "./dom";
import type { Review } from "./product-types";
import { TEXT_MAX, TITLE_MAX, countText, starsProblem, textProblem, titleProblem } from "./reviews-rules";
import { getSession } from "./session";

type Control = HTMLInputElement | HTMLTextAreaElement;

/** A field's error under it, wired with aria-invalid and aria-describedby. */
const setProblem = (control: HTMLElement, errorEl: HTMLElement, problem: string | null): void => {
  replace(errorEl, problem ?? "");
  errorEl.hidden = !problem;
  if (control instanceof HTMLFieldSetElement) return;
  control.setAttribute("aria-invalid", String(!!problem));
};

export const reviewForm = (productId: string, onSaved: (r: Review) => Promise<void>) => {
  const s = getSession();
  if (!s) {
    const next = encodeURIComponent(location.pathname + location.search);
    return {
      element: h("p", { "data-testid": "review-form" }, h("a", { href: `/signin?next=${next}` }, "Sign in to write a review")),
      prefill: () => undefined,
    };
  }
  if (s.user.role !== "customer") {
    return {
      element: h(
        "p",
        { class: "muted", "data-testid": "review-form" },
        "Reviews are written by customers: seller and admin accounts cannot review products.",
      ),
      prefill: () => undefined,
    };
  }

  const radios = [5, 4, 3, 2, 1].map((n) => h("input", { type: "radio", name: "stars", value: n, id: `stars-${n}`, required: true }));
  const starsError = h("p", { id: "stars-error", class: "field-error", hidden: true });
  const starsSet = h(
    "fieldset",
    { class: "stars-input", "aria-describedby": "stars-error" },
    h("legend", {}, "Your rating"),
    radios.map((r) => {
      const n = Number(r.value);
      return h(
        "span",
        { class: "star-choice" },
        r,
        h("label", { for: r.id }, h("span", { class: "stars", "aria-hidden": "true" }, "★".repeat(n)), ` ${n} star${n === 1 ? "" : "s"}`),
      );
    }),
    starsError,
  );
  const field = (id: string, label: string, control: Control, max: number) => {
    const count = h("span", { id: `${id}-count`, class: "hint" }, countText(0, max));
    const error = h("p", { id: `${id}-error`, class: "field-error", hidden: true });
    control.id = id;
    control.setAttribute("aria-describedby", `${id}-count ${id}-error`);
    const update = () => {
      const len = id === "review-title" ? control.value.trim().length : control.value.length;
      replace(count, countText(len, max));
      count.classList.toggle("over", len > max);
    };
    control.addEventListener("input", update);
    return { el: h("div", { class: "field" }, h("label", { for: id }, label, " ", count), control, error), error, update };
  };
  const titleInput = h("input", { type: "text", name: "title", autocomplete: "off", required: true });
  const textInput = h("textarea", { name: "text", rows: 6, required: true });
  const title = field("review-title", "Title", titleInput, TITLE_MAX);
  const text = field("review-text", "Your review", textInput, TEXT_MAX);
  const submit = h("button", { type: "submit" }, "Submit review");
  const formError = h("div", { class: "form-error" });
  const heading = h("h3", { id: "review-form-heading" }, "Write a review");

  const chosenStars = (): number | null => {
    const r = radios.find((x) => x.checked);
    return r ? Number(r.value) : null;
  };

  const validate = (): boolean => {
    const problems: [HTMLElement, HTMLElement, string | null][] = [
      [starsSet, starsError, starsProblem(chosenStars())],
      [titleInput, title.error, titleProblem(titleInput.value)],
      [textInput, text.error, textProblem(textInput.value)],
    ];
    for (const [c, e, p] of problems) setProblem(c, e, p);
    const first = problems.find(([, , p]) => p);
    if (first) (first[0] === starsSet ? radios[0]! : (first[0] as Control)).focus();
    return !first;
  };

  const form = h(
    "form",
    { class: "review-form panel", "data-testid": "review-form", novalidate: true, "aria-labelledby": "review-form-heading" },
    heading,
    h("p", { class: "muted" }, "One review per customer: sending again updates your review."),
    starsSet,
    title.el,
    text.el,
    submit,
    formError,
  );

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    replace(formError);
    if (!validate()) return;
    submit.disabled = true;
    replace(submit, "Submitting…");
    try {
      const review = await call(
        api.api.v1.products[":id"].reviews.$post({
          param: { id: productId },
          json: { stars: chosenStars()!, title: titleInput.value.trim(), text: textInput.value },
        }),
      );
      replace(heading, "Update your review");
      replace(formError, h("p", { class: "notice", role: "status" }, "Thank you: your review is posted."));
      await onSaved(review);
    } catch (err) {
      replace(
        formError,
        h(
          "p",
          { class: "error", role: "alert" },
          err instanceof ApiError ? err.message : "Your review could not be sent. Please try again.",
        ),
      );
    } finally {
      submit.disabled = false;
      replace(submit, "Submit review");
      if (document.activeElement === document.body) submit.focus();
    }
  });

  /** Fills the form with the customer's existing review (found in the list). */
  const prefill = (r: Review) => {
    if (titleInput.value || textInput.value) return;
    for (const x of radios) x.checked = Number(x.value) === r.stars;
    titleInput.value = r.title;
    textInput.value = r.text;
    title.update();
    text.update();
    replace(heading, "Update your review");
  };
  return { element: form, prefill };
};

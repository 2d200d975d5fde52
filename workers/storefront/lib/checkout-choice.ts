// A checkout step's choice: a radio list of saved options (addresses, cards) plus "use a new
// one", which reveals that step's form. With nothing saved, the form shows on its own.
import { h, replace } from "./dom";

export interface Choice {
  id: string;
  label: Node | string;
  /** Why this option cannot be used (shown, and the radio disabled). */
  disabled?: string;
}

export interface ChoiceList {
  el: HTMLElement;
  /** The chosen saved option's id, or "new" for the form. */
  value: () => string;
  /** Adds a just-saved option at the top and selects it (the form hides again). */
  addAndSelect: (c: Choice) => void;
}

export const choiceList = (o: { name: string; legend: string; newLabel: string; choices: Choice[]; form: HTMLElement }): ChoiceList => {
  const list = h("ul", { class: "choices" });
  const formSlot = h("div", { class: "choice-form" }, o.form);
  const fieldset = h("fieldset", { class: "choice-set" }, h("legend", {}, o.legend), list);
  const el = h("div", {}, fieldset, formSlot);
  let count = 0;

  const sync = () => {
    formSlot.hidden = count > 0 && value() !== "new";
    fieldset.hidden = count === 0;
  };
  const radio = (id: string, label: Node | string, disabled?: string) => {
    const inputId = `${o.name}-${id}`;
    const input = h("input", { type: "radio", name: o.name, id: inputId, value: id, disabled: !!disabled });
    input.addEventListener("change", sync);
    return h(
      "li",
      { class: `choice${disabled ? " is-disabled" : ""}` },
      input,
      h("label", { for: inputId }, label, disabled ? h("span", { class: "warning" }, ` (${disabled})`) : null),
    );
  };
  const value = () => list.querySelector<HTMLInputElement>("input:checked")?.value ?? "new";
  const render = (choices: Choice[]) => {
    count = choices.length;
    replace(
      list,
      choices.map((c) => radio(c.id, c.label, c.disabled)),
      radio("new", o.newLabel),
    );
    const first = list.querySelector<HTMLInputElement>("input:not([disabled])");
    if (first) first.checked = true;
    sync();
  };
  const choices = [...o.choices];
  render(choices);
  return {
    el,
    value,
    addAndSelect: (c) => {
      choices.unshift(c);
      render(choices);
    },
  };
};

/**
 * Wires a choice list to its "new" form: `resolve()` gives the chosen saved id, or saves the
 * form first (one save at a time) and gives the new id; null when the form is invalid or the
 * save failed (the form then says why). Submitting the form alone saves it too.
 */
export const savedOrNew = <T extends { id: string }>(o: {
  choices: ChoiceList;
  form: HTMLFormElement;
  submit: HTMLButtonElement;
  message: HTMLElement;
  /** The radio id prefix (the choice list's name), for focusing the saved option. */
  name: string;
  valid: () => boolean;
  create: () => Promise<T>;
  toChoice: (saved: T) => Choice;
  onError: (e: unknown) => void;
}): (() => Promise<string | null>) => {
  let saving: Promise<string | null> | null = null;
  const save = async (): Promise<string | null> => {
    replace(o.message);
    if (!o.valid()) return null;
    o.submit.disabled = true;
    try {
      const saved = await o.create();
      o.choices.addAndSelect(o.toChoice(saved));
      o.form.reset();
      return saved.id;
    } catch (e) {
      o.onError(e);
      return null;
    } finally {
      o.submit.disabled = false;
    }
  };
  const resolve = (): Promise<string | null> => {
    const v = o.choices.value();
    if (v !== "new") return Promise.resolve(v);
    saving ??= save().finally(() => (saving = null));
    return saving;
  };
  o.form.addEventListener("submit", (e) => {
    e.preventDefault();
    void resolve().then((id) => id && document.getElementById(`${o.name}-${id}`)?.focus());
  });
  return resolve;
};

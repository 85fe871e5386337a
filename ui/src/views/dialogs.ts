// Modal dialogs: confirmation and the shortcut help.

import { h } from "../dom";
import { SHORTCUTS } from "../logic/keys";

const open = new Set<HTMLDialogElement>();

export function dialogOpen(): boolean {
  return open.size > 0;
}

export function closeDialogs(): void {
  for (const d of open) d.close();
}

function show(d: HTMLDialogElement): void {
  document.body.appendChild(d);
  open.add(d);
  d.addEventListener("close", () => {
    open.delete(d);
    d.remove();
  });
  d.showModal();
}

export function confirmDialog(title: string, message: string, ok: string): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = false;
    const okBtn = h("button", { class: "btn primary danger-fill", attrs: { "data-testid": "confirm-ok" }, on: { click: () => { answer = true; d.close(); } } }, ok);
    const d = h("dialog", { attrs: { "aria-labelledby": "confirm-title" } },
      h("h2", { attrs: { id: "confirm-title" } }, title),
      h("p", null, message),
      h("div", { class: "actions" },
        h("button", { class: "btn", attrs: { "data-testid": "confirm-cancel" }, on: { click: () => d.close() } }, "Cancel"),
        okBtn,
      ),
    );
    d.addEventListener("close", () => resolve(answer));
    show(d);
    // Cancel has the focus: a stray Enter must not delete anything.
    (d.querySelector("[data-testid=confirm-cancel]") as HTMLElement).focus();
  });
}

export function showHelp(): void {
  if (dialogOpen()) return;
  const d = h("dialog", { attrs: { "aria-label": "Keyboard shortcuts" } },
    h("h2", null, "Keyboard shortcuts"),
    h("table", null, SHORTCUTS.map(([k, what]) => h("tr", null, h("td", null, h("kbd", null, k)), h("td", null, what)))),
    h("div", { class: "actions" }, h("button", { class: "btn", on: { click: () => d.close() } }, "Close")),
  );
  show(d);
}

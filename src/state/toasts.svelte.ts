// Short-lived messages with an optional action (e.g. "Undo" after a delete).
export interface Toast {
  id: number;
  /** A function is read when the toast renders, so a message the app shows by itself follows a language switch. */
  text: string | (() => string);
  actionLabel?: string;
  action?: () => void | Promise<void>;
}

export class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  show(
    text: string | (() => string),
    opts: { actionLabel?: string; action?: () => void | Promise<void>; ms?: number } = {},
  ): number {
    const id = this.#next++;
    this.items = [
      ...this.items,
      {
        id,
        text,
        ...(opts.actionLabel ? { actionLabel: opts.actionLabel } : {}),
        ...(opts.action ? { action: opts.action } : {}),
      },
    ];
    setTimeout(() => this.dismiss(id), opts.ms ?? 10_000);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  async act(id: number): Promise<void> {
    const toast = this.items.find((t) => t.id === id);
    this.dismiss(id);
    await toast?.action?.();
  }
}

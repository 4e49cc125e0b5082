// One customer with its orders, interactions and surveys, live: edits anywhere show up at once.
import type { Subscription } from 'rxjs';
import type { FieldbookDatabase } from '../data/db/database';
import { customerById$ } from '../data/repos/customers';
import { interactionsOf$, ordersOf$, surveysOf$ } from '../data/repos/activity';
import type { CustomerDoc, InteractionDoc, OrderDoc, SurveyDoc } from '../data/db/schemas';

export class CustomerState {
  customer = $state.raw<CustomerDoc | null>(null);
  orders = $state.raw<OrderDoc[]>([]);
  interactions = $state.raw<InteractionDoc[]>([]);
  surveys = $state.raw<SurveyDoc[]>([]);
  /** False until the first answer from the database (so "not found" is not flashed). */
  loaded = $state(false);
  #subs: Subscription[] = [];

  constructor(db: FieldbookDatabase, id: string) {
    this.#subs.push(
      customerById$(db, id).subscribe((c) => {
        this.customer = c;
        this.loaded = true;
      }),
      ordersOf$(db, id).subscribe((o) => (this.orders = o)),
      interactionsOf$(db, id).subscribe((i) => (this.interactions = i)),
      surveysOf$(db, id).subscribe((s) => (this.surveys = s)),
    );
  }

  destroy(): void {
    for (const s of this.#subs) s.unsubscribe();
  }
}

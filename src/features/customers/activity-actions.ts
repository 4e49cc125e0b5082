// What the activity sections of a customer send their intent to (the page wires it to state).
import type { InteractionFields, OrderFields, OrderStatus, SurveyFields } from '../../domain/types';
import type { ActivityKind } from '../../state/customer.svelte';

export interface ActivityActions {
  addOrder(fields: OrderFields): Promise<void>;
  updateOrder(id: string, fields: OrderFields): Promise<void>;
  /** Moves an order to a status now (the next step, from the list). */
  setOrderStatus(id: string, status: OrderStatus): Promise<void>;
  addInteraction(fields: InteractionFields): Promise<void>;
  updateInteraction(id: string, fields: InteractionFields): Promise<void>;
  addSurvey(fields: SurveyFields): Promise<void>;
  updateSurvey(id: string, fields: SurveyFields): Promise<void>;
  /** Deletes an entry (the page offers Undo). */
  remove(kind: ActivityKind, id: string): Promise<void>;
  /** False for entries the server would not let this user delete (write-rights.ts). */
  mayDelete(entry: { updatedBy: string }): boolean;
}

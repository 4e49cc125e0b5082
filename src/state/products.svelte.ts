// The product catalogue (small: hundreds of rows), read on demand: the customer screen offers it in
// the order form, Settings lists it and adds to it.
import type { FieldbookDatabase } from '../data/db/database';
import { createProduct, listProducts } from '../data/repos/activity';
import type { ProductDoc } from '../data/db/schemas';
import type { ProductFields } from '../domain/types';

export class ProductsState {
  list = $state.raw<ProductDoc[]>([]);
  /** Orders are entered in the catalogue's currency (the first product's), EUR when it is empty. */
  readonly currency = $derived(this.list[0]?.currency ?? 'EUR');

  constructor(
    private readonly db: FieldbookDatabase,
    private readonly userId: () => string,
  ) {}

  async refresh(): Promise<void> {
    this.list = await listProducts(this.db);
  }

  async add(fields: ProductFields): Promise<void> {
    await createProduct(this.db, fields, { now: Date.now(), by: this.userId() });
    await this.refresh();
  }
}

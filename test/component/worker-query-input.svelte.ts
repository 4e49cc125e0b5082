// A reactive input for the WorkerQuery test (runes only compile in .svelte.ts files).
export class QueryInput<T> {
  value = $state<T>() as T;
  constructor(initial: T) {
    this.value = initial;
  }
}

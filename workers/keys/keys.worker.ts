// The search-key worker: derives customers' search keys (pinyin, folded names, phone digits …,
// domain/customer.ts customerSearchKeys) off the main thread for the bulk-write path (imports,
// demo data). It bundles the pinyin dictionaries and phone metadata and hands them to the domain at
// start, as the dedup worker does, so no table loads on the main thread for a bulk write. It also
// generates demo data chunks with their keys (`demoChunk`): one message per chunk, and neither the
// generator nor the keys run on the page (the demo loader's tasks, data/repos/demo.ts).
import { expose } from 'comlink';
import { pinyin } from 'pinyin-pro';
import { customerSearchKeys } from '../../src/domain/customer';
import { usePinyin } from '../../src/domain/pinyin';
import { usePhoneLibrary } from '../../src/domain/phone';
import * as phoneLib from '../../src/domain/phone-lib';
import type { CustomerFields, CustomerSearchKeys } from '../../src/domain/types';
import type { DemoChunkOptions, KeyedDemoChunk } from '../../src/domain/demo';

usePinyin(pinyin);
usePhoneLibrary(phoneLib);

export type KeyInput = Pick<CustomerFields, 'givenName' | 'familyName' | 'email' | 'phone' | 'company'>;

const api = {
  /** The search keys of each row, in order. */
  searchKeys(rows: KeyInput[]): CustomerSearchKeys[] {
    return rows.map((r) => customerSearchKeys(r));
  },
  /** A generated demo chunk and its customers' search keys, in order (the generator loads on first use). */
  async demoChunk(opts: DemoChunkOptions): Promise<KeyedDemoChunk> {
    const { keyedDemoChunk } = await import('../../src/domain/demo');
    return keyedDemoChunk(opts);
  },
};
export type KeysApi = typeof api;
expose(api);

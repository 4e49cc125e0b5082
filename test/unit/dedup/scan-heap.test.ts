// 200,000 generated records scan in a node process whose V8 heap is capped at 512 MB — about what
// the whole process took at 100,000 records before the memory work (434-482 MB RSS). Before it,
// the scan at 200,000 needed ~1.5 GB (EM settled on namesakes: lambda 0.35, 791k output pairs of
// ~680 B each) and runs out of heap under this cap. Runs the scale benchmark's child (fresh process:
// the cap applies to it alone) and checks it finished with the duplicates' model, not the namesakes'.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScaleFigures } from '../../bench/dedup-scale';

const CHILD = fileURLToPath(new URL('../../bench/dedup-scale.ts', import.meta.url));
const HEAP_MB = 512;

describe('scan of 200,000 records under a 512 MB heap', () => {
  it('finishes, with lambda near the true share and precision and recall kept', () => {
    const r = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', CHILD, '--child', '200000'],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    expect(r.stderr).not.toMatch(/heap out of memory/i);
    expect(r.status).toBe(0);
    const fig = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as ScaleFigures;
    expect(fig.records).toBe(200_001);
    expect(fig.lambda).toBeLessThan(0.02);
    expect(fig.precision).toBeGreaterThan(0.95);
    expect(fig.recall).toBeGreaterThan(0.9);
  }, 1_800_000);
});

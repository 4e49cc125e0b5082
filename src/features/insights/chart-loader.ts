// chart.js (~180 KB) loads on first use, after the figures and tables are on screen: evaluating it
// with the Insights screen and drawing the first chart in the same task as the first render was
// the longest task after the database opened. Each step here is its own task.
import type { Chart } from 'chart.js';
import { nextTask } from '../../lib/next-task';

export type ChartClass = typeof Chart;

let loading: Promise<ChartClass> | null = null;

export function loadChart(): Promise<ChartClass> {
  loading ??= (async () => {
    await nextTask();
    const m = await import('chart.js');
    m.Chart.register(
      m.BarController,
      m.BarElement,
      m.CategoryScale,
      m.LinearScale,
      m.PointElement,
      m.ScatterController,
      m.Tooltip,
    );
    await nextTask();
    return m.Chart;
  })().catch((err: unknown) => {
    loading = null; // a failed load (e.g. a missing chunk) is tried again by the next chart
    throw err;
  });
  return loading;
}

import { describe, expect, it } from 'vitest';
import { RefreshPace } from '../../src/state/refresh-pace';

describe('RefreshPace', () => {
  const options = { quietMs: 300, streamMs: 1500 };

  it('shows a change after a quiet spell after the short delay', () => {
    const pace = new RefreshPace(options);
    expect(pace.delay(10_000)).toBe(300);
    pace.started(10_300);
    // Long after that refresh: a new edit is again shown after the short delay.
    expect(pace.delay(20_000)).toBe(300);
  });

  it('spaces refreshes apart while changes keep arriving', () => {
    const pace = new RefreshPace(options);
    pace.started(1_000);
    // A batch written 100 ms after the refresh began waits until 1,500 ms have passed since then.
    expect(pace.delay(1_100)).toBe(1_400);
    // Near the end of the spacing the short delay still applies.
    expect(pace.delay(2_400)).toBe(300);
  });

  it('over a stream of changes every 200 ms refreshes at most once per spacing, and at least once per spacing plus the short delay', () => {
    const pace = new RefreshPace(options);
    const starts: number[] = [];
    let due: number | null = null;
    for (let t = 0; t <= 30_000; t += 10) {
      if (due !== null && t >= due) {
        pace.started(t);
        starts.push(t);
        due = null;
      }
      if (t % 200 === 0 && due === null) due = t + pace.delay(t);
    }
    const gaps = starts.slice(1).map((s, i) => s - (starts[i] as number));
    expect(starts.length).toBeGreaterThan(15);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_500);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1_800);
  });
});

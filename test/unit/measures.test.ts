import { describe as group, expect, it } from 'vitest';
import { monthOf } from '../../src/domain/measures';

group('measures month key', () => {
  it('month keys are local calendar months', () => {
    expect(monthOf(new Date(2023, 11, 31, 23, 59).getTime())).toBe('2023-12');
    expect(monthOf(new Date(2024, 0, 1, 0, 0).getTime())).toBe('2024-01');
  });
});

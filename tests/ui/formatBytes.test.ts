import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/ui/format.ts';

describe('formatBytes', () => {
  it('writes a decimal comma in Vietnamese and a point in English', () => {
    expect(formatBytes(4300, 'vi')).toBe('4,2 KB');
    expect(formatBytes(4300, 'en')).toBe('4.2 KB');
    expect(formatBytes(12.1 * 1024 * 1024, 'vi')).toBe('12,1 MB');
    expect(formatBytes(3 * 1024 ** 3, 'vi')).toBe('3,0 GB');
    expect(formatBytes(900, 'vi')).toBe('900 B');
  });
});

import { describe, expect, it } from 'vitest';
import { audioUploadPolicy, isLanHost, missingChunks, sentTime } from '../../src/domain/audioUpload.ts';

describe('the office LAN', () => {
  it.each([
    ['127.0.0.1', true],
    ['localhost', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.1', true],
    ['172.32.0.1', false],
    ['192.168.1.20', true],
    ['192.169.1.20', false],
    ['169.254.3.4', true],
    ['[::1]', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['2001:db8::1', false],
    ['ubnd-xa.local', true],
    ['8.8.8.8', false],
    ['doithoai.hanoi.gov.vn', false],
  ])('%s is on the LAN: %s', (host, lan) => {
    expect(isLanHost(host)).toBe(lan);
  });

  it("the office's own announced host counts as its LAN", () => {
    expect(isLanHost('doithoai.thanhtri.vn', 'DoiThoai.ThanhTri.vn')).toBe(true);
  });

  it('outside the LAN both the office and the device must allow it', () => {
    expect(audioUploadPolicy({ onLan: true, officeAllows: false, deviceAllows: false })).toBe('lan');
    expect(audioUploadPolicy({ onLan: false, officeAllows: false, deviceAllows: true })).toBe('office_forbids');
    expect(audioUploadPolicy({ onLan: false, officeAllows: true, deviceAllows: false })).toBe('device_forbids');
    expect(audioUploadPolicy({ onLan: false, officeAllows: true, deviceAllows: true })).toBe('allowed');
  });
});

describe('how far the sending is', () => {
  it('counts recorded time in proportion to the chunks held', () => {
    expect(
      sentTime([
        { startedAt: 0, endedAt: 30_000, chunks: 30, held: 30 },
        { startedAt: 30_000, endedAt: 60_000, chunks: 30, held: 15 },
        { startedAt: 60_000, endedAt: 60_000, chunks: 0, held: 0 },
      ]),
    ).toEqual({ sentMs: 45_000, totalMs: 60_000 });
  });

  it('sends what is missing, in order', () => {
    expect(missingChunks(6, new Set([0, 2, 3]))).toEqual([1, 4, 5]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildDocument, documentText } from '../../src/documents/index.ts';
import { sampleRecords, settings } from './sample.ts';

/** Issue 11: the biên bản says that the chair told the hall it was being recorded, with the opening. */
function minutesText(recordingAnnouncedAt: number | null): string {
  const r = sampleRecords();
  const s = r.sessions[0]!;
  const doc = buildDocument('minutes', { ...r, sessions: [{ ...s, session: { ...s.session, recordingAnnouncedAt } }] }, 'ses-1', settings());
  if (typeof doc === 'string') throw new Error(doc);
  return documentText(doc).join('\n');
}

describe('the biên bản and the recording notice', () => {
  it('prints the announcement under the first agenda item, at its Vietnam time', () => {
    const text = minutesText(Date.UTC(2026, 4, 15, 0, 35)); // 07:35 in Hà Nội
    const line = 'Chủ tọa đã thông báo với hội nghị việc ghi âm buổi đối thoại (lúc 07:35).';
    expect(text).toContain(line);
    expect(text.indexOf(line)).toBeGreaterThan(text.indexOf('1. '));
    expect(text.indexOf(line)).toBeLessThan(text.indexOf('2. '));
  });

  it('says nothing of a recording that was not announced', () => {
    expect(minutesText(null)).not.toContain('ghi âm');
  });
});

/**
 * Every screen offers an enrolled device only what its role may write: the
 * controls the server would refuse are not shown (or shown disabled), read
 * from the one role table. A device that was never enrolled keeps every
 * control. Written out by hand per role, not computed from the table, so the
 * test can disagree with it.
 */
import { screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access.ts';
import { create } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { ENROLMENT_KEY } from '../../src/sync/enrolment.ts';
import { conferenceRecord, scope, sessionRecord, turnFields, unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

const NOW = Date.UTC(2026, 9, 13, 2, 0);
const now = () => NOW;
type Who = Role | 'on its own';

async function seed(db: DoiThoaiDb, who: Who): Promise<void> {
  if (who !== 'on its own') {
    await db.meta.put({
      key: ENROLMENT_KEY,
      value: { deviceName: 'Máy A', accountName: 'Người A', unitId: 'u1', roles: [who], enrolledAt: 0 },
    });
  }
  await commit(
    db,
    [
      unitRecord({ upperLevel: 'UBND thành phố Hà Nội' }),
      create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'd1'),
      conferenceRecord(),
      sessionRecord(),
      create(
        'agendaItems',
        scope,
        {
          sessionId: 's1',
          step: 'custom',
          title: 'Báo cáo công tác CCHC',
          position: 1,
          plannedMinutes: 10,
          presenter: '',
          startedAt: null,
          endedAt: null,
          skipped: false,
        },
        'a1',
      ),
      create(
        'registrations',
        scope,
        {
          fullName: 'Lê Văn Cường',
          organisation: '',
          phone: '',
          houseNumber: '',
          village: 'Thôn Đông',
          addressDetail: '',
          email: '',
          procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất',
          contentQuality: '',
          publication: '',
          initiatives: '',
          facilities: '',
          officialsAttitude: '',
          appointmentSlipGiven: 'yes',
          feeReceiptGiven: 'unknown',
          resultTimeliness: 'late',
          proposals: '',
          signedOn: '',
          receivedAt: Date.UTC(2026, 8, 20, 2),
          channel: 'paper',
          field: 'Đất đai',
          departmentId: '',
        },
        'r1',
      ),
      create(
        'attendees',
        scope,
        {
          sessionId: 's1',
          name: 'Phạm Thị Dung',
          group: 'citizens',
          title: '',
          organisation: '',
          village: 'Thôn Đông',
          invited: true,
          present: false,
          checkedInAt: null,
        },
        'at1',
      ),
      create('speakerTurns', scope, turnFields('Trần Thị Hoa', 1, { status: 'done', disposition: { kind: 'answered_in_room' } }), 't1'),
    ],
    now,
  );
}

async function open(path: string, who: Who) {
  const app = renderApp(path, { now });
  await seed(app.db, who);
  return app;
}

/** The first render of a screen waits for its lazy chunks, which take seconds to transform on a loaded machine. */
const LOADED = { timeout: 15_000 };
const button = (name: string | RegExp) => screen.queryByRole('button', { name });
/** The roles are read from the device's storage after the first render: wait for the screen to settle on them. */
const settle = (check: () => void) => waitFor(check);

describe('agenda: the chair runs it, the office prepares it; the secretary and a viewer follow it', () => {
  it.each([
    ['on its own', true],
    ['chair', true],
    ['office', true],
    ['admin', true],
    ['secretary', false],
    ['viewer', false],
  ] as const)('%s', async (who, offered) => {
    await open('/sessions/s1?tab=agenda', who);
    const title = await screen.findByLabelText('Nội dung 1', {}, LOADED);
    await settle(() => {
      expect(button('Bắt đầu mục này: Báo cáo công tác CCHC') !== null).toBe(offered);
      expect(button('Xóa: Báo cáo công tác CCHC') !== null || button('Xoá: Báo cáo công tác CCHC') !== null).toBe(offered);
      expect(button('Thêm mục') !== null).toBe(offered);
      expect(title).toHaveProperty('readOnly', !offered);
    });
    if (!offered) expect(screen.getByText('Máy này chỉ xem phần này. Người sửa được: Quản trị, Chủ trì, Văn phòng.')).toBeInTheDocument();
    else expect(screen.queryByText(/Máy này chỉ xem phần này/)).toBeNull();
  });
});

describe('unit settings: the unit, its fields and departments are the office’s', () => {
  it.each([
    ['on its own', true],
    ['office', true],
    ['admin', true],
    ['chair', false],
    ['secretary', false],
    ['viewer', false],
  ] as const)('%s', async (who, offered) => {
    await open('/settings', who);
    await screen.findByText('Phòng Kinh tế', {}, LOADED);
    await settle(() => {
      expect(screen.queryByRole('form', { name: 'Đơn vị' }) !== null).toBe(offered);
      expect(screen.queryByRole('form', { name: 'Phòng, ban chuyên môn' }) !== null).toBe(offered);
      expect(button('Sửa: Phòng Kinh tế') !== null).toBe(offered);
      expect(button('Xóa: Phòng Kinh tế') !== null).toBe(offered);
    });
    if (!offered) {
      // The unit still reads, with who may change it.
      expect(screen.getByText('UBND xã Thanh Trì')).toBeInTheDocument();
      expect(screen.getAllByText('Máy này chỉ xem phần này. Người sửa được: Quản trị, Văn phòng.')).toHaveLength(2);
    }
  });
});

describe('registration forms: entered and corrected by the office', () => {
  it.each([
    ['on its own', true],
    ['office', true],
    ['chair', false],
    ['secretary', false],
    ['viewer', false],
  ] as const)('%s', async (who, offered) => {
    await open('/conferences/c1/registrations', who);
    await screen.findByText('Lê Văn Cường', {}, LOADED);
    await settle(() => {
      expect(button('Sửa phiếu của Lê Văn Cường') !== null).toBe(offered);
      expect(button('Xóa phiếu của Lê Văn Cường') !== null).toBe(offered);
      expect(screen.queryAllByLabelText(/Họ tên \(hoặc tên tổ chức\)/).length > 0).toBe(offered);
    });
  });
});

describe('attendance: check-in and the list are the office’s', () => {
  it.each([
    ['on its own', true],
    ['office', true],
    ['chair', false],
    ['viewer', false],
  ] as const)('%s', async (who, offered) => {
    await open('/sessions/s1?tab=attendance', who);
    await screen.findAllByText('Phạm Thị Dung', {}, LOADED);
    await settle(() => {
      expect(button('Đánh dấu có mặt: Phạm Thị Dung') !== null).toBe(offered);
      expect(button(/^Sửa.*Phạm Thị Dung/) !== null).toBe(offered);
    });
  });
});

describe('minutes: the secretary records the outcome; a viewer and the office read it', () => {
  it.each([
    ['on its own', true],
    ['secretary', true],
    ['chair', true],
    ['office', false],
    ['viewer', false],
  ] as const)('%s', async (who, offered) => {
    await open('/sessions/s1?tab=minutes', who);
    const answered = await screen.findByRole('button', { name: 'Đã trả lời tại hội nghị' }, LOADED);
    await settle(() => {
      expect(answered).toHaveAttribute('aria-pressed', 'true');
      if (offered) expect(answered).toBeEnabled();
      else expect(answered).toBeDisabled();
      expect(screen.getByLabelText('Người trả lời')).toHaveProperty('readOnly', !offered);
      // The minutes text itself is the secretary's alone: no time stamp to insert for the others.
      expect(button(/Chèn giờ/) !== null).toBe(who === 'on its own' || who === 'secretary');
    });
  });
});

describe('a conference and its sessions: prepared by the office', () => {
  it.each([
    ['on its own', true],
    ['office', true],
    ['chair', false],
    ['secretary', false],
    ['viewer', false],
  ] as const)('%s', async (who, offered) => {
    await open('/conferences/c1', who);
    await screen.findByRole('heading', { name: 'Hội nghị đối thoại TTHC 2026' }, LOADED);
    await screen.findByText('Buổi sáng');
    await settle(() => {
      expect(button('Sửa hội nghị') !== null).toBe(offered);
      expect(button('Sửa: Buổi sáng') !== null).toBe(offered);
      expect(button('Xóa: Buổi sáng') !== null).toBe(offered);
    });
    // Exporting to a file is reading: every role keeps it.
    expect(screen.getByRole('button', { name: /Xuất tệp/ })).toBeInTheDocument();
  });
});

describe('documents: the notice is the office’s (and the secretary’s); the minutes’ biên bản the secretary’s', () => {
  it.each([
    ['on its own', 'notice', true],
    ['office', 'notice', true],
    ['secretary', 'notice', true],
    ['chair', 'notice', false],
    ['viewer', 'notice', false],
    ['secretary', 'minutes', true],
    ['office', 'minutes', false],
  ] as const)('%s, %s', async (who, kind, offered) => {
    await open(`/conferences/c1/documents?kind=${kind}`, who);
    await screen.findByRole('button', { name: 'Tải PDF' }, LOADED);
    await settle(() => {
      expect(screen.queryAllByRole('button', { name: /^Sửa đoạn này/ }).length > 0).toBe(offered);
      expect(screen.queryByRole('group', { name: 'Thông tin ban hành' }) !== null).toBe(offered);
    });
  });
});

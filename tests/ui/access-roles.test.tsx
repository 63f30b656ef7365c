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

/**
 * One screen's part as each role meets it: where it opens, what shows once it
 * has loaded, who is offered its controls (written out by hand, not computed
 * from the role table, so the test can disagree with it), and what "offered"
 * means there. Every case runs for every role and for a device on its own.
 */
interface ScreenPart {
  readonly name: string;
  readonly path: string;
  readonly offered: readonly Who[];
  /** Waits for the screen to have loaded (the roles are read after the first render). */
  readonly loaded: () => Promise<unknown>;
  /** Holds once the screen has settled on the device's roles. */
  readonly check: (offered: boolean, who: Who) => void;
  /** Checked once, after it has settled. */
  readonly then?: (offered: boolean, who: Who) => void;
}

const WHO: readonly Who[] = ['on its own', 'admin', 'chair', 'secretary', 'office', 'viewer'];
const present = (name: string | RegExp) => button(name) !== null;

const SCREENS: readonly ScreenPart[] = [
  {
    name: 'agenda: the chair runs it, the office prepares it; the secretary and a viewer follow it',
    path: '/sessions/s1?tab=agenda',
    offered: ['on its own', 'admin', 'chair', 'office'],
    loaded: () => screen.findByLabelText('Nội dung 1', {}, LOADED),
    check: (offered) => {
      expect(present('Bắt đầu mục này: Báo cáo công tác CCHC')).toBe(offered);
      expect(present('Xóa: Báo cáo công tác CCHC') || present('Xoá: Báo cáo công tác CCHC')).toBe(offered);
      expect(present('Thêm mục')).toBe(offered);
      expect(screen.getByLabelText('Nội dung 1')).toHaveProperty('readOnly', !offered);
    },
    then: (offered) => {
      if (!offered) expect(screen.getByText('Máy này chỉ xem phần này. Người sửa được: Quản trị, Chủ trì, Văn phòng.')).toBeInTheDocument();
      else expect(screen.queryByText(/Máy này chỉ xem phần này/)).toBeNull();
    },
  },
  {
    name: 'unit settings: the unit, its fields and departments are the office’s',
    path: '/settings',
    offered: ['on its own', 'admin', 'office'],
    loaded: () => screen.findByText('Phòng Kinh tế', {}, LOADED),
    check: (offered) => {
      expect(screen.queryByRole('form', { name: 'Đơn vị' }) !== null).toBe(offered);
      expect(screen.queryByRole('form', { name: 'Phòng, ban chuyên môn' }) !== null).toBe(offered);
      expect(present('Sửa: Phòng Kinh tế')).toBe(offered);
      expect(present('Xóa: Phòng Kinh tế')).toBe(offered);
    },
    then: (offered) => {
      if (offered) return;
      // The unit still reads, with who may change it.
      expect(screen.getByText('UBND xã Thanh Trì')).toBeInTheDocument();
      expect(screen.getAllByText('Máy này chỉ xem phần này. Người sửa được: Quản trị, Văn phòng.')).toHaveLength(2);
    },
  },
  {
    name: 'files in Settings: every role exports; only those who may create conferences import',
    path: '/settings',
    offered: ['on its own', 'admin', 'office'],
    loaded: () => screen.findByRole('button', { name: /Xuất toàn bộ dữ liệu ra tệp/ }, LOADED),
    check: (offered) => {
      expect(screen.queryByRole('form', { name: 'Nhập tệp' }) !== null).toBe(offered);
      expect(screen.queryByLabelText(/Tệp đã xuất từ ứng dụng Đối thoại/) !== null).toBe(offered);
      expect(screen.queryByText('Máy này không nhập tệp. Người nhập được: Quản trị, Văn phòng. Xuất tệp vẫn dùng được.') !== null).toBe(
        !offered,
      );
    },
  },
  {
    name: 'the conference list: the import offer only for those who may import',
    path: '/',
    offered: ['on its own', 'admin', 'office'],
    loaded: () => screen.findByRole('link', { name: 'Hội nghị đối thoại TTHC 2026' }, LOADED),
    check: (offered) => expect(present('Nhập tệp từ máy khác…')).toBe(offered),
  },
  {
    name: 'registration forms: entered and corrected by the office',
    path: '/conferences/c1/registrations',
    offered: ['on its own', 'admin', 'office'],
    loaded: () => screen.findByText('Lê Văn Cường', {}, LOADED),
    check: (offered) => {
      expect(present('Sửa phiếu của Lê Văn Cường')).toBe(offered);
      expect(present('Xóa phiếu của Lê Văn Cường')).toBe(offered);
      expect(screen.queryAllByLabelText(/Họ tên \(hoặc tên tổ chức\)/).length > 0).toBe(offered);
    },
  },
  {
    name: 'attendance: check-in and the list are the office’s',
    path: '/sessions/s1?tab=attendance',
    offered: ['on its own', 'admin', 'office'],
    loaded: () => screen.findAllByText('Phạm Thị Dung', {}, LOADED),
    check: (offered) => {
      expect(present('Đánh dấu có mặt: Phạm Thị Dung')).toBe(offered);
      expect(present(/^Sửa.*Phạm Thị Dung/)).toBe(offered);
    },
  },
  {
    name: 'minutes: the secretary records the outcome; a viewer and the office read it',
    path: '/sessions/s1?tab=minutes',
    offered: ['on its own', 'admin', 'chair', 'secretary'],
    loaded: () => screen.findByRole('button', { name: 'Đã trả lời tại hội nghị' }, LOADED),
    check: (offered, who) => {
      const answered = screen.getByRole('button', { name: 'Đã trả lời tại hội nghị' });
      expect(answered).toHaveAttribute('aria-pressed', 'true');
      if (offered) expect(answered).toBeEnabled();
      else expect(answered).toBeDisabled();
      expect(screen.getByLabelText('Người trả lời')).toHaveProperty('readOnly', !offered);
      // The minutes text itself is the secretary's (and the administrator's): no time stamp to insert for the others.
      expect(present(/Chèn giờ/)).toBe(who === 'on its own' || who === 'secretary' || who === 'admin');
    },
  },
  {
    name: 'a conference and its sessions: prepared by the office',
    path: '/conferences/c1',
    offered: ['on its own', 'admin', 'office'],
    loaded: async () => {
      await screen.findByRole('heading', { name: 'Hội nghị đối thoại TTHC 2026' }, LOADED);
      await screen.findByText('Buổi sáng');
    },
    check: (offered) => {
      expect(present('Sửa hội nghị')).toBe(offered);
      expect(present('Sửa: Buổi sáng')).toBe(offered);
      expect(present('Xóa: Buổi sáng')).toBe(offered);
    },
    // Exporting to a file is reading: every role keeps it.
    then: () => expect(screen.getByRole('button', { name: /Xuất tệp/ })).toBeInTheDocument(),
  },
  ...(['notice', 'minutes'] as const).map((kind): ScreenPart => ({
    name:
      kind === 'notice'
        ? 'documents: the notice is the office’s (and the secretary’s)'
        : 'documents: the biên bản is the secretary’s (the minutes)',
    path: `/conferences/c1/documents?kind=${kind}`,
    offered: kind === 'notice' ? ['on its own', 'admin', 'secretary', 'office'] : ['on its own', 'admin', 'secretary'],
    loaded: () => screen.findByRole('button', { name: 'Tải PDF' }, LOADED),
    check: (offered) => {
      expect(screen.queryAllByRole('button', { name: /^Sửa đoạn này/ }).length > 0).toBe(offered);
      expect(screen.queryByRole('group', { name: 'Thông tin ban hành' }) !== null).toBe(offered);
    },
  })),
];

describe.each(SCREENS.map((part) => [part.name, part] as const))('%s', (_name, part) => {
  it.each(WHO.map((who) => [who, part.offered.includes(who)] as const))('%s: offered %s', async (who, offered) => {
    await open(part.path, who);
    await part.loaded();
    await settle(() => part.check(offered, who));
    part.then?.(offered, who);
  });
});

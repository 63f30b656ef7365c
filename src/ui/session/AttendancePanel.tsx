/**
 * The "Điểm danh" tab: check-in at the door, live figures, the list by group,
 * adding invitees one by one or as a pasted list, and the bridge points.
 * When the session runs online across bridge points, the bridge points come
 * first: each device must say where it is before it checks anyone in.
 */
import { Show } from 'solid-js';
import '../attendance/attendance.css';
import { AttendeeList } from '../attendance/AttendeeList.tsx';
import { BulkPaste } from '../attendance/BulkPaste.tsx';
import { CheckIn } from '../attendance/CheckIn.tsx';
import { CopyList } from '../attendance/CopyList.tsx';
import { Counts } from '../attendance/Counts.tsx';
import { createAttendanceData } from '../attendance/data.ts';
import { InviteeForm } from '../attendance/InviteeForm.tsx';
import { m } from '../attendance/messages.ts';
import { t } from '../i18n.ts';
import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { BridgePoints } from './BridgePoints.tsx';
import { ReadOnlyNote } from '../access/ReadOnlyNote.tsx';

export function AttendancePanel(props: { session: SessionRow }) {
  const data = createAttendanceData(() => props.session);
  // Check-in and the invited list are the office's: other enrolled roles see the figures and the list only.
  const may = data.mayWrite;
  const online = () => props.session.format === 'online_bridge_points';
  return (
    <div class="att" data-session={props.session.id}>
      <Show when={online()}>
        <BridgePoints data={data} emphasised />
      </Show>
      <Show when={data.attendees() !== undefined} fallback={<p>{t('loading')}</p>}>
        <div class="att-top">
          <Show when={may('attendees')}>
            <CheckIn data={data} />
          </Show>
          <Counts data={data} />
        </div>
        <AttendeeList data={data} />
        <Show when={may('attendees')}>
          <section class="att-add" aria-labelledby="att-add-heading">
            <h2 id="att-add-heading">{m('add_section')}</h2>
            <div class="att-add__forms">
              <InviteeForm data={data} />
              <BulkPaste data={data} />
              <CopyList data={data} />
            </div>
          </section>
        </Show>
        <Show when={!may('attendees')}>
          <ReadOnlyNote kind="attendees" />
        </Show>
      </Show>
      <Show when={!online()}>
        <BridgePoints data={data} emphasised={false} />
      </Show>
    </div>
  );
}

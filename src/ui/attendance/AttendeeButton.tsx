/**
 * One person as one large tap target: the whole row marks them present, or
 * takes it back. Rows are keyed by id and read the current record through
 * `byId`, so a check-in (from here, another tab or sync) updates the text in
 * place instead of rebuilding the row under the finger.
 */
import { Show, createUniqueId } from 'solid-js';
import { formatTime } from '../format.ts';
import type { AttendanceData } from './data.ts';
import { groupLabel, m } from './messages.ts';

export function AttendeeButton(props: { data: AttendanceData; id: string; showGroup?: boolean }) {
  const detailsId = createUniqueId();
  const a = () => props.data.byId().get(props.id);
  const present = () => a()?.present ?? false;
  const name = () => a()?.name ?? '';
  const details = () => {
    const row = a();
    if (!row) return '';
    const parts = [
      row.present ? m('status_present_at', { time: row.checkedInAt ? formatTime(row.checkedInAt) : '' }) : m('status_absent'),
      row.title,
      row.organisation,
      row.village,
      props.showGroup ? groupLabel(row.group) : '',
    ];
    if (props.data.severalSites()) {
      const site = props.data.pointName(row.bridgePointId);
      if (site) parts.push(m('site_of_row', { name: site }));
    }
    return parts.filter(Boolean).join(' · ');
  };

  const onClick = (e: MouseEvent) => {
    // A double tap arrives as a second click with detail 2: it must not undo the first.
    if (e.detail > 1) return;
    const row = a();
    if (row) void props.data.toggle(row);
  };

  const body = () => (
    <span class="att-row__main">
      <span class="att-row__name">
        {name()}
        <Show when={a() && !a()!.invited}>
          <span class="att-badge">{m('walk_in_badge')}</span>
        </Show>
      </span>
      <span class="att-row__details" id={detailsId}>
        {details()}
      </span>
    </span>
  );

  return (
    // A role that may not check people in (domain/access.ts) sees the row, not a button that the server would refuse.
    <Show
      when={props.data.mayWrite('attendees')}
      fallback={
        <div class="att-row att-row--read" classList={{ 'att-row--present': present() }}>
          <span class="att-row__mark" aria-hidden="true">
            {present() ? '✓' : ''}
          </span>
          {body()}
        </div>
      }
    >
      <button
        type="button"
        class="att-row"
        classList={{ 'att-row--present': present() }}
        aria-label={present() ? m('unmark_present', { name: name() }) : m('mark_present', { name: name() })}
        aria-describedby={detailsId}
        onClick={onClick}
      >
        <span class="att-row__mark" aria-hidden="true">
          {present() ? '✓' : ''}
        </span>
        {body()}
        <span class="att-row__action" aria-hidden="true">
          {present() ? m('action_undo') : m('action_check_in')}
        </span>
      </button>
    </Show>
  );
}

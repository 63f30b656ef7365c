/**
 * Live attendance figures: by delegate group, in total, and by bridge point
 * when the session runs across several. The one-line summary is a polite live
 * region so a screen-reader user at the door hears the count change.
 */
import { For, Show, createMemo, createUniqueId } from 'solid-js';
import { NO_BRIDGE_POINT, walkInCount } from '../../domain/attendance.ts';
import { ATTENDEE_GROUPS } from '../../domain/model.ts';
import type { AttendanceData } from './data.ts';
import { groupLabel, m } from './messages.ts';

export function Counts(props: { data: AttendanceData }) {
  const headingId = createUniqueId();
  const counts = () => props.data.counts();
  const walkIns = createMemo(() => walkInCount(props.data.attendees() ?? []));
  const sites = createMemo(() => {
    const bySite = counts().byBridgePoint;
    const rows = props.data.points().map((p) => ({ key: p.id, name: p.name, count: bySite[p.id] ?? { invited: 0, present: 0 } }));
    // People counted at no site, or at a site since removed on another device.
    const known = new Set(rows.map((r) => r.key));
    const other = { invited: 0, present: 0 };
    for (const [key, c] of Object.entries(bySite)) {
      if (key !== NO_BRIDGE_POINT && known.has(key)) continue;
      other.invited += c.invited;
      other.present += c.present;
    }
    if (other.invited + other.present > 0) rows.push({ key: NO_BRIDGE_POINT, name: m('site_unknown'), count: other });
    return rows;
  });

  return (
    <section class="att-card att-counts" aria-labelledby={headingId}>
      <h2 id={headingId}>{m('counts_heading')}</h2>
      <p class="att-counts__summary" aria-live="polite" aria-atomic="true">
        {m('counts_summary', {
          present: counts().total.present,
          invited: counts().total.invited,
          invitedPresent: counts().total.present - walkIns(),
          walkIns: walkIns(),
        })}
      </p>
      <table class="att-table">
        <thead>
          <tr>
            <th scope="col">{m('counts_group')}</th>
            <th scope="col">{m('counts_invited')}</th>
            <th scope="col">{m('counts_present')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={ATTENDEE_GROUPS}>
            {(g) => (
              <tr>
                <th scope="row">{groupLabel(g)}</th>
                <td>{counts().byGroup[g].invited}</td>
                <td>{counts().byGroup[g].present}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{m('counts_total')}</th>
            <td>{counts().total.invited}</td>
            <td>{counts().total.present}</td>
          </tr>
        </tfoot>
      </table>
      <Show when={props.data.severalSites()}>
        <table class="att-table">
          <caption>{m('counts_by_site')}</caption>
          <thead>
            <tr>
              <th scope="col">{m('counts_site')}</th>
              <th scope="col">{m('counts_invited')}</th>
              <th scope="col">{m('counts_present')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={sites()}>
              {(row) => (
                <tr>
                  <th scope="row">{row.name}</th>
                  <td>{row.count.invited}</td>
                  <td>{row.count.present}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </section>
  );
}

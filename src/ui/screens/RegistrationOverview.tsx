/**
 * The forms at a glance before the meeting: how many by status, and by field
 * and by department, so the office sees what is still to route or to prepare.
 * Tables, so a screen reader reads each number with its row and column.
 */
import { For } from 'solid-js';
import { ROUTING_STATUSES, type OverviewRow, type RegistrationOverview as Overview } from '../../domain/registration.ts';
import { regt } from './registrations.i18n.ts';

export function RegistrationOverview(props: { overview: Overview; departments: readonly { id: string; name: string }[] }) {
  const departmentName = (id: string) => (id ? (props.departments.find((d) => d.id === id)?.name ?? id) : regt('no_department'));
  return (
    <section class="card registration-overview" aria-labelledby="reg-overview-heading">
      <h2 id="reg-overview-heading">{regt('overview')}</h2>
      <p>{regt('overview_total', { n: props.overview.total })}</p>
      <Table caption={regt('overview_by_field')} head={regt('field')} rows={props.overview.byField} name={(k) => k || regt('no_field')} />
      <Table caption={regt('overview_by_department')} head={regt('department')} rows={props.overview.byDepartment} name={departmentName} />
    </section>
  );
}

function Table(props: { caption: string; head: string; rows: readonly OverviewRow[]; name: (key: string) => string }) {
  return (
    // Nine columns do not fit a phone: the table scrolls inside its box, not the whole page,
    // and the box takes the focus so a keyboard can scroll it too.
    <div class="table-scroll" tabindex="0" role="region" aria-label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col">{regt('overview_count')}</th>
            <For each={ROUTING_STATUSES}>{(s) => <th scope="col">{regt(`routing_${s}`)}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr>
                <th scope="row">{props.name(row.key)}</th>
                <td>{row.total}</td>
                <For each={ROUTING_STATUSES}>{(s) => <td>{row.byStatus[s]}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}

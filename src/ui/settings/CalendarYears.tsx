/**
 * The office's working-day calendar in Settings (issue 9 item 4): a year's
 * schedule day by day (date, off or worked, a label) and the documents that
 * announced it. Saved as the unit's `calendarYears` record, it replaces the
 * shipped schedule of that year on every device; a year with neither says
 * that the statutory rules are being used.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import { OFFICIAL_SCHEDULES, type ScheduleDay, type ScheduleDayKind } from '../../domain/officialCalendar.ts';
import type { MessageCode } from '../../domain/model.ts';
import { vietnamIsoDate } from '../../domain/vnTime.ts';
import { create, remove, update } from '../../storage/changes.ts';
import { listAll } from '../../storage/queries.ts';
import { createMayWrite } from '../access/roles.ts';
import { DateField, SelectField, TextField } from '../components/Field.tsx';
import { formatDate } from '../format.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { ct } from './calendar.i18n.ts';

const KIND_OPTIONS = (): { value: ScheduleDayKind; label: string }[] => [
  { value: 'off', label: ct('kind_off') },
  { value: 'working', label: ct('kind_working') },
];

const byDate = (a: ScheduleDay, b: ScheduleDay) => a.date.localeCompare(b.date);

/** The record id of a unit's year: the same on every device, so two offices entering 2027 edit one record. */
export const calendarYearId = (unitId: string, year: number) => `cal-${unitId}-${year}`;

export function CalendarYears(props: { unitId: string }) {
  const store = useStore();
  const mayWrite = createMayWrite();
  const officeYears = createLiveQuery(
    () => props.unitId,
    async (unitId) => (await listAll(store.db, 'calendarYears')).filter((y) => y.unitId === unitId),
  );
  const thisYear = Number(vietnamIsoDate(store.now()).slice(0, 4));
  const [year, setYear] = createSignal(thisYear);
  const [yearText, setYearText] = createSignal(String(thisYear));
  const office = createMemo(() => officeYears()?.find((y) => y.year === year()));
  const shipped = createMemo(() => OFFICIAL_SCHEDULES.find((y) => y.year === year()));

  // The draft: what the person is editing, started from the office's year, else the shipped one, else nothing.
  const [draft, setDraft] = createSignal<{ year: number; source: string; days: ScheduleDay[] } | null>(null);
  const current = () => {
    const d = draft();
    if (d && d.year === year()) return d;
    const from = office() ?? shipped();
    return { year: year(), source: from?.source ?? '', days: [...(from?.days ?? [])].sort(byDate) };
  };
  const edit = (change: (d: { year: number; source: string; days: ScheduleDay[] }) => { year: number; source: string; days: ScheduleDay[] }) =>
    setDraft(change(current()));

  const [yearError, setYearError] = createSignal<MessageCode | undefined>();
  const chooseYear = (text: string) => {
    setYearText(text);
    const n = Number(text.trim());
    if (!/^\d{4}$/.test(text.trim()) || n < 2000 || n > 2100) return setYearError('year_out_of_range');
    setYearError(undefined);
    setYear(n);
  };

  const [newDate, setNewDate] = createSignal('');
  const [newKind, setNewKind] = createSignal<ScheduleDayKind>('off');
  const [newLabel, setNewLabel] = createSignal('');
  const [dayError, setDayError] = createSignal<MessageCode | 'duplicate_day' | undefined>();
  const addDay = () => {
    const date = newDate();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setDayError(date ? 'invalid_date' : 'required');
    if (!date.startsWith(`${year()}-`)) return setDayError('date_outside_year');
    if (current().days.some((d) => d.date === date)) return setDayError('duplicate_day');
    setDayError(undefined);
    const day: ScheduleDay = { date, kind: newKind(), label: newLabel().trim() };
    edit((d) => ({ ...d, days: [...d.days, day].sort(byDate) }));
    setNewDate('');
    setNewLabel('');
  };

  const [status, setStatus] = createSignal('');
  const save = async () => {
    const d = current();
    const fields = { year: d.year, source: d.source.trim(), days: d.days };
    const existing = office();
    await store.write([existing ? update('calendarYears', existing.id, fields) : create('calendarYears', { unitId: props.unitId }, fields, calendarYearId(props.unitId, d.year))]);
    setDraft(null);
    setStatus(ct('saved', { year: d.year }));
  };
  const restore = async () => {
    const existing = office();
    if (!existing) return;
    await store.write([remove('calendarYears', existing.id)]);
    setDraft(null);
    setStatus(ct('restored', { year: year() }));
  };

  const dayErrorText = () => {
    const e = dayError();
    return e === 'duplicate_day' ? ct('duplicate_day') : undefined;
  };

  return (
    <div class="card" aria-labelledby="calendar-heading" role="region">
      <h2 id="calendar-heading">{ct('title')}</h2>
      <p class="muted">{ct('hint')}</p>
      <TextField label={ct('year')} value={yearText()} onValue={chooseYear} error={yearError()} inputmode="numeric" autocomplete="off" />
      <p role="status" class="calendar-year__status">
        <Show
          when={office()}
          fallback={
            <Show when={shipped()} fallback={<strong>{ct('status_none', { year: year() })}</strong>}>
              {(s) => ct('status_shipped', { year: year(), source: s().source })}
            </Show>
          }
        >
          {(o) => ct('status_office', { year: year(), source: o().source || '—' })}
        </Show>
      </p>
      <Show when={current().days.length > 0} fallback={<p class="empty">{ct('no_days')}</p>}>
        <table class="tally">
          <caption>{ct('days_caption', { year: year() })}</caption>
          <thead>
            <tr>
              <th scope="col">{ct('col_date')}</th>
              <th scope="col">{ct('col_kind')}</th>
              <th scope="col">{ct('col_label')}</th>
              <Show when={mayWrite('calendarYears')}>
                <th scope="col">
                  <span class="visually-hidden">{ct('col_actions')}</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={current().days}>
              {(d) => (
                <tr>
                  <th scope="row">{formatDate(d.date)}</th>
                  <td>{d.kind === 'off' ? ct('kind_off') : ct('kind_working')}</td>
                  <td>{d.label}</td>
                  <Show when={mayWrite('calendarYears')}>
                    <td>
                      <button
                        type="button"
                        class="btn btn--quiet"
                        aria-label={ct('remove_day', { date: formatDate(d.date) })}
                        onClick={() => edit((x) => ({ ...x, days: x.days.filter((y) => y.date !== d.date) }))}
                      >
                        {ct('remove')}
                      </button>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={mayWrite('calendarYears')}>
        <fieldset class="calendar-year__add">
          <legend>{ct('add_legend')}</legend>
          <DateField label={ct('col_date')} value={newDate()} onValue={setNewDate} error={dayError() === 'duplicate_day' ? undefined : (dayError() as MessageCode | undefined)} />
          <Show when={dayErrorText()}>
            <p class="field__error" role="alert">
              {dayErrorText()}
            </p>
          </Show>
          <SelectField<ScheduleDayKind> label={ct('col_kind')} value={newKind()} options={KIND_OPTIONS()} onValue={setNewKind} />
          <TextField label={ct('col_label')} value={newLabel()} onValue={setNewLabel} placeholder={ct('label_placeholder')} autocomplete="off" />
          <button type="button" class="btn" onClick={addDay}>
            {ct('add_day')}
          </button>
        </fieldset>
        <TextField label={ct('source')} value={current().source} onValue={(source) => edit((d) => ({ ...d, source }))} hint={ct('source_hint')} autocomplete="off" />
        <div class="actions">
          <button type="button" class="btn btn--primary" onClick={() => void save()}>
            {ct('save', { year: year() })}
          </button>
          <Show when={office() && shipped()}>
            <button type="button" class="btn" onClick={() => void restore()}>
              {ct('restore')}
            </button>
          </Show>
        </div>
      </Show>
      <p role="status">{status()}</p>
    </div>
  );
}

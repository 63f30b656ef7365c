import { For, Show, Suspense, lazy } from 'solid-js';
import { listAll, listConferences, currentUnit } from '../../storage/queries.ts';
import { t } from '../i18n.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { ScreenShown } from '../primitives/screenShown.ts';
import { ImportOffer } from '../files/ImportOffer.tsx';
import { AppLink } from '../components/AppLink.tsx';
import { createMayImportFiles, createMayWrite } from '../access/roles.ts';

// The forms (and the validator they carry) load after the list has painted.
const UnitForm = lazy(async () => ({ default: (await import('./UnitForm.tsx')).UnitForm }));
const JoinUnit = lazy(async () => ({ default: (await import('../sync/JoinUnit.tsx')).JoinUnit }));
const NewConference = lazy(async () => ({ default: (await import('./NewConference.tsx')).NewConference }));

export function ConferenceList() {
  const store = useStore();
  const may = createMayWrite();
  const mayImport = createMayImportFiles();
  const db = store.db;
  const unit = createLiveQuery(
    () => db,
    async (d) => (await currentUnit(d)) ?? null,
  );
  const conferences = createLiveQuery(
    () => db,
    async (d) => {
      const [confs, sessions] = await Promise.all([listConferences(d), listAll(d, 'sessions')]);
      return confs.map((c) => ({ ...c, sessionCount: sessions.filter((s) => s.conferenceId === c.id).length }));
    },
  );

  return (
    <section aria-labelledby="conferences-heading">
      <h1 id="conferences-heading">{t('conferences_title')}</h1>
      {/* Everything below the heading appears at once, when the database has answered and this screen's
          form has loaded: drawn piece by piece, each piece pushed the ones below it down (a layout shift
          of 0.06-0.18 on a first visit, in Lighthouse). */}
      <Show when={unit() !== undefined && conferences() !== undefined} fallback={<p>{t('loading')}</p>}>
        <Suspense fallback={<p>{t('loading')}</p>}>
          <Show when={unit() === null}>
            <div class="card">
              <h2>{t('unit_setup_title')}</h2>
              <p>{t('unit_setup_hint')}</p>
              <UnitForm />
              <Show when={store.sync()}>
                <Suspense>
                  <JoinUnit />
                </Suspense>
              </Show>
            </div>
          </Show>
          <Show when={conferences()} fallback={<p>{t('loading')}</p>}>
            {(list) => (
              <Show when={list().length > 0} fallback={<p class="empty">{t(may('conferences') ? 'conferences_empty' : 'conferences_empty_office_creates')}</p>}>
                <ul class="card-list" aria-label={t('conferences_title')}>
                  <For each={list()}>
                    {(c) => (
                      <li class="card card--link">
                        <AppLink href={`/conferences/${encodeURIComponent(c.id)}`} class="card__title">
                          {c.title}
                        </AppLink>
                        <p class="muted">
                          {t('conference_round_n', { n: c.round })} · {c.year}
                          {c.planNumber ? ` · ${c.planNumber}` : ''} · {t('conference_sessions_count', { n: c.sessionCount })}
                        </p>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
          {/* A new plan is the office's (domain/access.ts): other enrolled roles open the ones it made. */}
          <Show when={unit() && may('conferences') ? unit() : null}>{(u) => <NewConference unitId={u().id} />}</Show>
          {/* Bringing a file in writes whole conferences: offered to the roles that may (domain/access.ts `mayImportFiles`). */}
          <Show when={mayImport()}>
            <ImportOffer />
          </Show>
          <ScreenShown />
        </Suspense>
      </Show>
    </section>
  );
}

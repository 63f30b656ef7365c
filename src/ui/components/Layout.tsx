import { useRouterState } from '@tanstack/solid-router';
import { Show, Suspense, createSignal, lazy, onCleanup, type JSX } from 'solid-js';
import { t } from '../i18n.ts';
import { useOptionalStore } from '../store.tsx';
import { recordingNow } from '../audio/recordingStatus.ts';
import { AppLink } from './AppLink.tsx';

// Both load only once there is something to show (the engine started; a write failed), so the
// first screen's JavaScript does not grow: the engine itself starts after the first screen anyway.
const SyncBar = lazy(async () => ({ default: (await import('../sync/SyncBar.tsx')).SyncBar }));
const WriteFailures = lazy(async () => ({ default: (await import('../sync/WriteFailures.tsx')).WriteFailures }));

export interface UpdateControls {
  waiting: () => boolean;
  offlineReady: () => boolean;
  apply: () => void;
  dismiss: () => void;
}

/** The chrome around every screen but the hall display. */
export function Layout(props: { children: JSX.Element; update?: UpdateControls }) {
  const store = useOptionalStore();
  // Read once for the header's links: "/" is current only by itself, the others with whatever lies under them.
  const path = useRouterState({ select: (s) => s.location.pathname });
  const under = (prefix: string) => path() === prefix || path().startsWith(`${prefix}/`);
  const [online, setOnline] = createSignal(navigator.onLine);
  const on = () => setOnline(true);
  const off = () => setOnline(false);
  window.addEventListener('online', on);
  window.addEventListener('offline', off);
  onCleanup(() => {
    window.removeEventListener('online', on);
    window.removeEventListener('offline', off);
  });
  return (
    <>
      <a href="#main" class="skip-link">
        {t('skip_to_content')}
      </a>
      <header class="app-header">
        <AppLink href="/" class="brand">
          <span class="brand__name">{t('app_name')}</span>
          <span class="brand__tagline">{t('app_tagline')}</span>
        </AppLink>
        <nav aria-label={t('nav_main')} class="app-nav">
          <AppLink href="/" current={path() === '/'}>
            {t('nav_conferences')}
          </AppLink>
          <AppLink href="/follow-ups" current={under('/follow-ups')}>
            {t('nav_follow_ups')}
          </AppLink>
          <AppLink href="/settings" current={under('/settings')}>
            {t('nav_settings')}
          </AppLink>
        </nav>
        {/* Issue 11: whatever screen is open, it is plain that the hall is being recorded. */}
        <Show when={recordingNow()}>
          {(r) => (
            <AppLink href={`/sessions/${encodeURIComponent(r().sessionId)}`} class="recording-pill" aria-label={t('recording_now')}>
              <span class="recorder__dot" aria-hidden="true" />
              {t('recording_short')}
            </AppLink>
          )}
        </Show>
        <Show when={!online()}>
          <span class="badge badge--offline" role="status">
            {t('offline')}
          </span>
        </Show>
        <Show when={store?.sync()}>
          <Suspense>
            <SyncBar />
          </Suspense>
        </Show>
      </header>
      <Show when={(store?.failures().length ?? 0) > 0}>
        <Suspense>
          <WriteFailures />
        </Suspense>
      </Show>
      <Show when={props.update?.waiting()}>
        <div class="banner" role="alert">
          <span>{t('update_available')}</span>
          <button type="button" class="btn btn--primary" onClick={() => props.update?.apply()}>
            {t('update_now')}
          </button>
          <button type="button" class="btn btn--quiet" onClick={() => props.update?.dismiss()}>
            {t('update_later')}
          </button>
        </div>
      </Show>
      <main id="main" tabindex="-1">
        {props.children}
      </main>
    </>
  );
}

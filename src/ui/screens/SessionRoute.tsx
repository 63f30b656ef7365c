import { Suspense, lazy, type JSX } from 'solid-js';
import { t } from '../i18n.ts';
import { HOME_TAB, role } from '../session/role.ts';
import { SessionWorkspace, type Panels, type WorkspaceTab } from './SessionWorkspace.tsx';

// Each tab is its own chunk: the minutes editor (with its CRDT library) loads only when opened.
const AgendaPanel = lazy(async () => ({ default: (await import('../session/AgendaPanel.tsx')).AgendaPanel }));
const AttendancePanel = lazy(async () => ({ default: (await import('../session/AttendancePanel.tsx')).AttendancePanel }));
const QueuePanel = lazy(async () => ({ default: (await import('../session/QueuePanel.tsx')).QueuePanel }));
const MinutesPanel = lazy(async () => ({ default: (await import('../session/MinutesPanel.tsx')).MinutesPanel }));

/** A panel loading its chunk shows "loading" in its own place; the header and tabs stay put. */
const Loading = (props: { children: JSX.Element }) => <Suspense fallback={<p>{t('loading')}</p>}>{props.children}</Suspense>;

const panels: Panels = {
  agenda: (s) => (
    <Loading>
      <AgendaPanel session={s()} />
    </Loading>
  ),
  attendance: (s) => (
    <Loading>
      <AttendancePanel session={s()} />
    </Loading>
  ),
  queue: (s) => (
    <Loading>
      <QueuePanel session={s()} />
    </Loading>
  ),
  minutes: (s) => (
    <Loading>
      <MinutesPanel session={s()} />
    </Loading>
  ),
};

/** The session route's content: the workspace with each tab's panel. */
export function SessionRoute(props: { sessionId: string; tab?: WorkspaceTab }) {
  // With no tab in the address, the device's role decides: the chair lands on the queue, the secretary on the minutes.
  return <SessionWorkspace sessionId={props.sessionId} tab={props.tab ?? HOME_TAB[role()]} panels={panels} />;
}

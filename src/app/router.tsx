/**
 * The routes. The conference list is in the first chunk; every other screen is
 * a lazy chunk (precached by the service worker, so still there offline), reached
 * through app/screens.ts.
 */
import { Outlet, createRootRoute, createRoute, createRouter, type RouterHistory } from '@tanstack/solid-router';
import { Suspense, lazy, type Component } from 'solid-js';
import { Layout } from '../ui/components/Layout.tsx';
import { loadScreenStrings, t } from '../ui/i18n.ts';
import { ConferenceList } from '../ui/screens/ConferenceList.tsx';
import { applyUpdate, dismissUpdate, offlineReady, updateWaiting } from './pwa.ts';
import type { screens } from './screens.ts';

const ConferencePage = screen(async () => (await loadScreenTable()).screens.ConferencePage());
const SessionRoute = screen(async () => (await loadScreenTable()).screens.SessionRoute());
const HallDisplay = screen(async () => (await loadScreenTable()).screens.HallDisplay());
const Registrations = screen(async () => (await loadScreenTable()).screens.Registrations());
const DocumentsScreen = screen(async () => (await loadScreenTable()).screens.DocumentsScreen());
const SurveyScreen = screen(async () => (await loadScreenTable()).screens.SurveyScreen());
const StatisticsScreen = screen(async () => (await loadScreenTable()).screens.StatisticsScreen());
const Settings = screen(async () => (await loadScreenTable()).screens.Settings());
const FollowUpsScreen = screen(async () => (await loadScreenTable()).screens.FollowUpsScreen());

/** The table of the screens after the first one (app/screens.ts): loaded once, on first use. */
let screenTable: Promise<{ screens: typeof screens }> | null = null;
export function loadScreenTable(): Promise<{ screens: typeof screens }> {
  screenTable ??= import('./screens.ts');
  return screenTable;
}

/**
 * A screen in a chunk of its own (listed in app/screens.ts), drawn once its chunk and the
 * strings of the screens after the first one (i18n.screens.ts) have both loaded. New screens
 * are added this way too.
 */
function screen<P extends Record<string, unknown>>(load: () => Promise<Component<P>>) {
  return lazy(async () => {
    const [component] = await Promise.all([load(), loadScreenStrings()]);
    return { default: component };
  });
}

const update = { waiting: updateWaiting, offlineReady, apply: applyUpdate, dismiss: dismissUpdate };
const Loading = () => <p>{t('loading')}</p>;

const rootRoute = createRootRoute({ component: () => <Outlet /> });

/** Every screen but the hall display sits inside the app's chrome. */
const chromeRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'chrome',
  component: () => (
    <Layout update={update}>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </Layout>
  ),
});

const indexRoute = createRoute({ getParentRoute: () => chromeRoute, path: '/', component: ConferenceList });

const conferenceRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/conferences/$conferenceId',
  component: function ConferenceRoute() {
    const params = conferenceRoute.useParams();
    return <ConferencePage conferenceId={params().conferenceId} />;
  },
});

const registrationsRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/conferences/$conferenceId/registrations',
  component: function RegistrationsRoute() {
    const params = registrationsRoute.useParams();
    return <Registrations conferenceId={params().conferenceId} />;
  },
});

/** The documents of a conference (issue 10); `session` picks the session of the minutes and invitations. */
const documentsRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/conferences/$conferenceId/documents',
  // The screen checks `kind` against its list: the documents code stays out of the first screen's JavaScript.
  validateSearch: (search: Record<string, unknown>): { kind?: string; session?: string } => ({
    ...(typeof search['kind'] === 'string' ? { kind: search['kind'] } : {}),
    ...(typeof search['session'] === 'string' ? { session: search['session'] } : {}),
  }),
  component: function DocumentsRouteView() {
    const params = documentsRoute.useParams();
    const search = documentsRoute.useSearch();
    return <DocumentsScreen conferenceId={params().conferenceId} sessionId={search().session} kind={search().kind} />;
  },
});

/** The satisfaction survey of a conference: keying in the forms (`view=tally`, the default) or the results. */
const surveyRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/conferences/$conferenceId/survey',
  validateSearch: (search: Record<string, unknown>): { view?: 'tally' | 'results' } =>
    search['view'] === 'results' || search['view'] === 'tally' ? { view: search['view'] } : {},
  component: function SurveyRouteView() {
    const params = surveyRoute.useParams();
    const search = surveyRoute.useSearch();
    return <SurveyScreen conferenceId={params().conferenceId} view={search().view ?? 'tally'} />;
  },
});

/** The conference's figures (the ones the report prints). */
const statisticsRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/conferences/$conferenceId/statistics',
  component: function StatisticsRouteView() {
    const params = statisticsRoute.useParams();
    return <StatisticsScreen conferenceId={params().conferenceId} />;
  },
});

const TABS = ['agenda', 'attendance', 'queue', 'minutes'] as const;
type Tab = (typeof TABS)[number];

const sessionRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/sessions/$sessionId',
  validateSearch: (search: Record<string, unknown>): { tab?: Tab } => {
    const tab = TABS.find((x) => x === search['tab']);
    return tab ? { tab } : {};
  },
  component: function SessionRouteView() {
    const params = sessionRoute.useParams();
    const search = sessionRoute.useSearch();
    return <SessionRoute sessionId={params().sessionId} {...(search().tab ? { tab: search().tab } : {})} />;
  },
});

/** What is owed after the conferences (issue 9): `conference` opens the dashboard on one of them. */
const followUpsRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/follow-ups',
  validateSearch: (search: Record<string, unknown>): { conference?: string } =>
    typeof search['conference'] === 'string' ? { conference: search['conference'] } : {},
  component: function FollowUpsRouteView() {
    const search = followUpsRoute.useSearch();
    return <FollowUpsScreen {...(search().conference ? { conferenceId: search().conference } : {})} />;
  },
});

const settingsRoute = createRoute({ getParentRoute: () => chromeRoute, path: '/settings', component: () => <Settings /> });

/** The enrolment QR code's target: Settings with the code filled in. */
const enrolRoute = createRoute({
  getParentRoute: () => chromeRoute,
  path: '/enrol',
  validateSearch: (search: Record<string, unknown>): { code?: string } => {
    // The router parses an all-digit value as a number.
    const code = search['code'];
    return typeof code === 'string' || typeof code === 'number' ? { code: String(code).slice(0, 40) } : {};
  },
  component: function EnrolRouteView() {
    const search = enrolRoute.useSearch();
    return <Settings {...(search().code ? { enrolCode: search().code } : {})} />;
  },
});

const displayRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sessions/$sessionId/display',
  validateSearch: (search: Record<string, unknown>): { site?: string } =>
    typeof search['site'] === 'string' ? { site: search['site'] } : {},
  component: function DisplayRoute() {
    const params = displayRoute.useParams();
    const search = displayRoute.useSearch();
    return (
      <Suspense fallback={<Loading />}>
        <HallDisplay sessionId={params().sessionId} {...(search().site ? { site: search().site } : {})} />
      </Suspense>
    );
  },
});

const routeTree = rootRoute.addChildren([
  chromeRoute.addChildren([
    indexRoute,
    conferenceRoute,
    registrationsRoute,
    documentsRoute,
    surveyRoute,
    statisticsRoute,
    sessionRoute,
    settingsRoute,
    enrolRoute,
    followUpsRoute,
  ]),
  displayRoute,
]);

/** `history` is given by tests (memory history); the app uses the browser's. */
export function makeRouter(history?: RouterHistory) {
  return createRouter({ routeTree, defaultPreload: false, scrollRestoration: false, ...(history ? { history } : {}) });
}

declare module '@tanstack/solid-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}

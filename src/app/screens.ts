/**
 * The screens after the first one, each a lazy chunk, and only reached through this module
 * (app/router.tsx imports it on the first navigation to one of them, and app/main.tsx once the
 * first screen is up and idle). Their dynamic imports are kept out of the first screen's chunk
 * on purpose: the build gives every dynamic import the list of files it preloads in parallel,
 * and the lists of these nine screens named some 40 files (1.5 KB gzip) that the first screen
 * never loads.
 */
export const screens = {
  ConferencePage: async () => (await import('../ui/screens/ConferencePage.tsx')).ConferencePage,
  SessionRoute: async () => (await import('../ui/screens/SessionRoute.tsx')).SessionRoute,
  HallDisplay: async () => (await import('../ui/screens/HallDisplay.tsx')).HallDisplay,
  Registrations: async () => (await import('../ui/screens/Registrations.tsx')).Registrations,
  DocumentsScreen: async () => (await import('../ui/documents/DocumentsScreen.tsx')).DocumentsScreen,
  SurveyScreen: async () => (await import('../ui/survey/SurveyScreen.tsx')).SurveyScreen,
  StatisticsScreen: async () => (await import('../ui/statistics/StatisticsScreen.tsx')).StatisticsScreen,
  Settings: async () => (await import('../ui/screens/Settings.tsx')).Settings,
  FollowUpsScreen: async () => (await import('../ui/followUps/FollowUpsScreen.tsx')).FollowUpsScreen,
};

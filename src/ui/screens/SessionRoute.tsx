import { SessionWorkspace, type WorkspaceTab } from './SessionWorkspace.tsx';

/** The session route's content: the workspace with each tab's panel. */
export function SessionRoute(props: { sessionId: string; tab: WorkspaceTab }) {
  return <SessionWorkspace sessionId={props.sessionId} tab={props.tab} />;
}

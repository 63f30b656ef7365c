import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { t } from '../i18n.ts';

export function MinutesPanel(props: { session: SessionRow }) {
  return <p class="empty" data-session={props.session.id}>{t('tab_empty')}</p>;
}

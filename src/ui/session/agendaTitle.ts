/**
 * An agenda item's title in the screen's language. The standard items are
 * stored with their Vietnamese titles (they are what the biên bản prints); an
 * English screen shows the step's English name while the title is still the
 * standard one, and the item's own title once someone has changed it.
 */
import { STEP_TITLES_EN, standardAgenda } from '../../domain/agenda.ts';
import type { Row } from '../../storage/queries.ts';
import type { Lang } from '../i18n.ts';

const STANDARD_TITLES = new Map(standardAgenda().map((s) => [s.step, s.title]));

export function agendaTitle(item: Pick<Row<'agendaItems'>, 'step' | 'title'>, language: Lang): string {
  return language === 'en' && item.step !== 'custom' && item.title === STANDARD_TITLES.get(item.step) ? STEP_TITLES_EN[item.step] : item.title;
}

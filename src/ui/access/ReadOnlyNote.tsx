/**
 * Said where an enrolled device's role may not change a part of the screen
 * (its controls are not shown): who may, read from the one role table, so a
 * person knows whom to ask instead of wondering where the buttons went.
 */
import { ROLES, mayWriteAny, type WritableKind } from '../../domain/access.ts';
import { at } from './access.i18n.ts';

export function ReadOnlyNote(props: { kind: WritableKind }) {
  const who = () =>
    ROLES.filter((role) => mayWriteAny([role], props.kind))
      .map((role) => at(`role_${role}`))
      .join(', ');
  return <p class="muted read-only-note">{at('read_only', { roles: who() })}</p>;
}

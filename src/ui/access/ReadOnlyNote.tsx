/**
 * Said where an enrolled device's role may not change a part of the screen
 * (its controls are not shown): who may, read from the one role table, so a
 * person knows whom to ask instead of wondering where the buttons went.
 */
import { ROLES, mayImportFiles, mayWriteAny, type Role, type WritableKind } from '../../domain/access.ts';
import { at } from './access.i18n.ts';

const rolesWho = (may: (role: Role) => boolean) =>
  ROLES.filter(may)
    .map((role) => at(`role_${role}`))
    .join(', ');

export function ReadOnlyNote(props: { kind: WritableKind }) {
  return <p class="muted read-only-note">{at('read_only', { roles: rolesWho((role) => mayWriteAny([role], props.kind)) })}</p>;
}

/** Where "Nhập tệp" would be, for a role that may not bring a file in. */
export function ImportNotOfferedNote() {
  return <p class="muted read-only-note">{at('import_not_offered', { roles: rolesWho((role) => mayImportFiles([role])) })}</p>;
}

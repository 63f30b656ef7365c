/**
 * What this device's account may do, for hiding controls the server would
 * refuse. The server is the judge (`domain/access.ts` is read there too); this
 * only keeps a button from being offered. A device that was never enrolled
 * works on its own: everything is offered, as before.
 */
import type { Role, WritableKind, mayImportFiles, mayWriteAny } from '../../domain/access.ts';
import type { Enrolment } from '../../sync/enrolment.ts';
import { ENROLMENT_KEY } from '../../sync/enrolmentKey.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';

/**
 * The role table (domain/access.ts), loaded only on an enrolled device: a tablet working on its
 * own, which every first visit is, never asks it anything, so it stays out of the first screen's
 * JavaScript. Set before createRoles gives any roles, so createMayWrite can ask it synchronously.
 */
let access: { mayWriteAny: typeof mayWriteAny; mayImportFiles: typeof mayImportFiles } | undefined;

/** The enrolled roles, or null when the device works on its own. Undefined while loading. */
export function createRoles(): () => readonly Role[] | null | undefined {
  const { db } = useStore();
  const enrolment = createLiveQuery(
    () => db,
    async (d) => {
      const roles = ((await d.meta.get(ENROLMENT_KEY))?.value as Enrolment | undefined)?.roles ?? null;
      if (roles) access ??= await import('../../domain/access.ts');
      return roles;
    },
  );
  return enrolment;
}

/**
 * The field a create or a delete writes. Only a grant of the whole record
 * ('all') includes it (`mayWrite` in domain/access.ts: a field grant changes
 * existing records, never creates or deletes one), so `may(kind, WHOLE_RECORD)`
 * asks "may this device add and remove these records, every field".
 */
export const WHOLE_RECORD = 'deleted';

/**
 * May this device write `kind` (and that field)? True when not enrolled, and
 * while the enrolment is being read (a device on its own must never lose a
 * control for a moment; the server still refuses what an enrolled one may not do).
 */
export function createMayWrite(): (kind: WritableKind, field?: string) => boolean {
  const roles = createRoles();
  return (kind, field) => {
    const r = roles();
    // `access` is loaded whenever `r` holds roles (createRoles).
    return r === undefined || r === null || access!.mayWriteAny(r, kind, field);
  };
}

/** May this device bring a file in ("Nhập tệp")? As `createMayWrite`: true on its own and while the enrolment is read. */
export function createMayImportFiles(): () => boolean {
  const roles = createRoles();
  return () => {
    const r = roles();
    // `access` is loaded whenever `r` holds roles (createRoles).
    return r === undefined || r === null || access!.mayImportFiles(r);
  };
}

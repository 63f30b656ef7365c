/**
 * Enrolment of this device with the office server (issue 8). A device that
 * was never enrolled works on its own exactly as before and never syncs; once
 * enrolled it syncs with its own token, which the server set as an HttpOnly
 * cookie: this code never sees the token, it keeps only what the person needs
 * to read (device and account names, the roles) and the unit.
 */
import { isRole, type Role } from '../domain/access.ts';
import type { DoiThoaiDb } from '../storage/db.ts';
import { currentUnit } from '../storage/queries.ts';
import { deviceId } from '../storage/write.ts';
import { JOINED_UNIT_KEY } from './engine.ts';
import { TransportError } from './transport.ts';

import { ENROLMENT_KEY, readEnrolment } from './enrolmentKey.ts';

export { ENROLMENT_KEY, readEnrolment };
export const ENROL_PATH = '/api/auth/enrol';

export interface Enrolment {
  readonly deviceName: string;
  readonly accountName: string;
  readonly unitId: string;
  readonly roles: readonly Role[];
  /** Device time of the enrolment. */
  readonly enrolledAt: number;
}


type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Sends the code typed (or scanned) on the tablet. On success the device is
 * enrolled: its unit is the server's (a device with no unit yet joins it; a
 * device whose unit the server did not know yet brings it). Failures throw a
 * `TransportError` with the server's reason and `details.problem`.
 */
export async function enrolDevice(
  db: DoiThoaiDb,
  code: string,
  fetchFn: FetchLike = (i, init) => fetch(i, init),
  origin = '',
): Promise<Enrolment> {
  const unit = await currentUnit(db);
  let res: Response;
  try {
    res = await fetchFn(`${origin}${ENROL_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store',
      body: JSON.stringify({ code: code.trim(), deviceId: await deviceId(db), ...(unit ? { unitId: unit.id } : {}) }),
    });
  } catch {
    throw new TransportError('network', 0);
  }
  let body: { reason?: string; details?: unknown; me?: { accountName: string; unitId: string; roles: unknown[] }; deviceName?: string };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new TransportError(res.ok ? 'bad_response' : 'network', res.status);
  }
  if (!res.ok || !body.me) throw new TransportError((body.reason ?? 'bad_response') as never, res.status, body.details);
  const enrolment: Enrolment = {
    deviceName: body.deviceName ?? '',
    accountName: body.me.accountName,
    unitId: body.me.unitId,
    roles: body.me.roles.filter(isRole),
    enrolledAt: Date.now(),
  };
  await db.meta.put({ key: ENROLMENT_KEY, value: enrolment });
  // A device with no unit of its own works for the server's from now on: its records arrive with the first pull.
  if (!unit) await db.meta.put({ key: JOINED_UNIT_KEY, value: enrolment.unitId });
  return enrolment;
}

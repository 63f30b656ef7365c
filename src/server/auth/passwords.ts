/**
 * Passwords, hashed with scrypt (Node's own, memory-hard).
 *
 * Parameters: N = 2^15, r = 8, p = 1. scrypt needs 128·N·r bytes of memory per
 * hash, here 32 MiB, and about 50-100 ms of one core on an office PC: cheap
 * for one login, ruinous for someone trying millions of guesses on a stolen
 * database, because memory cannot be traded away for GPU cores. `maxmem` is
 * raised past Node's 32 MiB default so these parameters fit. Every hash carries
 * its own parameters and salt, so they can be raised later without breaking
 * existing passwords.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAXMEM = 64 * 1024 * 1024;

/** Passwords shorter than this are refused when an account is created: 10 characters resist guessing even offline. */
export const MIN_PASSWORD_LENGTH = 10;
/** And longer than this too: scrypt's cost does not grow with length, but a megabyte "password" is an attack. */
export const MAX_PASSWORD_LENGTH = 200;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...PARAMS, maxmem: MAXMEM });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to verify against when the account does not exist, so "no such user" takes as long as "wrong password". */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString('base64'));
  return dummy;
}

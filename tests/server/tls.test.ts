/**
 * The office server's own certificates (`auth/tls.ts`). Every serial number must
 * be a minimal DER INTEGER, or OpenSSL refuses the certificate ("illegal
 * padding") and the server does not start; and a data folder that already holds
 * such a certificate gets a working one instead of failing at every start.
 */
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { afterEach, describe, expect, it } from 'vitest';
import { certificateSerial, ensureLocalTls } from '../../src/server/auth/tls.ts';
import { tempDir } from './helpers.ts';

/** A self-signed CA as forge writes it, with the serial given (hex). */
function forgeCa(serialHex: string): { certPem: string; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serialHex;
  cert.validity.notBefore = new Date();
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'Doi thoai (old)' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Doi thoai (old)' }]);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

const made: { remove(): void }[] = [];
afterEach(() => {
  for (const t of made.splice(0)) t.remove();
});
const folder = (prefix: string) => {
  const t = tempDir(prefix);
  made.push(t);
  return t.dir;
};

describe('local TLS certificates', () => {
  it('draws serials that are positive, 16 bytes, and never start with a zero byte', () => {
    for (let i = 0; i < 5_000; i++) {
      const bytes = Buffer.from(certificateSerial(), 'hex');
      expect(bytes).toHaveLength(16);
      expect(bytes[0]! & 0x80).toBe(0);
      expect(bytes[0]).toBeGreaterThan(0);
    }
  });

  it('makes a CA and a server certificate that OpenSSL loads', () => {
    const tls = ensureLocalTls(folder('tls-load'), ['doithoai.local']);
    expect(() => createSecureContext({ cert: tls.cert, key: tls.key })).not.toThrow();
    expect(new X509Certificate(tls.caCert).ca).toBe(true);
  });

  it('replaces a stored CA that OpenSSL refuses, and the server certificate with it', () => {
    const dir = path.join(folder('tls-padded'), 'tls');
    mkdirSync(dir, { recursive: true });
    // forge writes 00 00 22 … as 00 22 …: a superfluous zero byte.
    const padded = forgeCa('0000223344556677889900bbccddeeff');
    expect(() => new X509Certificate(padded.certPem)).toThrow(/illegal padding/);
    writeFileSync(path.join(dir, 'ca.crt'), padded.certPem);
    writeFileSync(path.join(dir, 'ca.key'), padded.keyPem);

    const tls = ensureLocalTls(dir);
    expect(() => createSecureContext({ cert: tls.cert, key: tls.key })).not.toThrow();
    const stored = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
    expect(stored).not.toBe(padded.certPem);
    expect(new X509Certificate(tls.cert).checkIssued(new X509Certificate(stored))).toBe(true);
  });
});

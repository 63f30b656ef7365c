/**
 * HTTPS on the office LAN without a certificate from anyone: on first run the
 * server makes its own small certificate authority (CA) and, signed by it, a
 * certificate for its own LAN addresses, `localhost` and `127.0.0.1`. Both are
 * kept in `DATA_DIR/tls/`. Each tablet installs the CA once (`/tls` says how);
 * from then on the browser trusts the server, gives the app a service worker,
 * and works offline.
 *
 * The CA's private key never leaves the office PC. The server certificate is
 * made again when the PC's addresses change (a new DHCP lease), with the same
 * CA, so tablets need nothing new.
 */
import { X509Certificate, createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import forge from 'node-forge';

export interface LocalTls {
  readonly cert: string;
  readonly key: string;
  readonly caCert: string;
  /** SHA-256 of the server certificate's public key, base64: what Chromium's --ignore-certificate-errors-spki-list takes. */
  readonly spkiSha256: string;
  readonly names: readonly string[];
}

/** The PC's own IPv4 LAN addresses (not loopback). */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  // Node's own RSA key generation (native, milliseconds) rather than forge's (pure JavaScript, seconds).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return { privateKey: forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

/**
 * A certificate serial number: 16 random bytes, unique per certificate, whose DER
 * INTEGER encoding is these very bytes. Its first byte is kept in 0x40–0x7f:
 * positive (leading bit clear) and never 0x00. forge drops ONE leading zero byte
 * when it writes the INTEGER, so a draw starting 00 00 (then a byte below 0x80)
 * came out with a superfluous zero, "illegal padding" to OpenSSL: about one
 * certificate in 65,000, and that server never started again from its data folder.
 */
export function certificateSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString('hex');
}

function makeCa(now: Date): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey; certPem: string; keyPem: string } {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = certificateSerial();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);
  // forge takes binary strings: Vietnamese names go in as UTF-8 bytes, tagged UTF8String.
  const utf8 = (value: string) => ({
    value: forge.util.encodeUtf8(value),
    valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class,
  });
  const subject = [
    { name: 'commonName', ...utf8('Đối thoại — CA văn phòng') },
    { name: 'organizationName', ...utf8('Đối thoại (máy chủ văn phòng)') },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true, pathLenConstraint: 0 },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey, certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
}

function makeLeaf(
  ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  names: readonly string[],
  now: Date,
): { certPem: string; keyPem: string } {
  const keys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = certificateSerial();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  // Browsers refuse server certificates valid for more than 398 days.
  cert.validity.notAfter = new Date(now.getTime() + 397 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: names.find((n) => n !== 'localhost' && n !== '127.0.0.1') ?? 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  const altNames = names.map((n) => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.pem };
}

export function spkiSha256(certPem: string): string {
  const cert = forge.pki.certificateFromPem(certPem);
  const spkiDer = forge.asn1.toDer(forge.pki.publicKeyToAsn1(cert.publicKey)).getBytes();
  return createHash('sha256').update(Buffer.from(spkiDer, 'binary')).digest('base64');
}

function leafNames(certPem: string): string[] {
  const cert = forge.pki.certificateFromPem(certPem);
  const ext = cert.getExtension('subjectAltName') as { altNames?: { ip?: string; value?: string }[] } | undefined;
  return (ext?.altNames ?? []).map((a) => a.ip ?? a.value ?? '').sort();
}

/**
 * Whether OpenSSL (Node's X509Certificate) reads the certificate. One that forge wrote but OpenSSL
 * refuses (a padded serial, see `certificateSerial`) would stop the server at every start: it is
 * made again instead.
 */
function opensslLoads(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The CA and server certificate in `dir`, made now if missing, if OpenSSL
 * cannot read them, or if the server certificate does not cover `names` (or
 * expires within 30 days).
 */
export function ensureLocalTls(dir: string, extraNames: readonly string[] = [], now = new Date()): LocalTls {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => path.join(dir, name);
  const names = [...new Set(['localhost', '127.0.0.1', ...lanAddresses(), ...extraNames])].sort();

  let ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey; certPem: string };
  let newCa = false;
  const storedCa = existsSync(file('ca.crt')) && existsSync(file('ca.key')) ? readFileSync(file('ca.crt'), 'utf8') : '';
  if (storedCa !== '' && opensslLoads(storedCa)) {
    ca = { cert: forge.pki.certificateFromPem(storedCa), key: forge.pki.privateKeyFromPem(readFileSync(file('ca.key'), 'utf8')), certPem: storedCa };
  } else {
    const made = makeCa(now);
    writeFileSync(file('ca.key'), made.keyPem, { mode: 0o600 });
    writeFileSync(file('ca.crt'), made.certPem);
    ca = made;
    newCa = true;
  }

  let certPem = existsSync(file('server.crt')) ? readFileSync(file('server.crt'), 'utf8') : '';
  const stillGood =
    !newCa &&
    certPem !== '' &&
    opensslLoads(certPem) &&
    existsSync(file('server.key')) &&
    names.every((n) => leafNames(certPem).includes(n)) &&
    forge.pki.certificateFromPem(certPem).validity.notAfter.getTime() - now.getTime() > 30 * 24 * 3600_000;
  if (!stillGood) {
    const leaf = makeLeaf(ca, names, now);
    writeFileSync(file('server.key'), leaf.keyPem, { mode: 0o600 });
    writeFileSync(file('server.crt'), leaf.certPem);
    certPem = leaf.certPem;
  }
  return { cert: certPem, key: readFileSync(file('server.key'), 'utf8'), caCert: ca.certPem, spkiSha256: spkiSha256(certPem), names };
}

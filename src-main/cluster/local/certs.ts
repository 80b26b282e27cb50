import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { webcrypto, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/** The PEM files the local cluster serves HTTPS with; the CA goes into the kubeconfig. */
export interface ServingCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const files = { ca: 'ca.crt', cert: 'serving.crt', key: 'serving.key' } as const;
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signing = { name: 'ECDSA', hash: 'SHA-256' } as const;
const tenYears = 10 * 365 * 24 * 3600 * 1000;

/**
 * The CA and serving certificate kept in `dir`: made once (ECDSA P-256, the serving certificate
 * valid for 127.0.0.1, ::1 and localhost) and reused on every later start, so a kubeconfig written
 * once stays valid. A serving certificate that expired or no longer matches its CA is made again.
 */
export async function ensureServingCertificates(dir: string): Promise<ServingCertificates> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths = { ca: join(dir, files.ca), cert: join(dir, files.cert), key: join(dir, files.key) };
  if (existsSync(paths.ca) && existsSync(paths.cert) && existsSync(paths.key)) {
    const kept = {
      caPem: readFileSync(paths.ca, 'utf8'),
      certPem: readFileSync(paths.cert, 'utf8'),
      keyPem: readFileSync(paths.key, 'utf8'),
    };
    if (stillValid(kept)) return kept;
  }
  const made = await makeCertificates();
  writeAtomically(paths.key, made.keyPem, 0o600);
  writeAtomically(paths.cert, made.certPem, 0o644);
  writeAtomically(paths.ca, made.caPem, 0o644);
  return made;
}

function stillValid(kept: ServingCertificates): boolean {
  try {
    const ca = new X509Certificate(kept.caPem);
    const cert = new X509Certificate(kept.certPem);
    const inAWeek = Date.now() + 7 * 24 * 3600 * 1000;
    return cert.verify(ca.publicKey) && Date.parse(cert.validTo) > inAWeek;
  } catch {
    return false;
  }
}

async function makeCertificates(): Promise<ServingCertificates> {
  const crypto = webcrypto;
  x509.cryptoProvider.set(webcrypto as never);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + tenYears);
  const caKeys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=starling-local-ca',
    notBefore,
    notAfter,
    signingAlgorithm: signing,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const keys = await crypto.subtle.generateKey(ecdsa, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=starling-local',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: signing,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    caPem: ca.toString('pem') + '\n',
    certPem: cert.toString('pem') + '\n',
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n',
  };
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive serial number
  return Buffer.from(bytes).toString('hex');
}

/** Writes a file so a reader sees the old content or the new, never half of it. */
export function writeAtomically(path: string, content: string, mode: number): void {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, content, { mode });
  renameSync(temp, path);
}

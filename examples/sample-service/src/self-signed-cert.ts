import { generate } from 'selfsigned';

export interface SelfSignedCertificate {
  /** PEM private key. */
  key: string;
  /** PEM certificate, also what a client trusts explicitly (`ca`). */
  cert: string;
}

/**
 * A self-signed certificate for 127.0.0.1, ::1 and localhost, valid `days` (90 by default); the
 * gateway's tests use this one too, and pass a small or negative `days` for near-expiry and
 * expired certificates.
 */
export async function makeSelfSignedCert(
  options: { days?: number; commonName?: string } = {},
): Promise<SelfSignedCertificate> {
  const days = options.days ?? 90;
  const notAfterDate = new Date(Date.now() + days * 86_400_000);
  // An expired certificate must also start in the past.
  const notBeforeDate = new Date(Math.min(Date.now(), notAfterDate.getTime()) - 86_400_000);
  const pems = await generate([{ name: 'commonName', value: options.commonName ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

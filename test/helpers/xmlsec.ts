/**
 * xmlsec1 (Debian package `xmlsec1`), the independent XML-DSig implementation our signatures are
 * checked against in both directions.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { webcrypto } from 'node:crypto';
import type { IssuedKey } from './signing-pki.ts';

const run = promisify(execFile);

export async function privateKeyPem(key: IssuedKey): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key.keys.privateKey));
  return `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
}

/** A signature template for xmlsec1 --sign (empty DigestValue/SignatureValue are filled in). */
export function signatureTemplate(options: {
  signatureMethod?: string;
  digestMethod?: string;
  references?: string[];
  /** SignedInfo canonicalisation; default exclusive C14N. */
  canonicalization?: string;
  /** Transforms after enveloped-signature; default [exclusive C14N]. */
  transforms?: string[];
}): string {
  const references = options.references ?? [''];
  const refs = references
    .map(
      (uri) =>
        `<Reference URI="${uri}"><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
        (options.transforms ?? ['http://www.w3.org/2001/10/xml-exc-c14n#'])
          .map((t) => `<Transform Algorithm="${t}"/>`)
          .join('') +
        `</Transforms>` +
        `<DigestMethod Algorithm="${options.digestMethod ?? 'http://www.w3.org/2001/04/xmlenc#sha256'}"/><DigestValue/></Reference>`,
    )
    .join('');
  return (
    `<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>` +
    `<CanonicalizationMethod Algorithm="${options.canonicalization ?? 'http://www.w3.org/2001/10/xml-exc-c14n#'}"/>` +
    `<SignatureMethod Algorithm="${options.signatureMethod ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'}"/>` +
    `${refs}</SignedInfo><SignatureValue/><KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo></Signature>`
  );
}

/** Inserts `template` as the last child of edXML:edXMLHeader and has xmlsec1 sign it. */
export async function xmlsecSign(
  packageXml: string,
  template: string,
  key: IssuedKey,
  chainPem: string,
  extraArgs: string[] = [],
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'lt-xmlsec-'));
  try {
    const withTemplate = packageXml.replace('</edXML:edXMLHeader>', `${template}</edXML:edXMLHeader>`);
    await writeFile(join(dir, 'in.xml'), withTemplate);
    await writeFile(join(dir, 'key.pem'), await privateKeyPem(key));
    await writeFile(join(dir, 'cert.pem'), key.certificate.toString('pem') + '\n' + chainPem);
    await run('xmlsec1', [
      '--sign',
      '--privkey-pem',
      `${join(dir, 'key.pem')},${join(dir, 'cert.pem')}`,
      ...extraArgs,
      '--output',
      join(dir, 'out.xml'),
      join(dir, 'in.xml'),
    ]);
    return await readFile(join(dir, 'out.xml'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `xmlsec1 --verify` with a trusted root and untrusted intermediates; true when it says OK. */
export async function xmlsecVerify(
  signed: Uint8Array,
  trustedPem: string,
  untrustedPem: string,
  extraArgs: string[] = [],
): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lt-xmlsec-'));
  try {
    await writeFile(join(dir, 'signed.xml'), signed);
    await writeFile(join(dir, 'root.pem'), trustedPem);
    await writeFile(join(dir, 'ca.pem'), untrustedPem);
    try {
      const { stdout, stderr } = await run('xmlsec1', [
        '--verify',
        '--trusted-pem',
        join(dir, 'root.pem'),
        '--untrusted-pem',
        join(dir, 'ca.pem'),
        ...extraArgs,
        join(dir, 'signed.xml'),
      ]);
      return { ok: /^OK/m.test(stdout + stderr), output: stdout + stderr };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

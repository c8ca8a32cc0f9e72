/**
 * Signs an edXML package with an enveloped XML-DSig signature placed where QCVN 102:2016 puts it:
 * the last child of edXML:edXMLHeader (after TraceHeaderList). Reference URI="" (the whole package,
 * attachments included), transforms enveloped-signature + exclusive C14N, SignedInfo canonicalised
 * with exclusive C14N, RSA-SHA256 (or the signer's ECDSA algorithm), and KeyInfo/X509Data with the
 * signer's subject name and the certificate chain.
 *
 * The key stays in the Signer (PKCS#12 or PKCS#11). The package is read twice when given as a file
 * (digest, then copy with the signature inserted), so memory stays flat for large packages.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { certificateDer, formatDistinguishedName, hashOf, nodeHashName, type Signer } from '../pki/index.ts';
import { DSIG_NS, ENVELOPED_SIGNATURE, EXC_C14N, digestMethodUri, signatureMethodUri } from './algorithms.ts';
import { Canonicalizer } from './canonicalizer.ts';
import { EdxmlScanner, scanInput } from './edxml-scanner.ts';
import { signatureErrors } from './errors.ts';
import { XmlSyntaxError } from './xml-tokenizer.ts';

function escapeXml(value: string): string {
  return value.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

function wrapBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Digest pass: canonical form of the package (no signature yet) and where the signature goes. */
async function digestPackage(
  input: Uint8Array | AsyncIterable<Uint8Array>,
  hashName: string,
): Promise<{ digest: Buffer; insertAt: number }> {
  const hash = createHash(hashName);
  const scanner = new EdxmlScanner({ canonicalizer: new Canonicalizer('exclusive', (d) => hash.update(d)) });
  try {
    await scanInput(scanner, input);
  } catch (err) {
    if (err instanceof XmlSyntaxError)
      throw signatureErrors.error(
        'trust.xml_invalid',
        { reason: err.message, code: err.code },
        { cause: err },
      );
    throw err;
  }
  if (!scanner.rootIsEdxml || !scanner.headerFound || scanner.headerEndOffset < 0)
    throw signatureErrors.error('trust.not_edxml');
  if (scanner.signature || scanner.issues.some((i) => i.kind !== 'comment_in_content'))
    throw signatureErrors.error('trust.already_signed');
  const comment = scanner.issues.find((i) => i.kind === 'comment_in_content');
  if (comment)
    throw signatureErrors.error('trust.xml_invalid', {
      reason: 'comments inside the package are not signed',
      ...comment,
    });
  return { digest: hash.digest(), insertAt: scanner.headerEndOffset };
}

/** Builds the Signature element for a digest. Exported for tests that craft variants. */
export async function buildSignatureElement(signer: Signer, digest: Uint8Array): Promise<string> {
  const digestUri = digestMethodUri(hashOf(signer.algorithm));
  // Written already in canonical form (exclusive C14N of SignedInfo adds only the XML-DSig default
  // namespace), so the bytes signed are exactly the canonical SignedInfo.
  const signedInfoBody =
    `<CanonicalizationMethod Algorithm="${EXC_C14N}"></CanonicalizationMethod>` +
    `<SignatureMethod Algorithm="${signatureMethodUri(signer.algorithm)}"></SignatureMethod>` +
    `<Reference URI=""><Transforms>` +
    `<Transform Algorithm="${ENVELOPED_SIGNATURE}"></Transform>` +
    `<Transform Algorithm="${EXC_C14N}"></Transform>` +
    `</Transforms><DigestMethod Algorithm="${digestUri}"></DigestMethod>` +
    `<DigestValue>${Buffer.from(digest).toString('base64')}</DigestValue></Reference>`;
  const canonicalSignedInfo = `<SignedInfo xmlns="${DSIG_NS}">${signedInfoBody}</SignedInfo>`;
  const value = await signer.sign(Buffer.from(canonicalSignedInfo, 'utf8'), { dsaEncoding: 'ieee-p1363' });
  // XML-DSig §4.4.4: X509SubjectName must name the certificate holding the validation key, so the
  // subject is given for the signer, RFC 4514 (most specific first, UID= and the other names Vietnamese
  // CAs use spelled by name); every certificate of the chain follows (leaf first).
  const certificates = [signer.certificate, ...signer.chain.filter((c) => c.subject !== c.issuer)];
  const x509 =
    `<X509SubjectName>${escapeXml(formatDistinguishedName(signer.certificate.subjectName))}</X509SubjectName>` +
    certificates.map((c) => `<X509Certificate>${wrapBase64(certificateDer(c))}</X509Certificate>`).join('');
  return (
    `<Signature xmlns="${DSIG_NS}"><SignedInfo>${signedInfoBody}</SignedInfo>` +
    `<SignatureValue>${wrapBase64(value)}</SignatureValue>` +
    `<KeyInfo><X509Data>${x509}</X509Data></KeyInfo></Signature>`
  );
}

/** Signs a package held in memory; returns the signed bytes. */
export async function signEdxml(bytes: Uint8Array, signer: Signer): Promise<Buffer> {
  const { digest, insertAt } = await digestPackage(bytes, nodeHashName(hashOf(signer.algorithm)));
  const signature = Buffer.from(await buildSignatureElement(signer, digest), 'utf8');
  return Buffer.concat([bytes.subarray(0, insertAt), signature, bytes.subarray(insertAt)]);
}

/** Inserts `insert` at byte `offset` of a stream. */
function insertAt(offset: number, insert: Buffer): Transform {
  let position = 0;
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!done && position + chunk.length >= offset) {
        const cut = offset - position;
        this.push(chunk.subarray(0, cut));
        this.push(insert);
        this.push(chunk.subarray(cut));
        done = true;
      } else this.push(chunk);
      position += chunk.length;
      callback();
    },
  });
}

/** Signs a package file into `outPath`, streaming (two reads of the input). */
export async function signEdxmlFile(inPath: string, outPath: string, signer: Signer): Promise<void> {
  const { digest, insertAt: offset } = await digestPackage(
    createReadStream(inPath, { highWaterMark: 256 * 1024 }),
    nodeHashName(hashOf(signer.algorithm)),
  );
  const signature = Buffer.from(await buildSignatureElement(signer, digest), 'utf8');
  const out = createWriteStream(outPath);
  await pipeline(createReadStream(inPath, { highWaterMark: 256 * 1024 }), insertAt(offset, signature), out);
  if (!out.closed) await once(out, 'close');
}

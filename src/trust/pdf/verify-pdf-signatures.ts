/**
 * Verifies every signature of a PDF and says, for each: who signed (certificate, chain, revocation
 * under the trust policy), when (claimed /M; trusted time from the RFC 3161 token for PAdES-B-T),
 * whether the signed bytes are intact, and whether the document changed after that signature: later
 * revisions may only add signatures (ISO 32000-1 §12.8; the Decree 30 flow leader → agency), any other
 * change (new content, changed objects, a revision nobody signed) is reported and makes it invalid.
 * Outcomes are values, never exceptions.
 */
import 'reflect-metadata';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash, X509Certificate as NodeX509, verify as nodeVerify } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, type PDFObject } from 'pdf-lib';
import {
  validateCertificatePath,
  verifyTimestampToken,
  type CertificatePurpose,
  type RevocationResult,
  type TrustPolicy,
} from '../pki/index.ts';
import type { SignatureProblem, SignatureStatus, SignerSummary } from '../xmldsig/index.ts';
import { OID, hashNameOfOid } from './cades-signature.ts';
import { byteRangeOf, findSignatureFields, textOf } from './pdf-structure.ts';

export interface PdfSignatureReport {
  readonly field: string | undefined;
  readonly status: SignatureStatus;
  readonly signer: SignerSummary | undefined;
  readonly subFilter: string | undefined;
  readonly level: 'B-B' | 'B-T' | undefined;
  /** /M of the signature dictionary (claimed by the signer, not proven). */
  readonly claimedTime: string | undefined;
  /** genTime of the signature time-stamp (PAdES-B-T), proven by the TSA. */
  readonly timestampTime: string | undefined;
  readonly byteRange: readonly number[] | undefined;
  readonly coversWholeDocument: boolean;
  /** 'none': nothing after; 'signatures-only': later revisions only add signatures; 'changed': anything else. */
  readonly modifiedAfter: 'none' | 'signatures-only' | 'changed';
  readonly changes: readonly string[];
  readonly chain: readonly string[];
  readonly hierarchy: string | undefined;
  readonly revocation: RevocationResult | undefined;
  readonly problems: readonly SignatureProblem[];
}

export interface PdfVerificationReport {
  readonly status: SignatureStatus;
  readonly signatures: readonly PdfSignatureReport[];
  readonly problems: readonly SignatureProblem[];
}

export interface VerifyPdfOptions {
  readonly policy: TrustPolicy;
  /** Time for path validation when no time-stamp proves one; default now. */
  readonly at?: Date;
  readonly purpose?: CertificatePurpose;
}

const TEXT: Record<string, { vi: string; en: string }> = {
  'pdf.unreadable': { vi: 'Không đọc được tệp PDF', en: 'The PDF cannot be read' },
  'pdf.byte_range_invalid': {
    vi: 'ByteRange không hợp lệ (không bao đúng phần ngoài chữ ký)',
    en: 'Invalid ByteRange (does not exactly exclude the signature value)',
  },
  'pdf.cms_invalid': { vi: 'Chữ ký CMS không hợp lệ', en: 'Invalid CMS signature' },
  'pdf.digest_mismatch': {
    vi: 'Tài liệu đã bị sửa trong phần được ký (sai giá trị băm)',
    en: 'The signed bytes were changed (digest mismatch)',
  },
  'pdf.signature_mismatch': { vi: 'Giá trị chữ ký không đúng', en: 'The signature value does not verify' },
  'pdf.signing_certificate_mismatch': {
    vi: 'Thuộc tính signing-certificate không khớp chứng thư người ký',
    en: 'The signing-certificate attribute does not match the signer certificate',
  },
  'pdf.signing_certificate_missing': {
    vi: 'Thiếu thuộc tính signing-certificate-v2 (bắt buộc với PAdES)',
    en: 'signing-certificate-v2 attribute missing (required by PAdES)',
  },
  'pdf.signing_time_attribute': {
    vi: 'PAdES-B không được có thuộc tính signing-time (thời gian ký nằm ở /M)',
    en: 'PAdES-B must not carry a signing-time attribute (the time belongs in /M)',
  },
  'pdf.not_pades': {
    vi: 'Không phải chữ ký PAdES (SubFilter khác ETSI.CAdES.detached)',
    en: 'Not a PAdES signature (SubFilter is not ETSI.CAdES.detached)',
  },
  'pdf.timestamp_invalid': { vi: 'Dấu thời gian không hợp lệ', en: 'Invalid signature time-stamp' },
  'pdf.modified_after_signing': {
    vi: 'Tài liệu đã bị thay đổi sau khi ký (không chỉ thêm chữ ký)',
    en: 'The document was changed after this signature (not only signatures added)',
  },
  'pdf.path_validation_failed': {
    vi: 'Không kiểm tra được chuỗi chứng thư',
    en: 'The certificate path could not be checked',
  },
};

function problem(
  code: string,
  severity: 'error' | 'warning' = 'error',
  details?: Record<string, unknown>,
): SignatureProblem {
  const text = TEXT[code] ?? { vi: code, en: code };
  return { code, severity, vi: text.vi, en: text.en, ...(details ? { details } : {}) };
}

function bytesOf(object: PDFObject | undefined): Buffer {
  if (!object) return Buffer.alloc(0);
  const buffer = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return Buffer.from(buffer);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function rfc4514(name: string): string {
  return name.split('\n').join(', ');
}

function summarise(certificate: NodeX509): SignerSummary {
  return {
    subject: rfc4514(certificate.subject),
    issuer: rfc4514(certificate.issuer),
    serialNumber: certificate.serialNumber.toLowerCase(),
    notBefore: new Date(certificate.validFrom).toISOString(),
    notAfter: new Date(certificate.validTo).toISOString(),
    fingerprint: certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
}

/** PDF date → ISO 8601 (D:YYYYMMDDHHmmSS+07'00'). */
function pdfDateToIso(value: string | undefined): string | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([+\-Z])(\d{2})?'?(\d{2})?'?)?/.exec(
    value ?? '',
  );
  if (!m) return undefined;
  const offset = m[7] === '+' || m[7] === '-' ? `${m[7]}${m[8] ?? '00'}:${m[9] ?? '00'}` : 'Z';
  const date = new Date(
    `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${offset}`,
  );
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

interface CmsCheck {
  problems: SignatureProblem[];
  signer?: NodeX509;
  intermediates: Uint8Array[];
  signatureValue?: Uint8Array;
  timestampToken?: Uint8Array;
}

/** Checks the CMS SignedData against the ByteRange digest: attributes, signature, signer certificate. */
function checkCms(cms: Uint8Array, signedBytes: (hash: string) => Buffer): CmsCheck {
  const out: CmsCheck = { problems: [], intermediates: [] };
  let signedData: pkijs.SignedData;
  try {
    const parsed = asn1js.fromBER(toArrayBuffer(cms));
    if (parsed.offset === -1) throw new Error('not DER');
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (err) {
    out.problems.push(
      problem('pdf.cms_invalid', 'error', { reason: err instanceof Error ? err.message : String(err) }),
    );
    return out;
  }
  const signerInfo = signedData.signerInfos[0];
  if (signedData.signerInfos.length !== 1 || !signerInfo) {
    out.problems.push(problem('pdf.cms_invalid', 'error', { reason: 'exactly one SignerInfo expected' }));
    return out;
  }
  const certificates = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const ders = certificates.map((c) => new Uint8Array(c.toSchema().toBER(false)));
  let signerIndex = -1;
  const sid = signerInfo.sid as unknown;
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    signerIndex = certificates.findIndex(
      (c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
    );
  else if (sid instanceof asn1js.Primitive) {
    const ski = Buffer.from(sid.valueBlock.valueHexView);
    signerIndex = certificates.findIndex((c) => {
      const ext = c.extensions?.find((e) => e.extnID === '2.5.29.14');
      const value = ext ? asn1js.fromBER(ext.extnValue.valueBlock.valueHexView).result : undefined;
      return value instanceof asn1js.OctetString && Buffer.from(value.valueBlock.valueHexView).equals(ski);
    });
  }
  const signerDer = ders[signerIndex];
  if (!signerDer) {
    out.problems.push(problem('pdf.cms_invalid', 'error', { reason: 'signer certificate not in the CMS' }));
    return out;
  }
  const signer = new NodeX509(signerDer);
  out.signer = signer;
  out.intermediates = ders.filter((_, i) => i !== signerIndex);

  const hash = hashNameOfOid(signerInfo.digestAlgorithm.algorithmId);
  if (!hash) {
    out.problems.push(
      problem('pdf.cms_invalid', 'error', { reason: `digest ${signerInfo.digestAlgorithm.algorithmId}` }),
    );
    return out;
  }
  if (hash === 'sha1')
    out.problems.push(problem('pdf.cms_invalid', 'warning', { reason: 'SHA-1 digest (weak)' }));
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  // pkijs types attribute values as any: read them as asn1js values.
  const find = (oid: string): { values: asn1js.AsnType[] } | undefined =>
    attributes.find((a) => a.type === oid);
  const messageDigest = find(OID.messageDigest)?.values[0];
  const contentType = find(OID.contentType)?.values[0];
  if (
    !signerInfo.signedAttrs ||
    !(messageDigest instanceof asn1js.OctetString) ||
    !(contentType instanceof asn1js.ObjectIdentifier)
  ) {
    out.problems.push(
      problem('pdf.cms_invalid', 'error', { reason: 'content-type and message-digest attributes required' }),
    );
    return out;
  }
  if (!Buffer.from(messageDigest.valueBlock.valueHexView).equals(signedBytes(hash)))
    out.problems.push(problem('pdf.digest_mismatch'));
  if (find(OID.signingTime)) out.problems.push(problem('pdf.signing_time_attribute', 'warning'));

  // ESS signing-certificate(-v2): binds the signer certificate into what is signed (RFC 5035).
  const v2 = find(OID.signingCertificateV2)?.values[0];
  const v1 = find(OID.signingCertificate)?.values[0];
  const essList = v2 ?? v1;
  if (!essList) out.problems.push(problem('pdf.signing_certificate_missing'));
  else {
    try {
      const first = ((essList as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock
        .value[0] as asn1js.Sequence;
      const items = first.valueBlock.value;
      let certHashAlgorithm = v2 ? 'sha256' : 'sha1';
      let hashItem = items[0];
      if (v2 && items[0] instanceof asn1js.Sequence) {
        const algorithm = new pkijs.AlgorithmIdentifier({ schema: items[0] });
        certHashAlgorithm = hashNameOfOid(algorithm.algorithmId) ?? 'unknown';
        hashItem = items[1];
      }
      const expected = createHash(certHashAlgorithm).update(signerDer).digest();
      if (
        !(hashItem instanceof asn1js.OctetString) ||
        !Buffer.from(hashItem.valueBlock.valueHexView).equals(expected)
      )
        out.problems.push(problem('pdf.signing_certificate_mismatch'));
    } catch {
      out.problems.push(problem('pdf.signing_certificate_mismatch'));
    }
  }

  // RFC 5652 §5.4: the signature is over the DER of the signed attributes with a SET OF tag.
  const encoded = new Uint8Array(signerInfo.signedAttrs.encodedValue);
  encoded[0] = 0x31;
  const signatureValue = new Uint8Array(signerInfo.signature.valueBlock.valueHexView);
  out.signatureValue = signatureValue;
  const key = signer.publicKey;
  let ok = false;
  try {
    ok = nodeVerify(
      hash,
      encoded,
      key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key,
      signatureValue,
    );
  } catch {
    ok = false;
  }
  if (!ok) out.problems.push(problem('pdf.signature_mismatch'));
  const tokenAttribute = signerInfo.unsignedAttrs?.attributes.find(
    (a) => a.type === OID.signatureTimeStampToken,
  ) as { values: asn1js.AsnType[] } | undefined;
  const token = tokenAttribute?.values[0];
  if (token) out.timestampToken = new Uint8Array(token.toBER(false));
  return out;
}

/** What changed between the revision a signature covers and the final document. */
async function changesAfter(
  prefix: Uint8Array,
  full: PDFDocument,
): Promise<{ changes: string[]; newSignatures: number }> {
  let before: PDFDocument;
  try {
    before = await PDFDocument.load(prefix, { updateMetadata: false });
  } catch {
    return { changes: ['the signed revision cannot be parsed on its own'], newSignatures: 0 };
  }
  const changes: string[] = [];
  let newSignatures = 0;
  const isSigWidget = (ref: PDFObject | undefined): boolean => {
    const dict = ref instanceof PDFRef ? full.context.lookupMaybe(ref, PDFDict) : undefined;
    return dict?.get(PDFName.of('FT')) === PDFName.of('Sig');
  };
  const acroFormRef = full.catalog.get(PDFName.of('AcroForm'));
  for (const [ref, object] of full.context.enumerateIndirectObjects()) {
    const previous = before.context.lookup(ref);
    if (previous === undefined) {
      if (object instanceof PDFDict && object.get(PDFName.of('FT')) === PDFName.of('Sig')) newSignatures++;
      continue; // New objects matter only once something existing points at them (checked below).
    }
    if (bytesOf(previous).equals(bytesOf(object))) continue;
    const label = `${ref.objectNumber} ${ref.generationNumber} R`;
    if (object instanceof PDFDict && previous instanceof PDFDict) {
      const type = object.get(PDFName.of('Type'));
      const keys = new Set([...object.keys(), ...previous.keys()].map((k) => k.asString()));
      const changedKeys = [...keys].filter(
        (k) =>
          !bytesOf(object.get(PDFName.of(k.slice(1)))).equals(bytesOf(previous.get(PDFName.of(k.slice(1))))),
      );
      let allowed: string[] = [];
      if (type === PDFName.of('Page')) allowed = ['/Annots'];
      else if (type === PDFName.of('Catalog')) allowed = ['/AcroForm', '/DSS'];
      else if (acroFormRef instanceof PDFRef && acroFormRef === ref)
        allowed = ['/Fields', '/SigFlags', '/DR', '/DA'];
      else if (object.get(PDFName.of('FT')) === PDFName.of('Sig')) allowed = ['/V', '/AP'];
      const bad = changedKeys.filter((k) => !allowed.includes(k));
      if (bad.length > 0) changes.push(`${label}: ${bad.join(', ')} changed`);
      if (changedKeys.includes('/Annots')) {
        const now = object.lookupMaybe(PDFName.of('Annots'), PDFArray);
        const was = previous.get(PDFName.of('Annots'));
        const wasArray =
          was instanceof PDFRef
            ? before.context.lookupMaybe(was, PDFArray)
            : was instanceof PDFArray
              ? was
              : undefined;
        const oldItems = new Set((wasArray?.asArray() ?? []).map((i) => bytesOf(i).toString('latin1')));
        for (const item of now?.asArray() ?? [])
          if (!oldItems.has(bytesOf(item).toString('latin1')) && !isSigWidget(item))
            changes.push(`${label}: annotation added`);
      }
    } else if (object instanceof PDFArray && previous instanceof PDFArray) {
      // Annots or Fields arrays kept as their own objects: only signature fields may be appended.
      const old = previous.asArray().map((i) => bytesOf(i).toString('latin1'));
      const now = object.asArray();
      const prefixKept = old.every((item, i) => bytesOf(now[i]).toString('latin1') === item);
      if (!prefixKept || now.slice(old.length).some((item) => !isSigWidget(item)))
        changes.push(`${label}: array changed`);
    } else {
      changes.push(`${label}: object changed`);
    }
  }
  return { changes, newSignatures };
}

/** Offsets just after each %%EOF marker (revision ends), with the end-of-line that follows. */
function revisionEnds(pdf: Uint8Array): number[] {
  const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const ends: number[] = [];
  for (let i = buffer.indexOf('%%EOF'); i !== -1; i = buffer.indexOf('%%EOF', i + 5)) {
    let end = i + 5;
    if (buffer[end] === 0x0d) end++;
    if (buffer[end] === 0x0a) end++;
    ends.push(end);
  }
  return ends;
}

export async function verifyPdfSignatures(
  pdf: Uint8Array,
  options: VerifyPdfOptions,
): Promise<PdfVerificationReport> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  } catch (err) {
    return {
      status: 'invalid',
      signatures: [],
      problems: [
        problem('pdf.unreadable', 'error', { reason: err instanceof Error ? err.message : String(err) }),
      ],
    };
  }
  const fields = findSignatureFields(doc).filter((f) => f.signature && byteRangeOf(f.signature));
  const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const ends = revisionEnds(pdf);
  const coverages = fields.map((f) => {
    const range = byteRangeOf(f.signature as PDFDict) ?? [];
    return (range[2] ?? 0) + (range[3] ?? 0);
  });
  const reports: PdfSignatureReport[] = [];
  for (const field of fields) {
    const signature = field.signature as PDFDict;
    const problems: SignatureProblem[] = [];
    const range = byteRangeOf(signature) ?? [];
    const subFilter = signature.lookupMaybe(PDFName.of('SubFilter'), PDFName)?.decodeText();
    const claimedTime = pdfDateToIso(textOf(signature.get(PDFName.of('M'))));
    const [start, length1, start2, length2] = range as [number, number, number, number];
    const coverage = start2 + length2;
    const gapOk =
      range.length === 4 &&
      start === 0 &&
      length1 > 0 &&
      start2 > length1 &&
      coverage <= pdf.length &&
      buffer[length1] === 0x3c &&
      buffer[start2 - 1] === 0x3e &&
      /^[0-9a-fA-F]*$/.test(buffer.toString('latin1', length1 + 1, start2 - 1));
    const base = {
      field: field.name,
      subFilter,
      claimedTime,
      byteRange: range,
      chain: [] as string[],
      hierarchy: undefined,
      revocation: undefined,
    };
    if (!gapOk) {
      problems.push(problem('pdf.byte_range_invalid', 'error', { byteRange: range }));
      reports.push({
        ...base,
        status: 'invalid',
        signer: undefined,
        level: undefined,
        timestampTime: undefined,
        coversWholeDocument: false,
        modifiedAfter: 'changed',
        changes: [],
        problems,
      });
      continue;
    }
    if (subFilter !== 'ETSI.CAdES.detached')
      problems.push(problem('pdf.not_pades', 'warning', { subFilter }));
    const gap = Buffer.from(buffer.toString('latin1', length1 + 1, start2 - 1), 'hex');
    // The excluded gap must be this dictionary's own /Contents, not another signature's bytes.
    const contents = signature.get(PDFName.of('Contents'));
    if (!(contents instanceof PDFHexString) || !Buffer.from(contents.asBytes()).equals(gap))
      problems.push(
        problem('pdf.byte_range_invalid', 'error', {
          reason: "the ByteRange gap is not this signature's /Contents",
        }),
      );
    const cms = Buffer.from(buffer.toString('latin1', length1 + 1, start2 - 1).replace(/(00)+$/, ''), 'hex');
    const check = checkCms(cms, (hash) =>
      createHash(hash).update(buffer.subarray(0, length1)).update(buffer.subarray(start2, coverage)).digest(),
    );
    problems.push(...check.problems);

    let timestampTime: string | undefined;
    if (check.timestampToken && check.signatureValue) {
      try {
        const token = await verifyTimestampToken(check.timestampToken, check.signatureValue, {
          trustPolicy: options.policy,
        });
        timestampTime = token.genTime.toISOString();
      } catch (err) {
        problems.push(
          problem('pdf.timestamp_invalid', 'error', {
            reason: err instanceof Error ? err.message : String(err),
          }),
        );
      }
    }

    // Changes after this signature: nothing, only later signatures, or anything else.
    const coversWholeDocument = coverage === pdf.length;
    let modifiedAfter: PdfSignatureReport['modifiedAfter'] = 'none';
    const changes: string[] = [];
    if (!coversWholeDocument && !/^\s*$/.test(buffer.toString('latin1', coverage))) {
      const later = await changesAfter(pdf.subarray(0, coverage), doc);
      changes.push(...later.changes);
      // Every later revision must end where a later signature's coverage ends.
      for (const end of ends.filter((e) => e > coverage + 2)) {
        if (!coverages.some((c) => Math.abs(c - end) <= 2))
          changes.push(`revision ending at byte ${end} is not signed`);
      }
      modifiedAfter = changes.length > 0 ? 'changed' : 'signatures-only';
      if (changes.length > 0) problems.push(problem('pdf.modified_after_signing', 'error', { changes }));
    }

    let path: Awaited<ReturnType<typeof validateCertificatePath>> | undefined;
    if (check.signer) {
      try {
        path = await validateCertificatePath(new Uint8Array(check.signer.raw), {
          policy: options.policy,
          at: timestampTime ? new Date(timestampTime) : (options.at ?? new Date()),
          purpose: options.purpose ?? 'document-signing',
          intermediates: check.intermediates,
        });
        for (const p of path.problems)
          problems.push({
            code: `certificate.${p.code}`,
            severity: p.severity,
            vi: p.vi,
            en: p.en,
            ...(p.subject ? { details: { subject: p.subject } } : {}),
          });
      } catch (err) {
        problems.push(
          problem('pdf.path_validation_failed', 'error', {
            reason: err instanceof Error ? err.message : String(err),
          }),
        );
      }
    }
    const ownErrors = problems.filter(
      (p) =>
        p.severity === 'error' &&
        !p.code.startsWith('certificate.') &&
        p.code !== 'pdf.path_validation_failed',
    );
    let status: SignatureStatus;
    if (ownErrors.length > 0 || !check.signer) status = 'invalid';
    else if (!path) status = 'indeterminate';
    else if (path.valid) status = 'valid';
    else
      status = path.problems
        .filter((p) => p.severity === 'error')
        .every((p) => p.code === 'revocation_unknown')
        ? 'indeterminate'
        : 'invalid';
    reports.push({
      ...base,
      status,
      signer: check.signer ? summarise(check.signer) : undefined,
      level: check.timestampToken ? 'B-T' : 'B-B',
      timestampTime,
      coversWholeDocument,
      modifiedAfter,
      changes,
      chain: (path?.chain ?? []).map((c) => c.subject),
      hierarchy: path?.hierarchy,
      revocation: path?.revocation,
      problems,
    });
  }
  reports.sort(
    (a, b) =>
      (a.byteRange?.[2] ?? 0) + (a.byteRange?.[3] ?? 0) - ((b.byteRange?.[2] ?? 0) + (b.byteRange?.[3] ?? 0)),
  );

  const documentProblems: SignatureProblem[] = [];
  // Bytes after the last signed revision that no signature covers (an unsigned revision on top).
  const lastCoverage = Math.max(0, ...coverages);
  if (
    reports.length > 0 &&
    lastCoverage < pdf.length &&
    !/^\s*$/.test(buffer.toString('latin1', lastCoverage))
  )
    documentProblems.push(
      problem('pdf.modified_after_signing', 'error', { unsignedBytes: pdf.length - lastCoverage }),
    );
  const statuses = reports.map((r) => r.status);
  const status: SignatureStatus =
    reports.length === 0
      ? 'unsigned'
      : statuses.includes('invalid') || documentProblems.length > 0
        ? 'invalid'
        : statuses.includes('indeterminate')
          ? 'indeterminate'
          : 'valid';
  return { status, signatures: reports, problems: documentProblems };
}

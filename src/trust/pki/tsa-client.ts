import 'reflect-metadata';
import * as asn1js from 'asn1js';
import { createHash, randomBytes, verify as nodeVerify, X509Certificate as NodeX509 } from 'node:crypto';
import * as pkijs from 'pkijs';
import { parseCertificate } from './certificates.ts';
import { pkiErrors } from './errors.ts';
import './revocation.ts'; // installs the pkijs crypto engine
import type { HashAlgorithm } from './signer.ts';
import { nodeHashName } from './signer.ts';
import type { TimestampToken } from './tsa-types.ts';
import type { TrustPolicy } from './trust-policy.ts';
import { validateCertificatePath } from './validate-certificate-path.ts';

export interface TimestampRequestOptions {
  /** TSA URL (config.tsaUrl). */
  readonly url: string;
  /** Hash of the message imprint; default SHA-256. */
  readonly hash?: HashAlgorithm;
  /** TSA policy OID to request (optional). */
  readonly reqPolicy?: string;
  /** Validate the TSA certificate path under this policy (purpose 'tsa'); invalid → error. */
  readonly trustPolicy?: TrustPolicy;
  readonly timeoutMs?: number;
}

const HASH_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};
const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const ID_CT_TSTINFO = '1.2.840.113549.1.9.16.1.4';
const SIGNING_CERTIFICATE = '1.2.840.113549.1.9.16.2.12';
const SIGNING_CERTIFICATE_V2 = '1.2.840.113549.1.9.16.2.47';
const MAX_RESPONSE_BYTES = 1024 * 1024;

type Imprint = Uint8Array | { digest: Uint8Array };

function hashOfOid(oid: string): HashAlgorithm | undefined {
  return (Object.keys(HASH_OIDS) as HashAlgorithm[]).find((h) => HASH_OIDS[h] === oid);
}

function digestOf(data: Imprint, hash: HashAlgorithm): Uint8Array {
  return 'digest' in data
    ? data.digest
    : new Uint8Array(createHash(nodeHashName(hash)).update(data).digest());
}

function invalid(reason: string, details: Record<string, unknown> = {}): never {
  throw pkiErrors.error('trust.tsa_response_invalid', { reason, ...details });
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;

/**
 * RFC 5035 / RFC 5816: the token's signed ESS signing-certificate attribute names the TSA
 * certificate by hash, so a token cannot be re-attributed to another certificate of the same key.
 */
function checkEssCertId(signerInfo: pkijs.SignerInfo, tsaDer: Uint8Array): void {
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const attribute = attributes.find(
    (a) => a.type === SIGNING_CERTIFICATE_V2 || a.type === SIGNING_CERTIFICATE,
  );
  if (!attribute) invalid('no ESS signing-certificate attribute');
  const value = attribute.values[0] as asn1js.Sequence | undefined;
  const certs = value?.valueBlock.value[0] as asn1js.Sequence | undefined;
  const first = certs?.valueBlock.value[0] as asn1js.Sequence | undefined;
  if (!first) invalid('empty ESS signing-certificate attribute');
  let hash = attribute.type === SIGNING_CERTIFICATE ? 'sha1' : 'sha256';
  let index = 0;
  const head = first.valueBlock.value[0];
  if (attribute.type === SIGNING_CERTIFICATE_V2 && head instanceof asn1js.Sequence) {
    const oid = (head.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString();
    const named = hashOfOid(oid);
    if (!named) invalid('unsupported ESS hash', { oid });
    hash = nodeHashName(named);
    index = 1;
  }
  const certHash = first.valueBlock.value[index] as asn1js.OctetString | undefined;
  const expected = createHash(hash).update(tsaDer).digest();
  if (!certHash || !Buffer.from(certHash.valueBlock.valueHexView).equals(expected)) {
    invalid('ESS signing-certificate does not match the TSA certificate');
  }
}

const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const SIGNATURE_HASH: Record<string, 'sha256' | 'sha384' | 'sha512' | undefined> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/**
 * Verifies the CMS signature of a token (RFC 5652 §5.4): messageDigest over the TSTInfo, then the
 * signature over the DER SET of signed attributes, with node:crypto. (pkijs's SignedData.verify
 * insists on the original data for TSTInfo content, which a verifier holding only a digest lacks.)
 * Returns the signer certificate's DER.
 */
function verifyCmsSignature(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): Uint8Array {
  const certificates = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const sid = signerInfo.sid as unknown;
  const signer = certificates.find((c) => {
    if (sid instanceof pkijs.IssuerAndSerialNumber)
      return c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber);
    const keyId = (sid as asn1js.Constructed | undefined)?.valueBlock;
    const skiBytes =
      keyId && 'valueHexView' in keyId
        ? (keyId as unknown as { valueHexView: Uint8Array }).valueHexView
        : undefined;
    const ski = c.extensions?.find((e) => e.extnID === '2.5.29.14');
    return (
      !!skiBytes &&
      !!ski &&
      Buffer.from(ski.extnValue.valueBlock.valueHexView).subarray(2).equals(Buffer.from(skiBytes))
    );
  });
  if (!signer) invalid('TSA certificate missing from the token (certReq)');
  const digestHash = hashOfOid(signerInfo.digestAlgorithm.algorithmId);
  if (!digestHash || !signerInfo.signedAttrs) invalid('unsupported digest or no signed attributes');
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) invalid('TSTInfo missing');
  const messageDigest = signerInfo.signedAttrs.attributes.find((a) => a.type === MESSAGE_DIGEST)
    ?.values[0] as asn1js.OctetString | undefined;
  const contentDigest = createHash(nodeHashName(digestHash))
    .update(new Uint8Array(eContent.getValue()))
    .digest();
  if (!messageDigest || !Buffer.from(messageDigest.valueBlock.valueHexView).equals(contentDigest)) {
    invalid('signature of the token is invalid: messageDigest does not match the TSTInfo');
  }
  // RFC 5652 §5.4: the signature covers the signed attributes DER-encoded as a SET (tag 0x31).
  const signedAttributes = Buffer.from(signerInfo.signedAttrs.encodedValue);
  signedAttributes[0] = 0x31;
  const algorithm = signerInfo.signatureAlgorithm.algorithmId;
  const hash = algorithm === RSA_ENCRYPTION ? nodeHashName(digestHash) : SIGNATURE_HASH[algorithm];
  if (!hash) invalid('unsupported signature algorithm', { algorithm });
  const der = new Uint8Array(signer.toSchema().toBER());
  const publicKey = new NodeX509(der).publicKey;
  const ok = nodeVerify(
    hash,
    signedAttributes,
    { key: publicKey, ...(publicKey.asymmetricKeyType === 'ec' ? { dsaEncoding: 'der' as const } : {}) },
    Buffer.from(signerInfo.signature.valueBlock.valueHexView),
  );
  if (!ok) invalid('signature of the token is invalid');
  return der;
}

/**
 * Verifies a time-stamp token (DER ContentInfo) against the data it should cover: CMS signature,
 * message imprint, ESS certificate binding, optional nonce, and the TSA certificate path (purpose
 * 'tsa', at genTime) when a trust policy is given. Throws `trust.tsa_response_invalid`.
 */
export async function verifyTimestampToken(
  token: Uint8Array,
  data: Imprint,
  options: { trustPolicy?: TrustPolicy; nonce?: Uint8Array } = {},
): Promise<TimestampToken> {
  let signedData: pkijs.SignedData;
  let tstInfo: pkijs.TSTInfo;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(token));
    if (contentInfo.contentType !== ID_SIGNED_DATA) invalid('not a CMS SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== ID_CT_TSTINFO) invalid('content is not a TSTInfo');
    const eContent = signedData.encapContentInfo.eContent;
    if (!eContent) invalid('TSTInfo missing');
    tstInfo = pkijs.TSTInfo.fromBER(toArrayBuffer(new Uint8Array(eContent.getValue())));
  } catch (err) {
    if (pkiErrors.is(err)) throw err;
    invalid('token cannot be parsed');
  }
  const hash = hashOfOid(tstInfo.messageImprint.hashAlgorithm.algorithmId);
  if (!hash) invalid('unsupported imprint hash', { oid: tstInfo.messageImprint.hashAlgorithm.algorithmId });
  const expected = digestOf(data, hash);
  if (
    !Buffer.from(tstInfo.messageImprint.hashedMessage.valueBlock.valueHexView).equals(Buffer.from(expected))
  ) {
    invalid('message imprint does not match the data');
  }
  if (options.nonce) {
    const nonce = tstInfo.nonce ? Buffer.from(tstInfo.nonce.valueBlock.valueHexView) : undefined;
    if (!nonce || !nonce.equals(Buffer.from(options.nonce)))
      invalid('nonce does not match the request (replayed response?)');
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo || signedData.signerInfos.length !== 1)
    invalid('a time-stamp token has exactly one signer');
  const tsaDer = verifyCmsSignature(signedData, signerInfo);
  checkEssCertId(signerInfo, tsaDer);
  const tsaCertificate = parseCertificate(tsaDer);
  const others = (signedData.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((c) => new Uint8Array(c.toSchema().toBER()));
  const tsaValidation = options.trustPolicy
    ? await validateCertificatePath(tsaCertificate, {
        policy: options.trustPolicy,
        purpose: 'tsa',
        at: tstInfo.genTime,
        intermediates: others,
      })
    : undefined;
  if (tsaValidation && !tsaValidation.valid) {
    invalid('TSA certificate is not trusted', { problems: tsaValidation.problems.map((p) => p.code) });
  }
  return {
    token,
    genTime: tstInfo.genTime,
    serialNumber: Buffer.from(tstInfo.serialNumber.valueBlock.valueHexView).toString('hex'),
    policy: tstInfo.policy,
    hash,
    imprint: expected,
    tsaCertificate,
    tsaValidation,
  };
}

/**
 * RFC 3161: asks the TSA for a time-stamp over `data` (hashed here) or over a precomputed
 * `{ digest }`, with a fresh nonce and certReq, and verifies the response (status, imprint, nonce,
 * signature, TSA certificate). Throws `trust.tsa_*` errors when the TSA fails or lies.
 */
export async function requestTimestamp(
  data: Imprint,
  options: TimestampRequestOptions,
): Promise<TimestampToken> {
  if (!options.url) throw pkiErrors.error('trust.tsa_not_configured');
  const hash = options.hash ?? 'SHA-256';
  const digest = digestOf(data, hash);
  // A positive 64-bit nonce (high bit clear so the INTEGER needs no sign byte).
  const nonce = new Uint8Array(randomBytes(8));
  nonce[0] = ((nonce[0] ?? 0) & 0x7f) | 0x01;
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({
        algorithmId: HASH_OIDS[hash],
        algorithmParams: new asn1js.Null(),
      }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
    ...(options.reqPolicy ? { reqPolicy: options.reqPolicy } : {}),
  });
  const body = new Uint8Array(request.toSchema().toBER());
  let der: Uint8Array;
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const buffer = await response.arrayBuffer();
    if (buffer.byteLength > MAX_RESPONSE_BYTES) throw new Error('response too large');
    der = new Uint8Array(buffer);
  } catch (cause) {
    throw pkiErrors.error('trust.tsa_unreachable', { url: options.url }, { cause });
  }
  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(toArrayBuffer(der));
  } catch {
    invalid('response cannot be parsed');
  }
  const status = Number(response.status.status);
  // RFC 3161 §2.4.2: 0 granted, 1 grantedWithMods; anything else carries no token.
  if ((status !== 0 && status !== 1) || !response.timeStampToken) {
    throw pkiErrors.error('trust.tsa_rejected', {
      status,
      statusText: response.status.statusStrings?.map((s) => s.valueBlock.value).join('; '),
    });
  }
  const token = new Uint8Array(response.timeStampToken.toSchema().toBER());
  const parsed = await verifyTimestampToken(token, { digest }, { ...options, nonce });
  if (parsed.hash !== hash) invalid('TSA answered with another hash algorithm');
  return parsed;
}

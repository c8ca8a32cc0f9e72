/**
 * CMS SignedData for PAdES baseline signatures (ETSI EN 319 142-1, SubFilter ETSI.CAdES.detached),
 * built with pkijs/asn1js and signed through trust/pki's Signer, so PKCS#11 keys work the same as
 * PKCS#12 files.
 *
 * ETSI EN 319 142-1 §6.3 (PAdES-B-B): signed attributes content-type, message-digest and
 * signing-certificate-v2 (ESS, RFC 5035); the claimed signing time goes in the signature
 * dictionary's /M, and a signing-time attribute must NOT be present. PAdES-B-T adds the
 * signature-time-stamp unsigned attribute (RFC 3161 token over the SignatureValue).
 */
import 'reflect-metadata';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash } from 'node:crypto';
import { certificateDer, type HashAlgorithm, type Signer } from '../pki/index.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha1: '1.3.14.3.2.26',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
} as const;

export const HASH_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': OID.sha256,
  'SHA-384': OID.sha384,
  'SHA-512': OID.sha512,
};

export function hashNameOfOid(oid: string): 'sha1' | 'sha256' | 'sha384' | 'sha512' | undefined {
  return oid === OID.sha256
    ? 'sha256'
    : oid === OID.sha384
      ? 'sha384'
      : oid === OID.sha512
        ? 'sha512'
        : oid === OID.sha1
          ? 'sha1'
          : undefined;
}

function signatureAlgorithmOid(signer: Signer): string {
  switch (signer.algorithm) {
    case 'RSA-SHA256':
      return OID.sha256WithRsa;
    case 'RSA-SHA384':
      return OID.sha384WithRsa;
    case 'RSA-SHA512':
      return OID.sha512WithRsa;
    case 'ECDSA-SHA256':
      return OID.ecdsaSha256;
    case 'ECDSA-SHA384':
      return OID.ecdsaSha384;
    case 'ECDSA-SHA512':
      return OID.ecdsaSha512;
  }
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function parseCertificate(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** ESS signing-certificate-v2 (RFC 5035): SHA-256 of the signer's certificate plus issuer/serial. */
function signingCertificateV2(certificate: pkijs.Certificate, der: Uint8Array): asn1js.Sequence {
  const certHash = createHash('sha256').update(der).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          // GeneralName directoryName [4] EXPLICIT Name
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [certificate.issuer.toSchema()],
          }),
        ],
      }),
      certificate.serialNumber,
    ],
  });
  // hashAlgorithm is omitted: SHA-256 is the DEFAULT of ESSCertIDv2.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(certHash) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function attribute(type: string, value: asn1js.AsnType): pkijs.Attribute {
  return new pkijs.Attribute({ type, values: [value] });
}

function derOf(value: { toSchema(): asn1js.AsnType }): Uint8Array {
  return new Uint8Array(value.toSchema().toBER(false));
}

export interface CadesSignatureResult {
  /** DER of the ContentInfo (what goes in the PDF /Contents). */
  readonly cms: Uint8Array;
  /** The SignerInfo signature value (what a B-T time-stamp covers). */
  readonly signatureValue: Uint8Array;
}

/**
 * Builds a detached CAdES signature over a precomputed message digest (the PDF ByteRange hash).
 * `timestamp` is called with the signature value and returns an RFC 3161 TimeStampToken (DER
 * ContentInfo) for PAdES-B-T, or is omitted for B-B.
 */
export async function createCadesSignature(
  signer: Signer,
  messageDigest: Uint8Array,
  timestamp?: (signatureValue: Uint8Array) => Promise<Uint8Array>,
): Promise<CadesSignatureResult> {
  const leafDer = certificateDer(signer.certificate);
  const leaf = parseCertificate(leafDer);
  const chain = signer.chain.map((c) => parseCertificate(certificateDer(c)));
  const hashOid = HASH_OIDS[signer.hash];

  // DER SET OF: attributes sorted by their encoding (X.690 §11.6), so every verifier re-encodes alike.
  const attributes = [
    attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
    attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: toArrayBuffer(messageDigest) })),
    attribute(OID.signingCertificateV2, signingCertificateV2(leaf, leafDer)),
  ].sort((a, b) => Buffer.compare(Buffer.from(derOf(a)), Buffer.from(derOf(b))));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  // RFC 5652 §5.4: the signature covers the DER of the attributes with an explicit SET OF tag.
  const toSign = new Uint8Array(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }).toBER(false));
  const signatureValue = await signer.sign(toSign, { dsaEncoding: 'der' });

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: leaf.issuer, serialNumber: leaf.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: hashOid }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: signatureAlgorithmOid(signer),
      ...(signer.algorithm.startsWith('RSA') ? { algorithmParams: new asn1js.Null() } : {}),
    }),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signatureValue) }),
  });
  if (timestamp) {
    const token = await timestamp(signatureValue);
    const parsed = asn1js.fromBER(toArrayBuffer(token));
    if (parsed.offset === -1) throw new Error('time-stamp token is not DER');
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({
      type: 1,
      attributes: [attribute(OID.signatureTimeStampToken, parsed.result)],
    });
  }
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: hashOid })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [leaf, ...chain],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return { cms: new Uint8Array(contentInfo.toSchema().toBER(false)), signatureValue };
}

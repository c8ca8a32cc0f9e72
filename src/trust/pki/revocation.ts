import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as asn1js from 'asn1js';
import { randomBytes, webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import type { RevocationResult } from './path-validation-result.ts';
import type { RevocationPolicy } from './trust-policy.ts';

pkijs.setEngine(
  'node-webcrypto',
  new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as Crypto }),
);

const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
/** Limits on what a remote responder may send us. */
const MAX_CRL_BYTES = 20 * 1024 * 1024;
const MAX_OCSP_BYTES = 1024 * 1024;
/** Clock skew tolerated on OCSP thisUpdate. */
const SKEW_MS = 5 * 60_000;

const CRL_REASON_NAMES: Record<number, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

export interface RevocationCheckOptions {
  readonly policy: RevocationPolicy;
  /** Local CRLs (trust folder, or embedded in the signature). */
  readonly crls: readonly x509.X509Crl[];
  /** DER OCSP responses embedded in the signature. */
  readonly ocspResponses: readonly Uint8Array[];
  /** Cache of fetched CRLs by URL (the policy's). */
  readonly fetchedCrls: Map<string, x509.X509Crl>;
  readonly now?: Date;
}

/** One attempt's outcome: a definitive answer, or why there is none. */
type Attempt = { ok: true; result: RevocationResult } | { ok: false; reason: string };

export function toPkijs(certificate: x509.X509Certificate): pkijs.Certificate {
  return pkijs.Certificate.fromBER(new Uint8Array(certificate.rawData));
}

async function fetchLimited(
  url: string,
  init: RequestInit,
  limit: number,
  timeoutMs: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.length;
    if (size > limit) throw new Error(`response larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function httpUrls(names: readonly x509.GeneralName[] | undefined): string[] {
  return (names ?? []).filter((n) => n.type === 'url' && /^https?:\/\//i.test(n.value)).map((n) => n.value);
}

export function ocspUrls(certificate: x509.X509Certificate): string[] {
  const aia = certificate.getExtension(x509.AuthorityInfoAccessExtension);
  return httpUrls(aia?.ocsp);
}

export function crlUrls(certificate: x509.X509Certificate): string[] {
  const dp = certificate.getExtension(x509.CRLDistributionPointsExtension);
  const urls: string[] = [];
  for (const point of dp?.distributionPoints ?? []) {
    for (const name of point.distributionPoint?.fullName ?? []) {
      if (name.uniformResourceIdentifier && /^https?:\/\//i.test(name.uniformResourceIdentifier)) {
        urls.push(name.uniformResourceIdentifier);
      }
    }
  }
  return urls;
}

/** CRLs whose signature was verified, with the issuer key that verified it (a CRL object never changes). */
const verifiedCrls = new WeakMap<x509.X509Crl, string>();

async function crlSignedBy(crl: x509.X509Crl, issuer: x509.X509Certificate): Promise<boolean> {
  const issuerKey = Buffer.from(issuer.publicKey.rawData).toString('base64');
  if (verifiedCrls.get(crl) === issuerKey) return true;
  const ok = await crl.verify({ publicKey: issuer.publicKey }).catch(() => false);
  if (ok) verifiedCrls.set(crl, issuerKey);
  return ok;
}

async function crlAttempt(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  options: RevocationCheckOptions,
  now: Date,
): Promise<Attempt> {
  const isCurrent = (crl: x509.X509Crl) =>
    crl.thisUpdate.getTime() <= now.getTime() + SKEW_MS &&
    (!crl.nextUpdate || crl.nextUpdate.getTime() >= now.getTime());
  const usable = async (crl: x509.X509Crl) =>
    crl.issuer === issuer.subject && isCurrent(crl) && (await crlSignedBy(crl, issuer));
  let chosen: x509.X509Crl | undefined;
  for (const crl of options.crls) {
    if (await usable(crl)) {
      chosen = crl;
      break;
    }
  }
  const failures: string[] = [];
  if (!chosen && options.policy.network) {
    for (const url of crlUrls(certificate)) {
      const cached = options.fetchedCrls.get(url);
      if (cached && (await usable(cached))) {
        chosen = cached;
        break;
      }
      try {
        const der = await fetchLimited(url, {}, MAX_CRL_BYTES, options.policy.timeoutMs);
        const crl = new x509.X509Crl(der);
        if (await usable(crl)) {
          options.fetchedCrls.set(url, crl);
          chosen = crl;
          break;
        }
        failures.push(`${url}: CRL not current or not signed by the issuer`);
      } catch (err) {
        failures.push(`${url}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  if (!chosen)
    return { ok: false, reason: failures.length > 0 ? `crl: ${failures.join('; ')}` : 'crl: no current CRL' };
  const entry = chosen.findRevoked(certificate);
  const checkedAt = now.toISOString();
  if (!entry) return { ok: true, result: { status: 'good', source: 'crl', checkedAt } };
  return {
    ok: true,
    result: {
      status: 'revoked',
      source: 'crl',
      checkedAt,
      revokedAt: entry.revocationDate.toISOString(),
      reason: CRL_REASON_NAMES[entry.reason ?? 0] ?? 'unspecified',
    },
  };
}

/** Reads status details (revocation time and reason) from the SingleResponse for our certificate. */
function revokedDetails(
  basic: pkijs.BasicOCSPResponse,
  serial: string,
): { revokedAt?: string; reason?: string } {
  for (const single of basic.tbsResponseData.responses) {
    const responseSerial = Buffer.from(single.certID.serialNumber.valueBlock.valueHexView)
      .toString('hex')
      .replace(/^0+/, '');
    if (responseSerial.toLowerCase() !== serial.toLowerCase().replace(/^0+/, '')) continue;
    const status = single.certStatus as asn1js.Constructed;
    const values = (status.valueBlock as { value?: asn1js.AsnType[] }).value ?? [];
    const time = values[0];
    let revokedAt: string | undefined;
    if (time instanceof asn1js.GeneralizedTime) revokedAt = time.toDate().toISOString();
    else if (time && 'valueBlock' in time) {
      const raw = Buffer.from((time as asn1js.Primitive).valueBlock.valueHexView).toString('latin1');
      const parsed = new asn1js.GeneralizedTime({ value: raw });
      revokedAt = parsed.toDate().toISOString();
    }
    let reason: string | undefined;
    const reasonBlock = values[1] as asn1js.Constructed | undefined;
    const enumerated = (reasonBlock?.valueBlock as { value?: asn1js.AsnType[] } | undefined)?.value?.[0];
    if (enumerated && 'valueBlock' in enumerated) {
      const bytes = (enumerated as asn1js.Primitive).valueBlock.valueHexView;
      reason = CRL_REASON_NAMES[bytes[0] ?? 0];
    }
    return { ...(revokedAt ? { revokedAt } : {}), ...(reason ? { reason } : {}) };
  }
  return {};
}

/** Checks one OCSP response (DER OCSPResponse) for `certificate`; undefined when it does not answer for it. */
export async function evaluateOcspResponse(
  der: Uint8Array,
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  now: Date,
  nonce?: Uint8Array,
): Promise<Attempt> {
  const response = pkijs.OCSPResponse.fromBER(new Uint8Array(der));
  const status = response.responseStatus.valueBlock.valueDec;
  if (status !== 0 || !response.responseBytes)
    return { ok: false, reason: `ocsp: responder status ${status}` };
  const basic = pkijs.BasicOCSPResponse.fromBER(
    new Uint8Array(response.responseBytes.response.valueBlock.valueHexView),
  );
  const pkIssuer = toPkijs(issuer);
  // RFC 6960 §4.2.2.2: the signer must be the CA or a responder it delegated (id-kp-OCSPSigning).
  const signed = await basic.verify({ trustedCerts: [pkIssuer], issuerCerts: [pkIssuer] }).catch(() => false);
  if (!signed) return { ok: false, reason: 'ocsp: response signature or responder not authorised' };
  if (nonce) {
    const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OCSP_NONCE);
    if (echoed) {
      const value = asn1js.fromBER(new Uint8Array(echoed.extnValue.valueBlock.valueHexView)).result;
      const bytes =
        value instanceof asn1js.OctetString
          ? value.valueBlock.valueHexView
          : echoed.extnValue.valueBlock.valueHexView;
      if (!Buffer.from(bytes).equals(Buffer.from(nonce)))
        return { ok: false, reason: 'ocsp: nonce mismatch (replayed response?)' };
    }
  }
  const { isForCertificate, status: certStatus } = await basic.getCertificateStatus(
    toPkijs(certificate),
    pkIssuer,
  );
  if (!isForCertificate) return { ok: false, reason: 'ocsp: response is for another certificate' };
  const serial = certificate.serialNumber.toLowerCase().replace(/^0+/, '');
  const single = basic.tbsResponseData.responses.find(
    (r) =>
      Buffer.from(r.certID.serialNumber.valueBlock.valueHexView).toString('hex').replace(/^0+/, '') ===
      serial,
  );
  if (!single) return { ok: false, reason: 'ocsp: response is for another certificate' };
  if (single.thisUpdate.getTime() > now.getTime() + SKEW_MS) {
    return { ok: false, reason: 'ocsp: thisUpdate in the future' };
  }
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - SKEW_MS) {
    return { ok: false, reason: 'ocsp: response expired (nextUpdate passed)' };
  }
  const checkedAt = now.toISOString();
  if (certStatus === 0) return { ok: true, result: { status: 'good', source: 'ocsp', checkedAt } };
  if (certStatus === 1) {
    return {
      ok: true,
      result: {
        status: 'revoked',
        source: 'ocsp',
        checkedAt,
        ...revokedDetails(basic, certificate.serialNumber),
      },
    };
  }
  return { ok: false, reason: 'ocsp: responder does not know the certificate' };
}

async function ocspAttempt(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  options: RevocationCheckOptions,
  now: Date,
): Promise<Attempt> {
  const reasons: string[] = [];
  for (const der of options.ocspResponses) {
    try {
      const attempt = await evaluateOcspResponse(der, certificate, issuer, now);
      if (attempt.ok) return attempt;
    } catch {
      // an embedded response for another certificate or a corrupt one: try the next
    }
  }
  if (!options.policy.network) return { ok: false, reason: 'ocsp: network checks disabled by policy' };
  const urls = ocspUrls(certificate);
  if (urls.length === 0) return { ok: false, reason: 'ocsp: certificate names no responder' };
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(toPkijs(certificate), {
    hashAlgorithm: 'SHA-1',
    issuerCertificate: toPkijs(issuer),
  });
  // RFC 8954: a fresh nonce binds the answer to this request (no replay of an old "good").
  const nonce = new Uint8Array(randomBytes(16));
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({
      extnID: OCSP_NONCE,
      critical: false,
      extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(),
    }),
  ];
  const body = new Uint8Array(request.toSchema(true).toBER());
  for (const url of urls) {
    try {
      const der = await fetchLimited(
        url,
        {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
        },
        MAX_OCSP_BYTES,
        options.policy.timeoutMs,
      );
      const attempt = await evaluateOcspResponse(der, certificate, issuer, now, nonce);
      if (attempt.ok) return attempt;
      reasons.push(`${url}: ${attempt.reason}`);
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
      reasons.push(`${url}: ${err instanceof Error ? err.message : String(err)}${cause}`);
    }
  }
  return { ok: false, reason: `ocsp: ${reasons.join('; ')}` };
}

/**
 * Revocation status of `certificate` (issued by `issuer`) by OCSP and CRL, in the order the policy
 * prefers, the other as fallback. Returns 'unknown' with the reasons when neither answers; the
 * caller turns that into soft- or hard-fail.
 */
export async function checkRevocation(
  certificate: x509.X509Certificate,
  issuer: x509.X509Certificate,
  options: RevocationCheckOptions,
): Promise<RevocationResult> {
  const now = options.now ?? new Date();
  if (options.policy.mode === 'off') {
    return {
      status: 'unknown',
      source: 'none',
      checkedAt: now.toISOString(),
      reason: 'revocation checking disabled by policy',
    };
  }
  const order = options.policy.prefer === 'ocsp' ? [ocspAttempt, crlAttempt] : [crlAttempt, ocspAttempt];
  const reasons: string[] = [];
  for (const attempt of order) {
    const outcome = await attempt(certificate, issuer, options, now);
    if (outcome.ok) return outcome.result;
    reasons.push(outcome.reason);
  }
  return { status: 'unknown', source: 'none', checkedAt: now.toISOString(), reason: reasons.join(' | ') };
}

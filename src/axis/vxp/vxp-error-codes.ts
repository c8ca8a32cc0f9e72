/**
 * The one table from AppError codes to the VXP `ErrorCode` string (standards-vn §2.2: "0" = success).
 * The official numbering beyond "0" is not published; ours groups codes by cause so SDK users can
 * branch on the first digit: 1x authentication, 2x request, 3x package, 4x routing and business
 * status, 5x not found, 6x registry, 9x server. `satisfies` makes a new axis code without a VXP
 * code a compile error.
 */
import type { AppError } from '../../platform/index.ts';
import type { AxisErrorCode } from '../domain/errors.ts';

export const VXP_OK = '0';

export const VXP_ERROR_CODES = {
  'axis.signature_headers_missing': '10',
  'axis.unauthenticated': '11',
  'axis.timestamp_invalid': '12',
  'axis.system_suspended': '13',
  'axis.header_mismatch': '14',
  'axis.request_invalid': '20',
  'axis.paging_invalid': '21',
  'axis.idempotency_conflict': '22',
  'axis.package_missing': '30',
  'axis.package_too_large': '31',
  'axis.hash_mismatch': '32',
  'axis.package_invalid': '33',
  'axis.messagetype_mismatch': '34',
  'axis.signature_required': '35',
  'axis.signature_invalid': '36',
  'axis.signature_weak': '37',
  'axis.sender_not_allowed': '40',
  'axis.recipient_missing': '41',
  'axis.recipient_unknown': '42',
  'axis.recipient_retired': '43',
  'axis.recipient_suspended': '44',
  'axis.reference_unknown': '45',
  'axis.status_transition_invalid': '46',
  'axis.not_found': '50',
  'axis.delivery_ambiguous': '51',
  'axis.agency_invalid': '60',
  'axis.agency_unknown': '61',
  'axis.agency_exists': '62',
  'axis.import_invalid': '63',
  'axis.system_unknown': '64',
  'axis.system_exists': '65',
  'axis.secret_invalid': '66',
  'axis.evidence_broken': '91',
} as const satisfies Record<AxisErrorCode, string>;

/** Codes of other contexts that can reach a VXP answer. */
const OTHER_CODES: Record<string, string> = {
  'platform.rate_limited': '92',
  'platform.payload_too_large': '31',
  'platform.validation_failed': '20',
  'platform.forbidden': '40',
};

export const VXP_INTERNAL_ERROR = '90';

export interface VxpFailure {
  status: 'FAIL';
  ErrorCode: string;
  ErrorDesc: string;
}

/** `{status: FAIL, ErrorCode, ErrorDesc}`; ErrorDesc = "<code>: <vi> / <en>" plus a short reason when safe. */
export function vxpFailure(err: AppError): VxpFailure {
  const code =
    (VXP_ERROR_CODES as Record<string, string>)[err.code] ?? OTHER_CODES[err.code] ?? VXP_INTERNAL_ERROR;
  const reason = typeof err.details.reason === 'string' ? ` (${err.details.reason})` : '';
  return {
    status: 'FAIL',
    ErrorCode: code,
    ErrorDesc: `${err.code}: ${err.messageVi} / ${err.message}${reason}`,
  };
}

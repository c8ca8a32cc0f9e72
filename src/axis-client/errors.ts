/**
 * Errors of the axis client. A VXP answer `status: FAIL` becomes a `VxpError` carrying the server's own
 * `ErrorCode`/`ErrorDesc`; a REST error body keeps the server's dotted code in `serverCode`.
 */
import { AppError, defineErrors } from '../platform/errors.ts';

export const axisClientErrors = defineErrors({
  'axis_client.vxp_failed': {
    status: 502,
    vi: 'Trục liên thông từ chối yêu cầu',
    en: 'The axis refused the request',
  },
  'axis_client.rest_failed': {
    status: 502,
    vi: 'Trục liên thông trả lỗi',
    en: 'The axis answered with an error',
  },
  'axis_client.http_failed': {
    status: 502,
    vi: 'Trục liên thông trả mã HTTP lỗi',
    en: 'The axis answered with an HTTP error',
  },
  'axis_client.invalid_response': {
    status: 502,
    vi: 'Phản hồi của trục liên thông không đúng định dạng',
    en: 'The axis answered in an unexpected format',
  },
  'axis_client.unreachable': {
    status: 503,
    vi: 'Không kết nối được trục liên thông',
    en: 'The axis could not be reached',
  },
});

/** The VXP server answered `status: "FAIL"` (or an HTTP error with a VXP body). */
export class VxpError extends AppError<'axis_client.vxp_failed'> {
  /** The server's `ErrorCode` (a string such as "-1" or "15"). */
  readonly errorCode: string;
  /** The server's `ErrorDesc`. */
  readonly errorDesc: string;
  readonly httpStatus: number;
  readonly operation: string;

  constructor(operation: string, httpStatus: number, errorCode: string, errorDesc: string) {
    super('axis_client.vxp_failed', axisClientErrors.catalogue['axis_client.vxp_failed'], {
      operation,
      httpStatus,
      errorCode,
      errorDesc,
    });
    this.message = `${operation}: ${errorDesc || 'FAIL'} (ErrorCode ${errorCode})`;
    this.name = 'VxpError';
    this.errorCode = errorCode;
    this.errorDesc = errorDesc;
    this.httpStatus = httpStatus;
    this.operation = operation;
  }
}

/** The REST API answered with its error body `{ error: { code, message, messageVi, details } }`. */
export class AxisRestError extends AppError<'axis_client.rest_failed'> {
  readonly serverCode: string;
  readonly httpStatus: number;
  readonly serverMessage: string;
  readonly serverMessageVi: string;
  readonly serverDetails: Record<string, unknown>;

  constructor(
    httpStatus: number,
    body: { code: string; message?: string; messageVi?: string; details?: Record<string, unknown> },
  ) {
    super('axis_client.rest_failed', axisClientErrors.catalogue['axis_client.rest_failed'], {
      httpStatus,
      serverCode: body.code,
      serverMessage: body.message,
    });
    this.message = `${body.code}: ${body.message ?? ''}`.trim();
    this.name = 'AxisRestError';
    this.serverCode = body.code;
    this.httpStatus = httpStatus;
    this.serverMessage = body.message ?? '';
    this.serverMessageVi = body.messageVi ?? '';
    this.serverDetails = body.details ?? {};
  }
}

/**
 * Typed errors with dotted codes (`context.snake_case`). Each bounded context declares its own
 * catalogue with `defineErrors`; the catalogue is the one code → HTTP status (and message) table
 * for that context, and `errorRegistry` merges every catalogue so the HTTP and VXP layers can map
 * any code. A code missing from a catalogue is a compile error at the throw site.
 */

export interface ErrorSpec {
  /** HTTP status answered by the REST API. */
  readonly status: number;
  /** Message in Vietnamese (shown first to users). */
  readonly vi: string;
  /** Message in English. */
  readonly en: string;
}

export type ErrorCatalogue = Readonly<Record<string, ErrorSpec>>;

export class AppError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly status: number;
  readonly messageVi: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: Code,
    spec: ErrorSpec,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(spec.en, options);
    this.name = 'AppError';
    this.code = code;
    this.status = spec.status;
    this.messageVi = spec.vi;
    this.details = Object.freeze({ ...details });
  }

  toJSON(): { code: string; message: string; messageVi: string; details: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      messageVi: this.messageVi,
      details: { ...this.details },
    };
  }
}

const registry = new Map<string, ErrorSpec>();

/** Declares a context's error catalogue and returns a typed factory for its codes. */
export function defineErrors<const C extends ErrorCatalogue>(catalogue: C) {
  for (const [code, spec] of Object.entries(catalogue)) {
    const existing = registry.get(code);
    if (existing && existing !== spec) throw new Error(`error code declared twice: ${code}`);
    registry.set(code, spec);
  }
  return {
    catalogue,
    /** Builds (does not throw) the error for `code`. */
    error<K extends keyof C & string>(
      code: K,
      details?: Record<string, unknown>,
      options?: { cause?: unknown },
    ) {
      return new AppError<K>(code, catalogue[code] as ErrorSpec, details, options);
    },
    is<K extends keyof C & string>(err: unknown, code?: K): err is AppError<K> {
      return err instanceof AppError && err.code in catalogue && (code === undefined || err.code === code);
    },
  };
}

/** Every declared code, for documentation and for mapping by code. */
export function errorRegistry(): ReadonlyMap<string, ErrorSpec> {
  return registry;
}

export const platformErrors = defineErrors({
  'platform.config_invalid': { status: 500, vi: 'Cấu hình không hợp lệ', en: 'Invalid configuration' },
  'platform.bad_request': { status: 400, vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  'platform.unsupported_media_type': {
    status: 415,
    vi: 'Kiểu dữ liệu không được hỗ trợ',
    en: 'Unsupported media type',
  },
  'platform.validation_failed': {
    status: 400,
    vi: 'Dữ liệu gửi lên không hợp lệ',
    en: 'Request validation failed',
  },
  'platform.not_found': { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  'platform.unauthenticated': { status: 401, vi: 'Chưa xác thực', en: 'Authentication required' },
  'platform.forbidden': { status: 403, vi: 'Không có quyền', en: 'Forbidden' },
  'platform.payload_too_large': { status: 413, vi: 'Dữ liệu quá lớn', en: 'Payload too large' },
  'platform.rate_limited': { status: 429, vi: 'Quá nhiều yêu cầu, thử lại sau', en: 'Too many requests' },
  'platform.internal': { status: 500, vi: 'Lỗi hệ thống', en: 'Internal error' },
  'platform.unavailable': { status: 503, vi: 'Dịch vụ tạm thời không sẵn sàng', en: 'Service unavailable' },
  'platform.blob_not_found': { status: 404, vi: 'Không tìm thấy tệp', en: 'Blob not found' },
  'platform.blob_hash_mismatch': { status: 422, vi: 'Mã băm của tệp không khớp', en: 'Blob hash mismatch' },
});

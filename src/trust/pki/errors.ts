import { defineErrors } from '../../platform/errors.ts';

/**
 * Error catalogue of the PKI half of the trust context (key stores, CA tooling, time-stamps).
 * Certificate validation outcomes are values (`PathValidationResult.problems`), not errors: these
 * codes are for failures to do the work at all. Messages never echo secrets (PINs, passwords).
 */
export const pkiErrors = defineErrors({
  'trust.p12_unreadable': {
    status: 422,
    vi: 'Không đọc được tệp PKCS#12 (sai mật khẩu hoặc tệp hỏng)',
    en: 'The PKCS#12 file cannot be read (wrong password or corrupt file)',
  },
  'trust.p12_no_key': {
    status: 422,
    vi: 'Tệp PKCS#12 không chứa khóa bí mật kèm chứng thư số tương ứng',
    en: 'The PKCS#12 file holds no private key with a matching certificate',
  },
  'trust.key_algorithm_unsupported': {
    status: 422,
    vi: 'Thuật toán khóa không được hỗ trợ (chỉ RSA và ECDSA P-256/P-384)',
    en: 'Unsupported key algorithm (only RSA and ECDSA P-256/P-384)',
  },
  'trust.pkcs11_unavailable': {
    status: 500,
    vi: 'Không nạp được thư viện PKCS#11 (thiết bị lưu khóa / token)',
    en: 'The PKCS#11 module cannot be loaded',
  },
  'trust.pkcs11_token_not_found': {
    status: 422,
    vi: 'Không tìm thấy token PKCS#11 theo khe (slot) hoặc nhãn đã cho',
    en: 'No PKCS#11 token matches the given slot or label',
  },
  'trust.pkcs11_login_failed': {
    status: 401,
    vi: 'Đăng nhập token PKCS#11 thất bại (sai mã PIN?)',
    en: 'PKCS#11 login failed (wrong PIN?)',
  },
  'trust.pkcs11_key_not_found': {
    status: 422,
    vi: 'Không tìm thấy khóa bí mật hoặc chứng thư số trên token theo nhãn/ID đã cho',
    en: 'No private key or certificate on the token matches the given label/id',
  },
  'trust.certificate_unreadable': {
    status: 422,
    vi: 'Không đọc được chứng thư số (PEM/DER không hợp lệ)',
    en: 'The certificate cannot be parsed (invalid PEM/DER)',
  },
  'trust.trust_store_invalid': {
    status: 422,
    vi: 'Thư mục tin cậy không chứa chứng thư gốc hợp lệ',
    en: 'The trust folder holds no valid root certificate',
  },
  'trust.ca_invalid': {
    status: 422,
    vi: 'Thư mục CA không hợp lệ hoặc thiếu tệp (hãy chạy `lienthong pki init`)',
    en: 'The CA folder is invalid or incomplete (run `lienthong pki init`)',
  },
  'trust.ca_exists': {
    status: 409,
    vi: 'Thư mục CA đã tồn tại và không rỗng',
    en: 'The CA folder already exists and is not empty',
  },
  'trust.subject_invalid': {
    status: 422,
    vi: 'Tên phân biệt (DN) không hợp lệ; ví dụ "CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN"',
    en: 'Invalid distinguished name; e.g. "CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN"',
  },
  'trust.serial_unknown': {
    status: 404,
    vi: 'Không có chứng thư số với số hiệu (serial) này trong CA',
    en: 'No certificate with this serial number in the CA',
  },
  'trust.tsa_unreachable': {
    status: 502,
    vi: 'Không kết nối được máy chủ cấp dấu thời gian (TSA)',
    en: 'The time-stamping authority (TSA) cannot be reached',
  },
  'trust.tsa_not_configured': {
    status: 500,
    vi: 'Chưa cấu hình địa chỉ TSA (TSA_URL)',
    en: 'No TSA URL is configured (TSA_URL)',
  },
  'trust.tsa_rejected': {
    status: 502,
    vi: 'Máy chủ TSA từ chối yêu cầu cấp dấu thời gian',
    en: 'The TSA rejected the time-stamp request',
  },
  'trust.tsa_response_invalid': {
    status: 502,
    vi: 'Phản hồi dấu thời gian không hợp lệ (sai dấu vân tay, nonce, chữ ký hoặc chứng thư TSA)',
    en: 'Invalid time-stamp response (imprint, nonce, signature or TSA certificate mismatch)',
  },
});

export type PkiErrorCode = keyof typeof pkiErrors.catalogue;

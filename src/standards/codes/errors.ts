import { defineErrors } from '../../platform/errors.ts';

export const codeErrors = defineErrors({
  'codes.invalid_document_number': {
    status: 400,
    vi: 'Không thể tạo số, ký hiệu văn bản từ các thành phần đã cho',
    en: 'Cannot build a document number (số, ký hiệu) from the given parts',
  },
  'codes.invalid_document_id': {
    status: 400,
    vi: 'Không thể tạo mã định danh văn bản từ các thành phần đã cho',
    en: 'Cannot build a document identifier from the given parts',
  },
});

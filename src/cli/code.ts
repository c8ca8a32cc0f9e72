/**
 * `lienthong code check <code> [--json]`: what an agency code (QCVN 102, QĐ 20/2020, enterprise),
 * a document identifier (`<OrganId>,<yyyy/MM/dd>,<số/ký hiệu>`) or a số/ký hiệu means.
 * Exit 0 when it is valid, 1 when it is not (an identifier not in the comma form included).
 */
import type { Command } from 'commander';
import {
  parseAgencyCode,
  parseDocumentId,
  parseDocumentNumber,
  documentNumberTypeName,
  type AgencyCodeInfo,
  type DocumentNumberParse,
} from '../standards/index.ts';
import { EXIT_FAILED, EXIT_OK, action, globalOptions, printJson } from './context.ts';

export type CodeCheck =
  | { input: string; kind: 'agency-code'; valid: boolean; agency: AgencyCodeInfo }
  | {
      input: string;
      kind: 'document-id';
      valid: boolean;
      structured: boolean;
      organId?: string;
      date?: string;
      dateValid?: boolean;
      documentNumber?: string;
      agency?: AgencyCodeInfo;
      number?: DocumentNumberParse;
    }
  | { input: string; kind: 'document-number'; valid: boolean; number: DocumentNumberParse };

export function checkCode(raw: string): CodeCheck {
  const input = raw.normalize('NFC').trim();
  if (input.includes(',')) {
    const id = parseDocumentId(input);
    if (id.kind === 'unstructured') return { input, kind: 'document-id', valid: false, structured: false };
    return {
      input,
      kind: 'document-id',
      valid: id.valid,
      structured: true,
      organId: id.organId,
      date: id.date,
      dateValid: id.dateValid,
      documentNumber: id.documentNumber,
      agency: id.organ,
      number: id.number,
    };
  }
  if (input.includes('/')) {
    const number = parseDocumentNumber(input);
    return { input, kind: 'document-number', valid: number.ok, number };
  }
  const agency = parseAgencyCode(input);
  return { input, kind: 'agency-code', valid: agency.valid, agency };
}

function describeAgency(a: AgencyCodeInfo, indent: string): string {
  if (!a.valid) return `${indent}Không hợp lệ / invalid [${a.reason}]: ${a.vi} / ${a.en}\n`;
  const scheme =
    a.scheme === 'qcvn102'
      ? 'QCVN 102:2016'
      : a.scheme === 'qd20'
        ? 'QĐ 20/2020/QĐ-TTg'
        : 'mã doanh nghiệp / enterprise code';
  let out = `${indent}Hợp lệ / valid (${scheme})\n`;
  out += `${indent}Cấp / level: ${a.level}\n`;
  out += `${indent}Cấp trên / parent: ${a.parent ?? '— (cấp 1 / level 1)'}\n`;
  out += `${indent}Gốc / root: ${a.root}\n`;
  if (a.scheme !== 'enterprise' && a.group) {
    out += `${indent}Nhóm / group: ${a.group.letter} — ${a.group.nameVi} / ${a.group.nameEn} [${a.group.source}]\n`;
  }
  return out;
}

function describeNumber(n: DocumentNumberParse, indent: string): string {
  if (!n.ok) return `${indent}Số, ký hiệu không hợp lệ / invalid number [${n.reason}]: ${n.vi} / ${n.en}\n`;
  let out = `${indent}Số / number: ${n.number}${n.year ? ` (năm / year ${n.year})` : ''}\n`;
  if (n.typeAbbreviation) {
    const type = documentNumberTypeName(n);
    out += `${indent}Loại / type: ${n.typeAbbreviation}${type ? ` = ${type.nameVi} / ${type.nameEn}` : ''}${n.copyForm ? ' (bản sao / copy)' : ''}\n`;
  } else {
    out += `${indent}Loại / type: công văn (không có chữ viết tắt loại / no type abbreviation)\n`;
  }
  out += `${indent}Cơ quan / agency: ${n.agencyAbbreviation}\n`;
  if (n.unitAbbreviation) out += `${indent}Đơn vị soạn thảo / drafting unit: ${n.unitAbbreviation}\n`;
  return out;
}

function describe(check: CodeCheck): string {
  switch (check.kind) {
    case 'agency-code':
      return `Mã định danh cơ quan / agency code: ${check.input}\n${describeAgency(check.agency, '  ')}`;
    case 'document-number':
      return `Số, ký hiệu văn bản / document number: ${check.input}\n${describeNumber(check.number, '  ')}`;
    case 'document-id': {
      let out = `Mã định danh văn bản / document identifier: ${check.input}\n`;
      if (!check.structured) {
        return (
          out +
          '  Không theo dạng <mã cơ quan>,<yyyy/MM/dd>,<số/ký hiệu> / not of the form <organ>,<yyyy/MM/dd>,<number>\n'
        );
      }
      out += `  ${check.valid ? 'Hợp lệ / valid' : 'Không hợp lệ / invalid'}\n`;
      out += `  Cơ quan ban hành / issuer: ${check.organId}\n${describeAgency(check.agency as AgencyCodeInfo, '    ')}`;
      out += `  Ngày / date: ${check.date}${check.dateValid ? '' : ' — ngày không có thật / not a real date'}\n`;
      out += `  Số, ký hiệu / number: ${check.documentNumber}\n${describeNumber(check.number as DocumentNumberParse, '    ')}`;
      return out;
    }
  }
}

export function registerCode(program: Command): void {
  const code = program.command('code').description('mã định danh / identifiers');
  code
    .command('check')
    .description(
      'giải thích mã cơ quan, mã định danh văn bản hoặc số/ký hiệu / explain an agency code, document id or number',
    )
    .argument('<code>', 'mã cần kiểm tra / the code to check')
    .action(
      action(async (input: string, _opts: unknown, command: Command) => {
        const check = checkCode(input);
        if (globalOptions(command).json) printJson(check);
        else process.stdout.write(describe(check));
        process.exitCode = check.valid ? EXIT_OK : EXIT_FAILED;
        await Promise.resolve();
      }),
    );
}

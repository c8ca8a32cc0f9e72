/**
 * `lienthong edxml inspect|validate|build` — a stable contract (issue 2 §3): other tools script it.
 *
 * - inspect <file> [--json]: the parsed package in the model shape (standards/edxml/model.ts), or a
 *   readable Vietnamese/English summary. Exit 0, or 1 when the file is unreadable or not a package.
 * - validate <file> [--json]: findings of validatePackage; exit 0 when no error-level finding, 1 when
 *   invalid or unreadable (a parse error is reported as an error finding with its code), 2 on wrong
 *   usage (commander: missing argument, unknown option).
 * - build <spec.json> -o <file>: a package from a spec in the shape `inspect --json` prints; each
 *   spec attachment names its content with `file`, a path relative to the spec.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Command } from 'commander';
import { AppError } from '../platform/errors.ts';
import {
  BUSSINESS_DOC_TYPES,
  PRIORITIES,
  buildPackage,
  edxmlDocumentType,
  edxmlErrors,
  parsePackage,
  statusCodeEntry,
  validatePackage,
  type AttachmentContent,
  type EdxmlPackage,
  type Finding,
  type PackageDraft,
} from '../standards/index.ts';
import { EXIT_FAILED, EXIT_OK, action, globalOptions, printJson } from './context.ts';

export function registerEdxml(program: Command): void {
  const edxml = program.command('edxml').description('gói tin edXML (QCVN 102:2016) / edXML packages');

  edxml
    .command('inspect')
    .description('đọc và in gói tin / parse and print a package')
    .argument('<file>', 'tệp .edxml / package file')
    .action(
      action(async (file: string, _opts: unknown, command: Command) => {
        const pkg = await readPackage(file);
        if (globalOptions(command).json) printJson(pkg);
        else process.stdout.write(summarise(pkg));
      }),
    );

  edxml
    .command('validate')
    .description('kiểm tra gói tin theo QCVN 102 / validate a package against QCVN 102')
    .argument('<file>', 'tệp .edxml / package file')
    .action(async (file: string, _opts: unknown, command: Command) => {
      const json = globalOptions(command).json;
      let pkg: EdxmlPackage;
      try {
        pkg = await readPackage(file);
      } catch (err) {
        const finding = unreadableFinding(err);
        if (json) printJson({ file, valid: false, readable: false, findings: [finding] });
        else process.stdout.write(`${file}: KHÔNG ĐỌC ĐƯỢC / UNREADABLE\n${formatFinding(finding)}`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      const report = validatePackage(pkg);
      if (json)
        printJson({ file, valid: report.valid, readable: true, kind: pkg.kind, findings: report.findings });
      else {
        const errors = report.findings.filter((f) => f.severity === 'error').length;
        const warnings = report.findings.length - errors;
        process.stdout.write(
          `${file}: ${report.valid ? 'HỢP LỆ / VALID' : 'KHÔNG HỢP LỆ / INVALID'} ` +
            `(${errors} lỗi / errors, ${warnings} cảnh báo / warnings)\n` +
            report.findings.map(formatFinding).join(''),
        );
      }
      process.exitCode = report.valid ? EXIT_OK : EXIT_FAILED;
    });

  edxml
    .command('build')
    .description('tạo gói tin từ mô tả JSON / build a package from a JSON spec')
    .argument('<spec>', 'tệp JSON cùng dạng với inspect --json / JSON spec in the inspect --json shape')
    .requiredOption('-o, --output <file>', 'tệp .edxml cần tạo / package file to write')
    .action(
      action(async (specFile: string, opts: { output: string }, command: Command) => {
        const result = await buildFromSpec(specFile, opts.output);
        if (globalOptions(command).json) printJson(result);
        else
          process.stdout.write(
            `Đã tạo / built ${result.file} (${result.size} bytes, sha256 ${result.sha256})\n`,
          );
      }),
    );
}

async function readPackage(file: string): Promise<EdxmlPackage> {
  // Streamed from disk; no blob store: attachments are measured and hashed, not kept.
  const result = await parsePackage(createReadStream(file));
  return result.package;
}

/** A finding as the CLI prints it: parse errors use the parser's error code (`edxml.not_well_formed` …). */
type PrintedFinding = Omit<Finding, 'code'> & { code: string; details?: Record<string, unknown> };

function unreadableFinding(err: unknown): PrintedFinding {
  if (err instanceof AppError) {
    const code: string = (err as AppError).code;
    return {
      code,
      path: '',
      severity: 'error',
      vi: err.messageVi,
      en: err.message,
      // the parser's details hold positions and limits only, never package content
      details: { ...err.details },
    };
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return {
    code: 'edxml.unreadable',
    path: '',
    severity: 'error',
    vi: `Không đọc được tệp${code ? ` (${code})` : ''}`,
    en: `Cannot read the file${code ? ` (${code})` : ''}`,
  };
}

function formatFinding(f: PrintedFinding): string {
  const value = f.value !== undefined ? ` «${f.value}»` : '';
  const where = f.path ? ` ${f.path}` : '';
  return `  [${f.severity === 'error' ? 'LỖI/ERROR' : 'CẢNH BÁO/WARNING'}] ${f.code}${where}${value}\n      ${f.vi}\n      ${f.en}\n`;
}

function line(label: string, value: string | undefined): string {
  return value === undefined || value === '' ? '' : `${label}: ${value}\n`;
}

/** The readable summary of `inspect` without --json. */
function summarise(pkg: EdxmlPackage): string {
  const h = pkg.header;
  let out = line(
    'Loại gói tin / kind',
    pkg.kind === 'edoc' ? 'văn bản điện tử / document (edoc)' : 'trạng thái / status',
  );
  out += line('Nơi gửi / from', h.from ? `${h.from.organId ?? '?'} — ${h.from.organName ?? ''}` : undefined);
  for (const to of h.to) out += line('Nơi nhận / to', `${to.organId ?? '?'} — ${to.organName ?? ''}`);
  out += line('Mã định danh văn bản / document id', h.documentId);
  if (h.code) out += line('Số, ký hiệu / number', `${h.code.codeNumber ?? ''}/${h.code.codeNotation ?? ''}`);
  if (h.promulgationInfo) {
    out += line(
      'Ban hành / promulgated',
      `${h.promulgationInfo.place ?? ''}, ${h.promulgationInfo.promulgationDate ?? ''}`,
    );
  }
  if (h.documentType) {
    const row =
      h.documentType.type && h.documentType.typeDetail
        ? edxmlDocumentType(h.documentType.type, h.documentType.typeDetail)
        : undefined;
    out += line(
      'Loại văn bản / document type',
      `${h.documentType.typeName ?? ''} (Type ${h.documentType.type ?? '?'}, TypeDetail ${h.documentType.typeDetail ?? '?'}${row ? ` = ${row.nameVi} / ${row.nameEn}` : ''})`,
    );
  }
  out += line('Trích yếu / subject', h.subject);
  if (h.signerInfo) {
    out += line(
      'Người ký / signer',
      [h.signerInfo.competence, h.signerInfo.position, h.signerInfo.fullName].filter(Boolean).join(', '),
    );
  }
  out += line('Hạn xử lý / due', h.dueDate);
  const priority = PRIORITIES.find((p) => p.code === h.otherInfo?.priority);
  out += line(
    'Độ khẩn / priority',
    h.otherInfo?.priority &&
      `${h.otherInfo.priority}${priority ? ` ${priority.nameVi} / ${priority.nameEn}` : ''}`,
  );
  for (const r of h.responseFor) out += line('Trả lời / response for', r.documentId ?? r.code);
  const business = BUSSINESS_DOC_TYPES.find((b) => b.code === h.bussiness?.bussinessDocType);
  out += line(
    'Nghiệp vụ / business',
    h.bussiness?.bussinessDocType &&
      `${h.bussiness.bussinessDocType}${business ? ` ${business.nameVi} / ${business.nameEn}` : ''}${h.bussiness.bussinessDocReason ? ` — ${h.bussiness.bussinessDocReason}` : ''}`,
  );
  for (const t of h.traceHeaders) out += line('Vết / trace', `${t.organId ?? '?'} ${t.timestamp ?? ''}`);
  if (pkg.kind === 'status') {
    const entry = statusCodeEntry(pkg.status.statusCode);
    out += line(
      'Trạng thái / status',
      `${pkg.status.statusCode ?? '?'}${entry ? ` ${entry.nameVi} / ${entry.nameEn}` : ''}`,
    );
    out += line('Mô tả / description', pkg.status.description);
    out += line('Thời điểm / timestamp', pkg.status.timestamp);
  }
  for (const a of pkg.attachments) {
    out += line(
      'Tệp đính kèm / attachment',
      `${a.name ?? '?'} (${a.contentType ?? '?'}, ${a.size} bytes, sha256 ${a.sha256})`,
    );
  }
  out += line('Chữ ký số / signature', pkg.signature ? 'có / present' : 'không / none');
  return out;
}

interface SpecAttachment {
  contentId?: string;
  name?: string;
  description?: string;
  contentType?: string;
  /** Path of the file, relative to the spec. */
  file?: string;
}

/** NFC-normalises every string of the spec (design.md §3: Vietnamese text is NFC at boundaries). */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === 'signature' ? v : normalise(v)]),
    );
  }
  return value;
}

async function buildFromSpec(
  specFile: string,
  output: string,
): Promise<{ file: string; size: number; sha256: string }> {
  let spec: Record<string, unknown>;
  try {
    spec = normalise(JSON.parse(await readFile(specFile, 'utf8'))) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof SyntaxError)
      throw edxmlErrors.error('edxml.build_invalid', { field: 'spec', reason: 'not_json' });
    throw err;
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw edxmlErrors.error('edxml.build_invalid', { field: 'spec', reason: 'expected_object' });
  }
  const base = dirname(resolve(specFile));
  const specAttachments = (spec.attachments ?? []) as SpecAttachment[];
  if (!Array.isArray(specAttachments)) {
    throw edxmlErrors.error('edxml.build_invalid', { field: 'attachments', reason: 'expected_array' });
  }
  const attachments: AttachmentContent[] = [];
  for (const [i, a] of specAttachments.entries()) {
    if (!a || typeof a.file !== 'string' || a.file === '') {
      throw edxmlErrors.error('edxml.build_invalid', {
        field: `attachments[${i}].file`,
        reason: 'expected_file_path',
      });
    }
    const path = resolve(base, a.file);
    await stat(path); // fail before writing anything when a file is missing
    attachments.push({
      ...(a.contentId !== undefined ? { contentId: a.contentId } : {}),
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
      data: createReadStream(path),
    });
  }
  const draft = { ...spec } as unknown as PackageDraft & { attachments?: unknown };
  delete draft.attachments;

  // Write to a temporary file beside the target and rename: a failed build leaves nothing behind.
  const target = resolve(output);
  const tmpDir = await mkdtemp(join(dirname(target), `.${basename(target)}.`));
  const tmp = join(tmpDir, 'package.edxml');
  const hash = createHash('sha256');
  let size = 0;
  try {
    await pipeline(
      buildPackage(draft, attachments),
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          size += chunk.byteLength;
          done(null, chunk);
        },
      }),
      createWriteStream(tmp),
    );
    await rename(tmp, target);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
  return { file: output, size, sha256: hash.digest('hex') };
}

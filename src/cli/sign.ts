/**
 * `lienthong sign` and `lienthong verify`, a stable contract:
 *   lienthong sign <in> -o <out> (--p12 <file> --password <pw> | --pkcs11 <module> --slot <n> --pin <pin>) [--tsa <url>]
 *   lienthong verify <file> --trust <dir> [--json]
 * The kind of file (edXML package or PDF) is chosen by its content, not its name. `verify` prints a
 * report in Vietnamese and English (JSON with --json) and exits 0 only when every signature is valid
 * under the trust policy, 1 otherwise (unsigned included), 2 on wrong usage.
 */
import type { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import {
  loadP12Signer,
  loadPkcs11Signer,
  loadTrustPolicy,
  requestTimestamp,
  signEdxmlFile,
  signPdf,
  signatureErrors,
  verifyEdxmlSignature,
  verifyPdfSignatures,
  formatVietnamTime,
  type AppearanceRole,
  type EdxmlSignatureReport,
  type PdfVerificationReport,
  type RevocationPolicy,
  type SignatureProblem,
  type Signer,
  type TrustPolicyOptions,
} from '../trust/index.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, action, globalOptions, printJson } from './context.ts';

type FileKind = 'pdf' | 'edxml';

function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT_USAGE);
}

/** Sniffs the first bytes: "%PDF-" within the first KiB (ISO 32000-1 §7.5.2), or an edXML root. */
async function sniff(path: string): Promise<FileKind> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.toString('latin1', 0, bytesRead);
    if (text.slice(0, 1024).includes('%PDF-')) return 'pdf';
    if (/^(\xEF\xBB\xBF)?\s*(<\?xml[^>]*\?>)?[\s\S]*<(edXML:)?edXML[\s>]/.test(text)) return 'edxml';
  } finally {
    await handle.close();
  }
  throw signatureErrors.error('trust.unsupported_input', { path });
}

interface SignOptions {
  output: string;
  p12?: string;
  password?: string;
  pkcs11?: string;
  slot?: string;
  tokenLabel?: string;
  pin?: string;
  keyLabel?: string;
  tsa?: string;
  role?: string;
  image?: string;
  seal?: string;
  page?: string;
  rect?: string;
  number?: string;
  reason?: string;
  location?: string;
}

async function signerFrom(options: SignOptions): Promise<Signer> {
  if (options.p12 && options.pkcs11)
    usage('Chọn --p12 hoặc --pkcs11, không cả hai / choose --p12 or --pkcs11, not both');
  if (options.p12) {
    if (options.password === undefined)
      usage('Thiếu --password cho tệp PKCS#12 / --password is required with --p12');
    return loadP12Signer(options.p12, options.password);
  }
  if (options.pkcs11) {
    if (options.pin === undefined) usage('Thiếu --pin cho token PKCS#11 / --pin is required with --pkcs11');
    if (options.slot === undefined && options.tokenLabel === undefined)
      usage('Thiếu --slot hoặc --token-label / --slot or --token-label is required with --pkcs11');
    return loadPkcs11Signer({
      module: options.pkcs11,
      pin: options.pin,
      ...(options.slot !== undefined ? { slot: BigInt(options.slot) } : {}),
      ...(options.tokenLabel !== undefined ? { tokenLabel: options.tokenLabel } : {}),
      ...(options.keyLabel !== undefined ? { keyLabel: options.keyLabel } : {}),
    });
  }
  return usage(
    'Cần khóa ký: --p12 <tệp> --password <mk> hoặc --pkcs11 <module> --slot <n> --pin <pin> / a key is required',
  );
}

function parseRect(value: string): [number, number, number, number] {
  const parts = value.split(',').map(Number);
  if (
    parts.length !== 4 ||
    parts.some((n) => !Number.isFinite(n)) ||
    (parts[2] ?? 0) <= 0 ||
    (parts[3] ?? 0) <= 0
  )
    usage('--rect phải có dạng x,y,rộng,cao (điểm) / --rect must be x,y,width,height in points');
  return parts as [number, number, number, number];
}

const ROLES: readonly AppearanceRole[] = ['leader', 'agency', 'attachment', 'invisible'];

const STATUS_VI: Record<string, string> = {
  valid: 'HỢP LỆ',
  invalid: 'KHÔNG HỢP LỆ',
  unsigned: 'CHƯA KÝ',
  indeterminate: 'CHƯA XÁC ĐỊNH',
};

function problemLines(problems: readonly SignatureProblem[], indent: string): string[] {
  return problems.map(
    (p) =>
      `${indent}${p.severity === 'error' ? '✗' : '!'} [${p.code}] ${p.vi} / ${p.en}` +
      (p.details ? ` ${JSON.stringify(p.details)}` : ''),
  );
}

function edxmlText(file: string, report: EdxmlSignatureReport): string {
  const lines = [
    `Tệp / file: ${file} (edXML)`,
    `Kết quả / result: ${STATUS_VI[report.status]} / ${report.status.toUpperCase()}`,
  ];
  if (report.signer) {
    lines.push(`  Người ký / signer: ${report.signer.subject}`);
    lines.push(`  Tổ chức cấp / issuer: ${report.signer.issuer} (serial ${report.signer.serialNumber})`);
  }
  if (report.algorithm)
    lines.push(
      `  Thuật toán / algorithm: ${report.algorithm.signature}, ${report.algorithm.digest}, C14N ${report.algorithm.canonicalization}${report.weak ? ' (YẾU / WEAK)' : ''}`,
    );
  if (report.chain.length > 0) lines.push(`  Chuỗi chứng thư / chain: ${report.chain.join(' → ')}`);
  if (report.revocation)
    lines.push(`  Thu hồi / revocation: ${report.revocation.status} (${report.revocation.source})`);
  lines.push(...problemLines(report.problems, '  '));
  return lines.join('\n') + '\n';
}

function pdfText(file: string, report: PdfVerificationReport): string {
  const lines = [
    `Tệp / file: ${file} (PDF, ${report.signatures.length} chữ ký / signature(s))`,
    `Kết quả / result: ${STATUS_VI[report.status]} / ${report.status.toUpperCase()}`,
  ];
  report.signatures.forEach((s, i) => {
    lines.push(
      `  #${i + 1} ${s.field ?? ''}: ${STATUS_VI[s.status]} / ${s.status.toUpperCase()} (PAdES ${s.level ?? '?'})`,
    );
    if (s.signer) lines.push(`     Người ký / signer: ${s.signer.subject}`);
    if (s.claimedTime)
      lines.push(
        `     Thời gian ký (khai báo) / claimed signing time: ${formatVietnamTime(new Date(s.claimedTime))}`,
      );
    if (s.timestampTime)
      lines.push(`     Dấu thời gian (TSA) / time-stamp: ${formatVietnamTime(new Date(s.timestampTime))}`);
    if (s.chain.length > 0) lines.push(`     Chuỗi chứng thư / chain: ${s.chain.join(' → ')}`);
    if (s.revocation)
      lines.push(`     Thu hồi / revocation: ${s.revocation.status} (${s.revocation.source})`);
    lines.push(
      `     Thay đổi sau khi ký / changed after signing: ${
        s.modifiedAfter === 'none'
          ? 'không / none'
          : s.modifiedAfter === 'signatures-only'
            ? 'chỉ thêm chữ ký / signatures added only'
            : 'CÓ / YES: ' + s.changes.join('; ')
      }`,
    );
    lines.push(...problemLines(s.problems, '     '));
  });
  lines.push(...problemLines(report.problems, '  '));
  return lines.join('\n') + '\n';
}

export function registerSign(program: Command): void {
  program
    .command('sign <in>')
    .description('ký số gói tin edXML hoặc tệp PDF (PAdES) / sign an edXML package or a PDF (PAdES)')
    .requiredOption('-o, --output <out>', 'tệp kết quả / output file')
    .option('--p12 <file>', 'tệp PKCS#12 chứa khóa và chuỗi chứng thư / PKCS#12 key file')
    .option('--password <pw>', 'mật khẩu PKCS#12 / PKCS#12 password')
    .option('--pkcs11 <module>', 'thư viện PKCS#11 của token/HSM / PKCS#11 module path')
    .option('--slot <n>', 'khe token / token slot id')
    .option('--token-label <label>', 'nhãn token / token label')
    .option('--pin <pin>', 'mã PIN token / token PIN')
    .option('--key-label <label>', 'nhãn khóa trên token / key label on the token')
    .option('--tsa <url>', 'máy chủ dấu thời gian RFC 3161 (PDF: PAdES-B-T) / RFC 3161 TSA URL')
    .option('--role <role>', `hình thức hiển thị trên PDF: ${ROLES.join('|')} / PDF appearance`)
    .option('--image <png>', 'ảnh chữ ký người có thẩm quyền / leader signature image (PNG)')
    .option('--seal <png>', 'ảnh dấu cơ quan / agency seal image (PNG)')
    .option('--page <n>', 'trang đặt chữ ký (1 = đầu) / page for the signature (1-based)')
    .option(
      '--rect <x,y,w,h>',
      'vị trí ảnh chữ ký (điểm, gốc dưới trái), ví dụ giữa chức vụ và họ tên / signature box in points, origin bottom left',
    )
    .option('--number <số/ký hiệu>', 'số, ký hiệu văn bản (phụ lục) / document number for attachments')
    .option('--reason <text>', 'lý do ký / reason')
    .option('--location <text>', 'nơi ký / location')
    .action(
      action(async (input: string, options: SignOptions, command: Command) => {
        const kind = await sniff(input);
        if (options.role !== undefined && !ROLES.includes(options.role as AppearanceRole))
          usage(`--role phải là / must be one of ${ROLES.join(', ')}`);
        const signer = await signerFrom(options);
        try {
          if (kind === 'edxml') {
            if (options.tsa)
              process.stderr.write('Lưu ý: --tsa chỉ áp dụng cho PDF / note: --tsa applies to PDF only\n');
            await signEdxmlFile(input, options.output, signer);
          } else {
            const tsa = options.tsa;
            const result = await signPdf(await readFile(input), {
              signer,
              ...(options.role ? { role: options.role as AppearanceRole } : {}),
              ...(options.page ? { page: Number(options.page) - 1 } : {}),
              ...(options.rect ? { rect: parseRect(options.rect) } : {}),
              ...(options.image ? { signatureImage: await readFile(options.image) } : {}),
              ...(options.seal ? { sealImage: await readFile(options.seal) } : {}),
              ...(options.number ? { documentNumber: options.number } : {}),
              ...(options.reason ? { reason: options.reason } : {}),
              ...(options.location ? { location: options.location } : {}),
              ...(tsa
                ? {
                    timestamp: async (value: Uint8Array) =>
                      (await requestTimestamp(value, { url: tsa })).token,
                  }
                : {}),
            });
            await writeFile(options.output, result.pdf);
          }
        } finally {
          await signer.close();
        }
        const summary = {
          file: options.output,
          kind,
          signer: signer.certificate.subject,
          algorithm: signer.algorithm,
        };
        if (globalOptions(command).json) printJson(summary);
        else process.stdout.write(`Đã ký / signed (${kind}): ${options.output} — ${summary.signer}\n`);
      }),
    );

  program
    .command('verify <file>')
    .description(
      'kiểm tra chữ ký số của gói tin edXML hoặc PDF / verify the signatures of an edXML package or a PDF',
    )
    .requiredOption('--trust <dir>', 'thư mục tin cậy (chứng thư gốc, CA trung gian, CRL) / trust folder')
    .option('--revocation <mode>', 'kiểm tra thu hồi: hard-fail|soft-fail|off / revocation checking')
    .option('--offline', 'không truy cập mạng để lấy CRL/OCSP / no network for CRL/OCSP')
    .option('--at <time>', 'thời điểm kiểm tra (ISO 8601) / validation time')
    .option('--reject-weak', 'không chấp nhận SHA-1 / refuse SHA-1')
    .action(
      action(
        async (
          file: string,
          options: {
            trust: string;
            revocation?: string;
            offline?: boolean;
            at?: string;
            rejectWeak?: boolean;
          },
          command: Command,
        ) => {
          const revocation: Partial<RevocationPolicy> = {};
          if (options.revocation !== undefined) {
            if (!['hard-fail', 'soft-fail', 'off'].includes(options.revocation))
              usage(
                '--revocation phải là hard-fail, soft-fail hoặc off / must be hard-fail, soft-fail or off',
              );
            (revocation as { mode?: string }).mode = options.revocation;
          }
          if (options.offline) (revocation as { network?: boolean }).network = false;
          const at = options.at !== undefined ? new Date(options.at) : undefined;
          if (at && Number.isNaN(at.getTime()))
            usage('--at phải là thời điểm ISO 8601 / --at must be an ISO 8601 time');
          const policyOptions: TrustPolicyOptions = {
            revocation,
            ...(options.rejectWeak ? { weakAlgorithms: 'reject' as const } : {}),
          };
          const policy = await loadTrustPolicy(options.trust, policyOptions);
          const kind = await sniff(file);
          const json = globalOptions(command).json;
          let valid: boolean;
          if (kind === 'edxml') {
            const report = await verifyEdxmlSignature(createReadStream(file, { highWaterMark: 256 * 1024 }), {
              policy,
              ...(at ? { at } : {}),
              ...(options.rejectWeak ? { weakAlgorithms: 'reject' as const } : {}),
            });
            valid = report.status === 'valid';
            if (json) printJson({ file, kind, ...report });
            else process.stdout.write(edxmlText(file, report));
          } else {
            const report = await verifyPdfSignatures(await readFile(file), { policy, ...(at ? { at } : {}) });
            valid = report.status === 'valid';
            if (json) printJson({ file, kind, ...report });
            else process.stdout.write(pdfText(file, report));
          }
          process.exitCode = valid ? EXIT_OK : EXIT_FAILED;
        },
      ),
    );
}

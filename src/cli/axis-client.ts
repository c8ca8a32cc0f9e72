/**
 * `lienthong axis send|inbox|fetch|ack|status`: an agency's side of the axis from the command line,
 * through src/axis-client over the VXP protocol (the same wire as the official SDK). Credentials come
 * from --endpoint/--system/--secret, the environment (LIENTHONG_AXIS_ENDPOINT, LIENTHONG_AXIS_SYSTEM,
 * LIENTHONG_AXIS_SECRET, read by commander) or a JSON profile file (--profile).
 */
import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { createVxpClient, type VxpClient } from '../axis-client/index.ts';
import { defineErrors } from '../platform/errors.ts';
import { loadP12Signer } from '../trust/index.ts';
import { buildPackageBuffer, parsePackage, type EdxmlPackage } from '../standards/index.ts';
import { axisCommandGroup } from './axis-group.ts';
import { action, globalOptions, printJson } from './context.ts';

const cliErrors = defineErrors({
  'cli.axis_credentials_missing': {
    status: 400,
    vi: 'Thiếu địa chỉ trục, mã hệ thống hoặc khóa bí mật (--endpoint, --system, --secret hoặc --profile)',
    en: 'Missing axis endpoint, system id or secret (--endpoint, --system, --secret or --profile)',
  },
  'cli.axis_profile_invalid': {
    status: 400,
    vi: 'Tệp cấu hình kết nối trục không hợp lệ',
    en: 'Invalid axis profile file',
  },
  'cli.axis_input_invalid': { status: 400, vi: 'Tham số không hợp lệ', en: 'Invalid argument' },
});

interface ConnectionOptions {
  endpoint?: string;
  system?: string;
  secret?: string;
  profile?: string;
}

function withConnection(command: Command): Command {
  return command
    .addOption(
      new Option('--endpoint <url>', 'địa chỉ VXP của trục / VXP endpoint, e.g. http://host:8080/vxp').env(
        'LIENTHONG_AXIS_ENDPOINT',
      ),
    )
    .addOption(new Option('--system <id>', 'mã hệ thống (systemid) / system id').env('LIENTHONG_AXIS_SYSTEM'))
    .addOption(new Option('--secret <secret>', 'khóa bí mật / HMAC secret').env('LIENTHONG_AXIS_SECRET'))
    .option('--profile <file>', 'tệp JSON {endpoint, system, secret} / JSON profile file');
}

async function clientFrom(options: ConnectionOptions): Promise<VxpClient> {
  let profile: ConnectionOptions = {};
  if (options.profile) {
    try {
      profile = JSON.parse(await readFile(options.profile, 'utf8')) as ConnectionOptions;
    } catch (err) {
      throw cliErrors.error('cli.axis_profile_invalid', { file: options.profile }, { cause: err });
    }
  }
  const endpoint = options.endpoint ?? profile.endpoint;
  const systemId = options.system ?? profile.system;
  const secret = options.secret ?? profile.secret;
  if (!endpoint || !systemId || !secret) throw cliErrors.error('cli.axis_credentials_missing');
  return createVxpClient({ endpoint, systemId, secret });
}

function print(command: Command, value: unknown, text: string): void {
  if (globalOptions(command).json) printJson(value);
  else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function parseFile(file: string): Promise<EdxmlPackage> {
  return (await parsePackage(await readFile(file))).package;
}

const STATUS_CODES = ['01', '02', '03', '04', '05', '06', '13', '15', '16'];

/** Vietnam time as edXML writes it: yyyy/MM/dd HH:mm:ss. */
function edxmlNow(now = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3_600_000).toISOString();
  return `${vn.slice(0, 10).replaceAll('-', '/')} ${vn.slice(11, 19)}`;
}

export function registerAxisClient(program: Command): void {
  const axis = axisCommandGroup(program);

  withConnection(
    axis
      .command('send')
      .description('gửi gói tin edXML lên trục / send an edXML package')
      .argument('<file>', 'tệp .edxml / package file')
      .option('--to <code...>', 'thêm nơi nhận / extra recipients (besides the package To)')
      .option('--from <code>', 'mã cơ quan gửi / sending agency (default: From/OrganId of the package)')
      .addOption(new Option('--messagetype <type>', 'edoc hoặc status').choices(['edoc', 'status']))
      .option(
        '--p12 <file>',
        'ký gói tin trước khi gửi bằng khóa PKCS#12 / sign before sending with this key',
      )
      .option('--password <pw>', 'mật khẩu tệp PKCS#12 / PKCS#12 password'),
  ).action(
    action(
      async (
        file: string,
        opts: ConnectionOptions & {
          to?: string[];
          from?: string;
          messagetype?: 'edoc' | 'status';
          p12?: string;
          password?: string;
        },
        command: Command,
      ) => {
        if (opts.password !== undefined && !opts.p12)
          throw cliErrors.error('cli.axis_input_invalid', { reason: '--password needs --p12' });
        // Issue 4: the client signs on send when given a key (enveloped edXML signature, src/trust).
        const signer = opts.p12 ? await loadP12Signer(opts.p12, opts.password ?? '') : undefined;
        const client = await clientFrom(opts);
        const pkg = await parseFile(file);
        const from = opts.from ?? pkg.header.from?.organId;
        if (!from)
          throw cliErrors.error('cli.axis_input_invalid', {
            reason: 'the package has no From/OrganId; pass --from',
          });
        const result = await client.sendEdoc(
          { path: file },
          {
            from,
            messagetype: opts.messagetype ?? pkg.kind,
            ...(opts.to ? { to: opts.to } : {}),
            ...(signer ? { signer } : {}),
          },
        );
        print(
          command,
          {
            docId: result.DocId,
            from,
            kind: opts.messagetype ?? pkg.kind,
            ...(signer ? { signedBy: signer.certificate.subject } : {}),
          },
          `Đã gửi / sent: DocId ${result.DocId}`,
        );
      },
    ),
  );

  withConnection(
    axis
      .command('inbox')
      .description('danh sách văn bản/trạng thái chờ nhận / list waiting deliveries')
      .addOption(new Option('--type <type>', 'edoc hoặc status').choices(['edoc', 'status']).default('edoc'))
      .option('--agency <code>', 'chỉ cơ quan này / only this agency (SaaS systems)')
      .option('--page-size <n>', 'số dòng / page size', (v) => Number(v), 100)
      .option('--page <n>', 'trang / page (1-based)', (v) => Number(v), 1),
  ).action(
    action(
      async (
        opts: ConnectionOptions & {
          type: 'edoc' | 'status';
          agency?: string;
          pageSize: number;
          page: number;
        },
        command: Command,
      ) => {
        const client = await clientFrom(opts);
        const items = await client.getReceivedEdocList({
          messagetype: opts.type,
          pageSize: opts.pageSize,
          pageIndex: opts.page,
          ...(opts.agency ? { to: opts.agency } : {}),
        });
        const lines = items.map((i) => `${i.docId}  ${i.from} → ${i.to}  ${i.status}  ${i.created_time}`);
        print(
          command,
          items,
          items.length === 0 ? 'Không có gói tin chờ nhận / inbox is empty' : lines.join('\n'),
        );
      },
    ),
  );

  withConnection(
    axis
      .command('fetch')
      .description('tải gói tin / download a package')
      .argument('<docId>', 'docId của nơi nhận / receiver docId')
      .requiredOption('-o, --output <file>', 'tệp lưu / output file'),
  ).action(
    action(async (docId: string, opts: ConnectionOptions & { output: string }, command: Command) => {
      const client = await clientFrom(opts);
      const partial = `${opts.output}.partial`;
      try {
        // Streamed to disk; the file appears under its name only once complete.
        await pipeline(await client.downloadEdoc(docId), createWriteStream(partial));
        await rename(partial, opts.output);
      } catch (err) {
        await rm(partial, { force: true });
        throw err;
      }
      print(command, { docId, file: opts.output }, `Đã lưu / saved: ${opts.output}`);
    }),
  );

  withConnection(
    axis
      .command('ack')
      .description('xác nhận đã nhận (updateStatus) / transport acknowledgement')
      .argument('<docId>', 'docId của nơi nhận / receiver docId')
      .addOption(
        new Option('--result <result>', 'done | fail | processing')
          .choices(['done', 'fail', 'processing'])
          .default('done'),
      )
      .option('--description <text>', 'ghi chú / note'),
  ).action(
    action(
      async (
        docId: string,
        opts: ConnectionOptions & { result: 'done' | 'fail' | 'processing'; description?: string },
        command: Command,
      ) => {
        const client = await clientFrom(opts);
        await client.updateStatus(docId, opts.result, opts.description);
        print(
          command,
          { docId, result: opts.result },
          `Đã xác nhận / acknowledged: ${docId} (${opts.result})`,
        );
      },
    ),
  );

  withConnection(
    axis
      .command('status')
      .description('gửi trạng thái xử lý (01–06, 13, 15, 16) / send a business status package')
      .argument('<docId>', 'docId của văn bản đã nhận / receiver docId of the document')
      .requiredOption('--code <code>', `mã trạng thái / status code (${STATUS_CODES.join(', ')})`)
      .option('--description <text>', 'mô tả / description')
      .option('--from <code>', 'cơ quan báo trạng thái / reporting agency (default: the package recipient)')
      .option('--staff <name>', 'cán bộ / staff name')
      .option('--department <name>', 'đơn vị / department'),
  ).action(
    action(
      async (
        docId: string,
        opts: ConnectionOptions & {
          code: string;
          description?: string;
          from?: string;
          staff?: string;
          department?: string;
        },
        command: Command,
      ) => {
        if (!STATUS_CODES.includes(opts.code)) {
          throw cliErrors.error('cli.axis_input_invalid', { code: opts.code, allowed: STATUS_CODES });
        }
        const client = await clientFrom(opts);
        // The status names the document it answers (ResponseFor): read it from the delivered package.
        const original = (await parsePackage(await client.getEdoc(docId))).package;
        const recipients = original.header.to.map((t) => t.organId).filter((c): c is string => !!c);
        const from = opts.from ?? (recipients.length === 1 ? recipients[0] : undefined);
        if (!from) {
          throw cliErrors.error('cli.axis_input_invalid', {
            reason: 'the package has several recipients; pass --from <your agency code>',
          });
        }
        // QCVN 102 requires From/OrganName: the package's own To entry names us, else the axis directory.
        const organName =
          original.header.to.find((t) => t.organId === from)?.organName ??
          (await client.getAgenciesList()).find((a) => a.code === from)?.name ??
          from;
        const code = original.header.code;
        const status = await buildPackageBuffer({
          kind: 'status',
          header: {
            from: { organId: from, organName },
            to: [],
            responseFor: [
              {
                organId: original.header.from?.organId ?? '',
                code: [code?.codeNumber, code?.codeNotation].filter(Boolean).join('/'),
                promulgationDate: original.header.promulgationInfo?.promulgationDate ?? '',
                documentId: original.header.documentId ?? '',
              },
            ],
            traceHeaders: [],
          },
          status: {
            statusCode: opts.code,
            ...(opts.description ? { description: opts.description } : {}),
            timestamp: edxmlNow(),
            ...(opts.department || opts.staff
              ? {
                  staffInfo: {
                    ...(opts.department ? { department: opts.department } : {}),
                    ...(opts.staff ? { staff: opts.staff } : {}),
                  },
                }
              : {}),
          },
        });
        const result = await client.sendEdoc(status, { from, messagetype: 'status' });
        print(
          command,
          { docId: result.DocId, statusCode: opts.code, responseFor: original.header.documentId },
          `Đã gửi trạng thái ${opts.code} / status sent: DocId ${result.DocId}`,
        );
      },
    ),
  );
}

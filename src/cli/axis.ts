/**
 * `lienthong axis agencies|systems|evidence …`: the axis operator's registry and evidence commands.
 * A stable contract (issue 3): scripts depend on the names, options and `--json` shapes. Every
 * command honours --data / DATABASE_URL. Secrets are printed only by `rotate-secret`, once.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Argument, type Command } from 'commander';
import cliProgress from 'cli-progress';
import {
  createAxis,
  exportEvidence,
  importAgencies,
  listAgencies,
  listSystems,
  parseAgencyFile,
  registerAgency,
  registerSystem,
  rotateSecret,
  setSignaturePolicy,
  setValidationMode,
  isStandardAgencyCode,
  VALIDATION_MODES,
  setSystemStatus,
  SIGNATURE_POLICIES,
  verifyEvidence,
  type Axis,
} from '../axis/index.ts';
import { openPlatform } from '../main.ts';
import { axisCommandGroup } from './axis-group.ts';
import { action, configFrom, globalOptions, printJson, EXIT_FAILED } from './context.ts';

const ACTOR = 'cli';

async function withAxis<T>(command: Command, run: (axis: Axis) => Promise<T>): Promise<T> {
  const config = configFrom(command);
  const platform = await openPlatform(config);
  try {
    const axis = createAxis({
      database: platform.database,
      blobs: platform.blobs,
      secretKey: config.secretKey,
      maxPackageBytes: config.maxPackageBytes,
      vxpTimestampWindowSeconds: config.vxpTimestampWindowSeconds,
      trustDir: config.trustDir,
      validationMode: config.axisValidationMode,
    });
    return await run(axis);
  } finally {
    await platform.close();
  }
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export function registerAgencyCommands(axisGroup: Command): void {
  const agencies = axisGroup.command('agencies').description('danh mục cơ quan / agency registry');
  agencies
    .command('add')
    .description('thêm cơ quan / add an agency')
    .requiredOption('--code <code>', 'mã định danh QCVN 102 / QCVN 102 code, e.g. 000.00.00.H41')
    .requiredOption('--name <name>', 'tên cơ quan / name')
    .option('--parent <code>', 'cơ quan cấp trên / parent code')
    .option('--code-qd20 <code>', 'mã QĐ 20/2020 / QĐ 20 code')
    .option('--mail <mail>', 'thư điện tử / e-mail')
    .option('--successor <code>', 'cơ quan kế thừa (khi đã sáp nhập) / successor when retired')
    .action(
      action(
        async (
          opts: {
            code: string;
            name: string;
            parent?: string;
            codeQd20?: string;
            mail?: string;
            successor?: string;
          },
          command: Command,
        ) => {
          const created = await withAxis(command, (axis) =>
            registerAgency(axis.stores, {
              code: opts.code,
              name: opts.name,
              ...(opts.parent ? { parentCode: opts.parent } : {}),
              ...(opts.codeQd20 ? { codeQd20: opts.codeQd20 } : {}),
              ...(opts.mail ? { mail: opts.mail } : {}),
              ...(opts.successor ? { successorCode: opts.successor } : {}),
              actor: ACTOR,
            }),
          );
          if (globalOptions(command).json) printJson(created);
          else
            process.stdout.write(
              `Đã thêm / added ${created.code} (cấp / level ${created.level}) ${created.name}\n`,
            );
        },
      ),
    );
  agencies
    .command('import')
    .description('nhập danh mục từ tệp CSV hoặc JSON / import agencies from a CSV or JSON file')
    .argument('<file>', 'tệp .csv hoặc .json / a .csv or .json file')
    .action(
      action(async (file: string, _opts: unknown, command: Command) => {
        const format = extname(file).toLowerCase() === '.csv' ? 'csv' : 'json';
        const records = parseAgencyFile(await readFile(file, 'utf8'), format);
        const bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: 'Nhập / importing [{bar}] {value}/{total}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        const json = globalOptions(command).json;
        if (!json) bar.start(records.length, 0);
        let result;
        try {
          result = await withAxis(command, (axis) =>
            importAgencies(axis.stores, {
              records,
              actor: ACTOR,
              onProgress: (done) => (json ? undefined : bar.update(done)),
            }),
          );
        } finally {
          if (!json) bar.stop();
        }
        if (json) printJson(result);
        else
          process.stdout.write(
            `Đã nhập / imported ${result.total}: ${result.inserted} mới / new, ${result.updated} cập nhật / updated\n`,
          );
      }),
    );
  agencies
    .command('list')
    .description('liệt kê cơ quan / list agencies')
    .option('--level <n>', 'chỉ cấp / only level 1–4')
    .option('--all', 'kể cả cơ quan đã giải thể / include retired ones')
    .action(
      action(async (opts: { level?: string; all?: boolean }, command: Command) => {
        const list = await withAxis(command, (axis) =>
          listAgencies(axis.stores, {
            ...(opts.level ? { level: Number(opts.level) } : {}),
            includeDeleted: !!opts.all,
          }),
        );
        // standards-vn §1.2: test environments use codes outside QCVN 102 / QĐ 20 (vxp.saas.03, 28.22.H17):
        // the registry accepts them and flags them here.
        if (globalOptions(command).json) {
          printJson(list.map((a) => ({ ...a, standardCode: isStandardAgencyCode(a.code) })));
          return;
        }
        process.stdout.write(
          table([
            [
              'MÃ / CODE',
              'CẤP',
              'TRẠNG THÁI',
              'KẾ THỪA',
              'CHỮ KÝ / SIGNATURE',
              'KIỂM TRA / VALIDATION',
              'TÊN / NAME',
            ],
            ...list.map((a) => [
              isStandardAgencyCode(a.code) ? a.code : `${a.code} (không chuẩn / non-standard)`,
              String(a.level),
              a.status,
              a.successorCode ?? '',
              a.signaturePolicy,
              a.validationMode ?? 'default',
              a.name,
            ]),
          ]),
        );
      }),
    );
  agencies
    .command('set-signature-policy')
    .description(
      "chính sách chữ ký số với gói tin của cơ quan / signature policy for the agency's packages: " +
        'flag (nhận và ghi nhận / accept and record, default), refuse-weak (từ chối SHA-1 / refuse SHA-1), ' +
        'require (bắt buộc chữ ký hợp lệ / a valid signature is required)',
    )
    .argument('<code>', 'mã cơ quan / agency code')
    .addArgument(new Argument('<policy>', 'flag | refuse-weak | require').choices(SIGNATURE_POLICIES))
    .action(
      action(async (code: string, policy: string, _opts: unknown, command: Command) => {
        const agency = await withAxis(command, (axis) =>
          setSignaturePolicy(axis.stores, { code, policy, actor: ACTOR }),
        );
        if (globalOptions(command).json)
          printJson({ code: agency.code, signaturePolicy: agency.signaturePolicy });
        else
          process.stdout.write(
            `${agency.code}: chính sách chữ ký / signature policy ${agency.signaturePolicy}\n`,
          );
      }),
    );
  agencies
    .command('set-validation-mode')
    .description(
      "mức kiểm tra gói tin của cơ quan / validation of the agency's packages: lenient (chỉ từ chối gói không " +
        'chuyển được / refuse only undeliverable packages), strict (từ chối mọi lỗi / refuse any error-level ' +
        'finding), default (theo cấu hình trục / the axis setting AXIS_VALIDATION)',
    )
    .argument('<code>', 'mã cơ quan / agency code')
    .addArgument(
      new Argument('<mode>', 'lenient | strict | default').choices([...VALIDATION_MODES, 'default']),
    )
    .action(
      action(async (code: string, mode: string, _opts: unknown, command: Command) => {
        const agency = await withAxis(command, (axis) =>
          setValidationMode(axis.stores, { code, mode, actor: ACTOR }),
        );
        if (globalOptions(command).json)
          printJson({ code: agency.code, validationMode: agency.validationMode });
        else
          process.stdout.write(
            `${agency.code}: kiểm tra gói tin / validation ${agency.validationMode ?? 'default'}\n`,
          );
      }),
    );
}

export function registerSystemCommands(axisGroup: Command): void {
  const systems = axisGroup
    .command('systems')
    .description('hệ thống kết nối trục / systems connected to the axis');
  systems
    .command('add')
    .description('đăng ký hệ thống / register a system')
    .requiredOption('--id <systemid>', 'mã hệ thống (systemid của SDK) / system id')
    .requiredOption('--secret <secret>', 'khóa bí mật HMAC (16–256 ký tự) / HMAC secret (16–256 characters)')
    .requiredOption(
      '--agency <code>',
      'cơ quan hệ thống gửi/nhận thay (lặp lại được) / agency served (repeatable)',
      collect,
    )
    .option('--name <name>', 'tên hệ thống / name')
    .action(
      action(
        async (opts: { id: string; secret: string; agency: string[]; name?: string }, command: Command) => {
          const created = await withAxis(command, (axis) =>
            registerSystem(axis.stores, {
              systemId: opts.id,
              secret: opts.secret,
              agencies: opts.agency,
              ...(opts.name ? { name: opts.name } : {}),
              actor: ACTOR,
            }),
          );
          if (globalOptions(command).json) printJson(created);
          else
            process.stdout.write(
              `Đã đăng ký / registered ${created.systemId} cho / for ${created.agencies.join(', ')}\n`,
            );
        },
      ),
    );
  systems
    .command('list')
    .description('liệt kê hệ thống (không in khóa bí mật) / list systems (never prints secrets)')
    .action(
      action(async (_opts: unknown, command: Command) => {
        const list = await withAxis(command, (axis) => listSystems(axis.stores));
        if (globalOptions(command).json) {
          printJson(list);
          return;
        }
        process.stdout.write(
          table([
            ['SYSTEMID', 'TRẠNG THÁI', 'ĐỔI KHÓA / ROTATED', 'CƠ QUAN / AGENCIES'],
            ...list.map((s) => [
              s.systemId,
              s.status,
              s.secretRotatedAt.toISOString(),
              s.agencies.join(', '),
            ]),
          ]),
        );
      }),
    );
  systems
    .command('rotate-secret')
    .description('tạo khóa bí mật mới, in ra một lần / generate a new secret, printed once')
    .argument('<id>', 'mã hệ thống / system id')
    .action(
      action(async (id: string, _opts: unknown, command: Command) => {
        const rotated = await withAxis(command, (axis) =>
          rotateSecret(axis.stores, { systemId: id, actor: ACTOR }),
        );
        if (globalOptions(command).json) printJson(rotated);
        else {
          process.stderr.write(
            'Khóa mới chỉ hiển thị một lần; cấu hình ngay vào hệ thống / the new secret is shown once:\n',
          );
          process.stdout.write(`${rotated.secret}\n`);
        }
      }),
    );
  for (const status of ['suspend', 'activate'] as const) {
    systems
      .command(status)
      .description(
        status === 'suspend' ? 'tạm dừng hệ thống / suspend a system' : 'kích hoạt lại / reactivate a system',
      )
      .argument('<id>', 'mã hệ thống / system id')
      .action(
        action(async (id: string, _opts: unknown, command: Command) => {
          await withAxis(command, (axis) =>
            setSystemStatus(axis.stores, {
              systemId: id,
              status: status === 'suspend' ? 'suspended' : 'active',
              actor: ACTOR,
            }),
          );
          process.stdout.write(`${id}: ${status === 'suspend' ? 'suspended' : 'active'}\n`);
        }),
      );
  }
}

export function registerEvidenceCommands(axisGroup: Command): void {
  const evidence = axisGroup.command('evidence').description('nhật ký bằng chứng / evidence log');
  evidence
    .command('verify')
    .description('kiểm tra chuỗi băm / verify the hash chain')
    .action(
      action(async (_opts: unknown, command: Command) => {
        const result = await withAxis(command, (axis) => verifyEvidence(axis.stores));
        if (globalOptions(command).json) printJson(result);
        else if (result.valid)
          process.stdout.write(
            `Chuỗi bằng chứng hợp lệ / evidence chain valid: ${result.count} mục / entries, head ${result.headHash}\n`,
          );
        else
          process.stderr.write(
            `Chuỗi bằng chứng BỊ PHÁ VỠ tại / evidence chain BROKEN at seq ${result.seq}: ${result.reason}\n`,
          );
        if (!result.valid) process.exitCode = EXIT_FAILED;
      }),
    );
  evidence
    .command('export')
    .description('toàn bộ vòng đời một văn bản / one document’s whole life')
    .argument('<docId>', 'DocId của gói tin / package DocId')
    .action(
      action(async (docId: string, _opts: unknown, command: Command) => {
        const events = await withAxis(command, (axis) => exportEvidence(axis.stores, { docId }));
        if (globalOptions(command).json) {
          printJson(events);
          return;
        }
        for (const e of events) {
          process.stdout.write(
            `${e.seq}\t${e.at.toISOString()}\t${e.eventType}\t${e.actor ?? ''}\t${JSON.stringify(e.details)}\n`,
          );
        }
      }),
    );
}

/** `lienthong axis` registry and evidence commands (the client commands live in axis-client.ts). */
export function registerAxis(program: Command): void {
  const axisGroup = axisCommandGroup(program);
  registerAgencyCommands(axisGroup);
  registerSystemCommands(axisGroup);
  registerEvidenceCommands(axisGroup);
}

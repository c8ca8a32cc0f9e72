import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  ALL_PURPOSES,
  CRL_REASONS,
  loadTrustPolicy,
  parseCertificates,
  readP12,
  validateCertificatePath,
  type CertificatePurpose,
  type PathValidationResult,
  formatDistinguishedName,
  hierarchyFiles,
  initCa,
  isCrlReason,
  issueCertificate,
  readCaConfig,
  revokeCertificate,
  startTestPkiServices,
  tsaFiles,
  writeCrl,
  type Hierarchy,
} from '../trust/index.ts';
import { EXIT_FAILED, EXIT_USAGE, action, globalOptions, printJson } from './context.ts';

function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT_USAGE);
}

function hierarchyOption(value: string | undefined): Hierarchy {
  if (value === undefined || value === 'government') return 'government';
  if (value === 'public') return 'public';
  return usage('--root phải là government hoặc public / --root must be government or public');
}

function fingerprint(der: ArrayBuffer): string {
  return createHash('sha256').update(Buffer.from(der)).digest('hex').toUpperCase();
}

/** `lienthong pki …`: the test certificate authority (a stable contract, scripted by tests and demos). */
export function registerPki(program: Command): void {
  const pki = program
    .command('pki')
    .description('hạ tầng khóa công khai thử nghiệm / test PKI (CA, CRL, OCSP, TSA)');

  pki
    .command('init <dir>')
    .description(
      'tạo CA thử nghiệm: gốc chuyên dùng Chính phủ + gốc công cộng, CA cấp phát, CRL, OCSP, TSA / create a test PKI',
    )
    .option('--key-bits <n>', 'độ dài khóa RSA / RSA key size', '2048')
    .option(
      '--crl-base-url <url>',
      'nơi phát hành CRL / base URL of the CRL distribution points',
      'http://127.0.0.1:2580',
    )
    .option(
      '--ocsp-url-government <url>',
      'OCSP của CA chuyên dùng / government OCSP responder URL',
      'http://127.0.0.1:2560',
    )
    .option(
      '--ocsp-url-public <url>',
      'OCSP của CA công cộng / public OCSP responder URL',
      'http://127.0.0.1:2561',
    )
    .action(
      action(
        async (
          dir: string,
          opts: { keyBits: string; crlBaseUrl: string; ocspUrlGovernment: string; ocspUrlPublic: string },
          command: Command,
        ) => {
          const keyBits = Number(opts.keyBits);
          if (![2048, 3072, 4096].includes(keyBits)) usage('--key-bits: 2048 | 3072 | 4096');
          const config = await initCa(dir, {
            keyBits,
            crlBaseUrl: opts.crlBaseUrl,
            ocspUrls: { government: opts.ocspUrlGovernment, public: opts.ocspUrlPublic },
          });
          const files = {
            government: hierarchyFiles(dir, 'government'),
            public: hierarchyFiles(dir, 'public'),
            tsa: tsaFiles(dir),
          };
          if (globalOptions(command).json) {
            printJson({ dir, config, files });
            return;
          }
          const out = process.stdout;
          out.write(`Đã tạo CA thử nghiệm / test PKI created in ${dir}\n`);
          for (const h of ['government', 'public'] as const) {
            const f = files[h];
            out.write(
              `  ${h}: root ${f.root}\n          issuing CA ${f.issuing}\n          CRL ${f.crlPem}\n`,
            );
            out.write(
              `          OCSP: openssl ocsp -index ${f.index} -CA ${f.chain} -rsigner ${f.ocsp} -rkey ${f.ocspKey} -port <port>  (${config.hierarchies[h].ocspUrl})\n`,
            );
          }
          out.write(`  TSA: openssl ts -reply -config ${files.tsa.config} -queryfile <req> -out <resp>\n`);
        },
      ),
    );

  pki
    .command('issue')
    .description(
      'cấp chứng thư số cho cơ quan (con dấu) hoặc cá nhân (lãnh đạo) / issue an agency or personal certificate',
    )
    .requiredOption('--type <type>', 'agency | person')
    .requiredOption('--subject <dn>', 'tên phân biệt / DN, e.g. "CN=Nguyễn Văn A,O=Văn phòng Chính phủ,C=VN"')
    .requiredOption('--ca <dir>', 'thư mục CA (pki init) / CA folder')
    .requiredOption('--out <file.p12>', 'tệp PKCS#12 đầu ra / output PKCS#12 file')
    .requiredOption('--password <pw>', 'mật khẩu PKCS#12 / PKCS#12 password')
    .option('--root <hierarchy>', 'government | public', 'government')
    .option('--days <n>', 'thời hạn (ngày) / validity in days', '730')
    .action(
      action(
        async (
          opts: {
            type: string;
            subject: string;
            ca: string;
            out: string;
            password: string;
            root: string;
            days: string;
          },
          command: Command,
        ) => {
          if (opts.type !== 'agency' && opts.type !== 'person')
            usage('--type phải là agency hoặc person / must be agency or person');
          const days = Number(opts.days);
          if (!Number.isInteger(days) || days < 1 || days > 3650) usage('--days: 1..3650');
          const notBefore = new Date(Date.now() - 60_000);
          const issued = await issueCertificate({
            type: opts.type,
            subject: opts.subject,
            caDir: opts.ca,
            hierarchy: hierarchyOption(opts.root),
            password: opts.password,
            out: opts.out,
            notBefore,
            notAfter: new Date(notBefore.getTime() + days * 86_400_000),
          });
          const result = {
            file: opts.out,
            serial: issued.serial,
            subject: formatDistinguishedName(issued.certificate.subjectName),
            issuer: formatDistinguishedName(issued.certificate.issuerName),
            hierarchy: issued.hierarchy,
            notBefore: issued.certificate.notBefore.toISOString(),
            notAfter: issued.certificate.notAfter.toISOString(),
            sha256: fingerprint(issued.certificate.rawData),
          };
          if (globalOptions(command).json) printJson(result);
          else
            process.stdout.write(
              `Đã cấp / issued ${result.subject}\n  serial ${result.serial}\n  issuer ${result.issuer}\n  ${result.notBefore} → ${result.notAfter}\n  PKCS#12: ${result.file}\n`,
            );
        },
      ),
    );

  pki
    .command('revoke')
    .description(
      'thu hồi chứng thư số, cập nhật CRL và cơ sở dữ liệu OCSP / revoke, regenerate the CRL and OCSP index',
    )
    .requiredOption('--ca <dir>', 'thư mục CA / CA folder')
    .requiredOption('--serial <hex>', 'số hiệu chứng thư / serial number (hex)')
    .option('--reason <reason>', Object.keys(CRL_REASONS).join(' | '))
    .action(
      action(async (opts: { ca: string; serial: string; reason?: string }, command: Command) => {
        if (opts.reason !== undefined && !isCrlReason(opts.reason))
          usage(`--reason: ${Object.keys(CRL_REASONS).join(' | ')}`);
        const reason = opts.reason !== undefined && isCrlReason(opts.reason) ? opts.reason : undefined;
        const { hierarchy, crl } = await revokeCertificate({
          caDir: opts.ca,
          serial: opts.serial,
          ...(reason ? { reason } : {}),
        });
        const result = {
          serial: opts.serial,
          hierarchy,
          reason: reason ?? null,
          crl: hierarchyFiles(opts.ca, hierarchy).crlPem,
          crlEntries: crl.entries.length,
        };
        if (globalOptions(command).json) printJson(result);
        else
          process.stdout.write(
            `Đã thu hồi / revoked ${opts.serial} (${hierarchy}); CRL: ${result.crl} (${result.crlEntries} entries)\n`,
          );
      }),
    );

  pki
    .command('check <certificate>')
    .description(
      'kiểm tra chứng thư số theo chính sách tin cậy (chuỗi, hạn, mục đích, thu hồi) / validate a certificate under a trust policy',
    )
    .requiredOption('--trust <dir>', 'thư mục tin cậy / trust folder (pki init output)')
    .option('--purpose <purpose>', ALL_PURPOSES.join(' | '), 'document-signing')
    .option('--at <time>', 'thời điểm ký (ISO 8601) / signing time, default now')
    .option('--password <pw>', 'mật khẩu nếu là tệp PKCS#12 / password when the file is PKCS#12')
    .option('--hierarchies <list>', 'government,public')
    .option('--revocation <mode>', 'soft-fail | hard-fail | off')
    .option('--offline', 'không truy cập CRL/OCSP qua mạng / no network revocation checks')
    .action(
      action(
        async (
          file: string,
          opts: {
            trust: string;
            purpose: string;
            at?: string;
            password?: string;
            hierarchies?: string;
            revocation?: string;
            offline?: boolean;
          },
          command: Command,
        ) => {
          if (!ALL_PURPOSES.includes(opts.purpose as CertificatePurpose))
            usage(`--purpose: ${ALL_PURPOSES.join(' | ')}`);
          const at = opts.at ? new Date(opts.at) : undefined;
          if (at && Number.isNaN(at.getTime())) usage('--at: ISO 8601, e.g. 2025-07-01T09:00:00+07:00');
          const hierarchies = opts.hierarchies?.split(',').map((h) => hierarchyOption(h.trim()));
          const mode = opts.revocation;
          if (mode !== undefined && mode !== 'soft-fail' && mode !== 'hard-fail' && mode !== 'off') {
            usage('--revocation: soft-fail | hard-fail | off');
          }
          const bytes = await readFile(file);
          const certificates =
            opts.password !== undefined
              ? (() => {
                  const p12 = readP12(bytes, opts.password);
                  return [p12.certificate, ...p12.chain];
                })()
              : parseCertificates(bytes);
          const [leaf, ...intermediates] = certificates;
          if (!leaf) usage('không có chứng thư trong tệp / no certificate in the file');
          const policy = await loadTrustPolicy(opts.trust, {
            ...(hierarchies ? { hierarchies } : {}),
            revocation: { ...(mode ? { mode } : {}), ...(opts.offline ? { network: false } : {}) },
          });
          const result = await validateCertificatePath(leaf, {
            policy,
            purpose: opts.purpose as CertificatePurpose,
            intermediates,
            ...(at ? { at } : {}),
          });
          if (globalOptions(command).json) printJson(checkReport(result));
          else process.stdout.write(checkText(result));
          if (!result.valid) process.exitCode = EXIT_FAILED;
        },
      ),
    );

  pki
    .command('serve')
    .description(
      'chạy OCSP (openssl ocsp), phát hành CRL qua HTTP và TSA (openssl ts) của CA thử nghiệm / serve the test PKI: OCSP, CRLs, TSA',
    )
    .requiredOption('--ca <dir>', 'thư mục CA / CA folder')
    .option('--tsa-port <port>', 'cổng TSA / TSA port', '2590')
    .action(
      action(async (opts: { ca: string; tsaPort: string }, command: Command) => {
        const tsaPort = Number(opts.tsaPort);
        if (!Number.isInteger(tsaPort) || tsaPort < 0 || tsaPort > 65535) usage('--tsa-port: 0..65535');
        const services = await startTestPkiServices(opts.ca, { tsaPort });
        const info = { ocsp: services.ocspUrls, crl: services.crlBaseUrl, tsa: services.tsaUrl };
        if (globalOptions(command).json) printJson(info);
        else
          process.stdout.write(
            `Đang phục vụ / serving (Ctrl+C để dừng / to stop)\n  OCSP: ${info.ocsp.government} (government), ${info.ocsp.public} (public)\n  CRL:  ${info.crl}/<hierarchy>-issuing-ca.crl\n  TSA:  ${info.tsa}\n`,
          );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await services.close();
      }),
    );

  pki
    .command('crl')
    .description('phát hành lại CRL (hiệu lực 7 ngày) / reissue the CRLs (valid 7 days)')
    .requiredOption('--ca <dir>', 'thư mục CA / CA folder')
    .action(
      action(async (opts: { ca: string }, command: Command) => {
        const config = await readCaConfig(opts.ca);
        const files: string[] = [];
        for (const h of ['government', 'public'] as const) {
          await writeCrl(opts.ca, h, config);
          await writeCrl(opts.ca, h, config, new Date(), 'root');
          files.push(hierarchyFiles(opts.ca, h).crlPem, hierarchyFiles(opts.ca, h).rootCrlPem);
        }
        if (globalOptions(command).json) printJson({ crls: files });
        else process.stdout.write(`Đã phát hành CRL / CRLs issued: ${files.join(', ')}\n`);
      }),
    );
}

function checkReport(result: PathValidationResult) {
  return {
    valid: result.valid,
    hierarchy: result.hierarchy ?? null,
    trustAnchor: result.trustAnchor?.subject ?? null,
    chain: result.chain.map((c) => ({
      subject: c.subject,
      issuer: c.issuer,
      serial: c.serialNumber,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
    })),
    revocation: result.revocation,
    problems: result.problems,
  };
}

function checkText(result: PathValidationResult): string {
  const lines = [
    result.valid ? 'HỢP LỆ / VALID' : 'KHÔNG HỢP LỆ / INVALID',
    `  hệ thống / hierarchy: ${result.hierarchy ?? '-'}`,
    ...result.chain.map(
      (c, i) => `  ${i === 0 ? 'chứng thư / certificate' : 'cấp bởi / issued by'}: ${c.subject}`,
    ),
    `  thu hồi / revocation: ${result.revocation.status} (${result.revocation.source})${result.revocation.reason ? ` — ${result.revocation.reason}` : ''}`,
    ...result.problems.map((p) => `  [${p.severity}] ${p.code}: ${p.vi} / ${p.en}`),
  ];
  return lines.join('\n') + '\n';
}

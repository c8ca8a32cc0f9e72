/**
 * The demo's PKI: a test special-purpose CA shaped like Ban Cơ yếu Chính phủ's (`lienthong pki init`,
 * marked THỬ NGHIỆM) kept under `DATA_DIR/demo-pki/ca`, a trust folder for the axis beside it
 * (`DATA_DIR/demo-pki/trust`: the Government root and issuing CA, the CRLs and a trust-policy.json),
 * and one agency seal certificate per simulated agency, issued on the agency's first signature and
 * kept as a PKCS#12 file (`DATA_DIR/demo-pki/agencies/<code>.p12`), as an agency's document system
 * would keep its key. Everything is reused on the next start.
 *
 * Startup stays fast: creating the CA (7 RSA-2048 keys) takes about half a second on the first start
 * only; agency keys (about 0.1 s each) are made one at a time as the simulator first signs for them.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  caConfigPath,
  hierarchyFiles,
  initCa,
  issueCertificate,
  loadP12Signer,
  readCaConfig,
  writeCrl,
  type Signer,
} from '../trust/index.ts';
import type { DemoAgency } from './demo-nation.ts';

/** Share of the simulator's packages that are signed (the rest are sent unsigned, as some systems still do). */
export const DEMO_SIGNED_SHARE = 0.85;

export interface DemoPki {
  /** The test CA (`lienthong pki serve --ca <caDir>` serves its OCSP, CRLs and TSA). */
  readonly caDir: string;
  /** The axis's trust folder for the demo (TRUST_DIR when none is configured). */
  readonly trustDir: string;
  /** The agency's seal signer: issued by the demo CA on first use, then read from its PKCS#12 file. */
  signerFor(agency: Pick<DemoAgency, 'code' | 'name'>): Promise<Signer>;
}

/** RFC 4514 escaping of a DN value ("Bộ Văn hóa, Thể thao và Du lịch" has a comma). */
function dnValue(value: string): string {
  return value.replace(/[\\,;+"<>=#]/g, (c) => `\\${c}`);
}

/**
 * The seal certificate's subject: the agency's name, its code (QCVN 102) as OU. (UID is the more
 * usual attribute for such an identifier and src/trust encodes it now; OU is kept so demo data made
 * by earlier versions reads the same.)
 */
export function demoSealSubject(agency: Pick<DemoAgency, 'code' | 'name'>): string {
  const name = dnValue(agency.name);
  return `CN=${name},OU=${dnValue(agency.code)},O=${name},C=VN`;
}

/**
 * Opens the demo PKI under `dataDir`, creating the CA on the first call. Each call re-signs the
 * Government issuing CA's CRL (valid 7 days) and refreshes the trust folder, so a restarted demo
 * never carries a stale CRL.
 */
export async function openDemoPki(options: { dataDir: string; secretKey: Buffer }): Promise<DemoPki> {
  const base = join(options.dataDir, 'demo-pki');
  const caDir = join(base, 'ca');
  const trustDir = join(base, 'trust');
  const agenciesDir = join(base, 'agencies');
  if (!existsSync(caConfigPath(caDir))) {
    // A CA folder without ca.json is what an interrupted first start leaves: start over.
    await rm(caDir, { recursive: true, force: true });
    await rm(agenciesDir, { recursive: true, force: true });
    await mkdir(base, { recursive: true });
    await initCa(caDir);
  }
  const config = await readCaConfig(caDir);
  await writeCrl(caDir, 'government', config);
  await writeCrl(caDir, 'government', config, new Date(), 'root');
  const files = hierarchyFiles(caDir, 'government');
  await mkdir(trustDir, { recursive: true });
  await mkdir(agenciesDir, { recursive: true });
  await copyFile(files.root, join(trustDir, 'government-root.pem'));
  await copyFile(files.issuing, join(trustDir, 'government-issuing-ca.pem'));
  await copyFile(files.crlPem, join(trustDir, 'government-issuing-ca.crl.pem'));
  await copyFile(files.rootCrlPem, join(trustDir, 'government-root.crl.pem'));
  // Only the special-purpose (Government) hierarchy; revocation from the CRLs in this folder, no
  // network (the demo CA's OCSP responder runs only under `lienthong pki serve`).
  await writeFile(
    join(trustDir, 'trust-policy.json'),
    JSON.stringify(
      { hierarchies: ['government'], revocation: { mode: 'soft-fail', prefer: 'crl', network: false } },
      null,
      2,
    ) + '\n',
  );

  const passwordOf = (code: string) =>
    createHmac('sha256', options.secretKey).update(`lienthong demo seal ${code}`).digest('base64url');
  const signers = new Map<string, Promise<Signer>>();
  // Issuing rewrites the CA's index: one issuance at a time.
  let issuing: Promise<unknown> = Promise.resolve();
  const load = async (agency: Pick<DemoAgency, 'code' | 'name'>): Promise<Signer> => {
    const path = join(agenciesDir, `${agency.code}.p12`);
    const password = passwordOf(agency.code);
    if (existsSync(path)) {
      try {
        return await loadP12Signer(path, password);
      } catch {
        // Unreadable (another SECRET_KEY, a torn write): issue a new seal below.
      }
    }
    const issue = issuing.then(() =>
      issueCertificate({ caDir, type: 'agency', subject: demoSealSubject(agency), password }),
    );
    issuing = issue.catch(() => undefined);
    const issued = await issue;
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, issued.p12, { mode: 0o600 });
    await rename(temporary, path);
    return loadP12Signer(issued.p12, password);
  };
  return {
    caDir,
    trustDir,
    signerFor(agency) {
      let signer = signers.get(agency.code);
      if (!signer) {
        signer = load(agency);
        signers.set(agency.code, signer);
        signer.catch(() => signers.delete(agency.code));
      }
      return signer;
    },
  };
}

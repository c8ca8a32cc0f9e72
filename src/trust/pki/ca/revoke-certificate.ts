import 'reflect-metadata';
import type * as x509 from '@peculiar/x509';
import { pkiErrors } from '../errors.ts';
import type { Hierarchy } from '../trust-policy.ts';
import {
  formatIndex,
  hierarchyFiles,
  readCaConfig,
  readIndex,
  writeCrl,
  writeFileAtomic,
  type CrlReasonName,
} from './ca-store.ts';

export interface RevokeOptions {
  readonly caDir: string;
  /** Serial number, hex (case and leading zeros ignored). */
  readonly serial: string;
  readonly reason?: CrlReasonName;
  readonly revokedAt?: Date;
}

const normalSerial = (s: string) => s.toUpperCase().replace(/^0+/, '');

/**
 * `lienthong pki revoke`: marks the certificate revoked in its hierarchy's openssl index (the OCSP
 * responder's database) and regenerates that issuing CA's CRL — or, for an issuing CA's serial,
 * the root's CRL.
 */
export async function revokeCertificate(
  options: RevokeOptions,
): Promise<{ hierarchy: Hierarchy; crl: x509.X509Crl }> {
  const config = await readCaConfig(options.caDir);
  for (const hierarchy of ['government', 'public'] as const) {
    const files = hierarchyFiles(options.caDir, hierarchy);
    // End entities are in the issuing CA's index; the issuing CA itself in the root's.
    for (const [level, index] of [
      ['issuing', files.index],
      ['root', files.rootIndex],
    ] as const) {
      const entries = await readIndex(index);
      const entry = entries.find((e) => normalSerial(e.serial) === normalSerial(options.serial));
      if (!entry) continue;
      if (entry.status !== 'R') {
        entry.status = 'R';
        entry.revokedAt = options.revokedAt ?? new Date();
        if (options.reason) entry.reason = options.reason;
        await writeFileAtomic(index, formatIndex(entries));
      }
      const crl = await writeCrl(options.caDir, hierarchy, config, new Date(), level);
      return { hierarchy, crl };
    }
  }
  throw pkiErrors.error('trust.serial_unknown', { serial: options.serial });
}

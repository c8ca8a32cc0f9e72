/**
 * Seeds the demo nation into the axis registry through the axis's own use cases (idempotent: a
 * second start finds everything in place and changes nothing).
 */
import { readFileSync } from 'node:fs';
import {
  importAgencies,
  parseAgencyFile,
  registerSystem,
  SEED_AGENCIES_FILE,
  type AxisStores,
} from '../axis/index.ts';
import {
  demoAgencies,
  demoSecret,
  demoSystems,
  GOVERNMENT_OFFICE,
  type DemoAgency,
  type DemoSystem,
} from './demo-nation.ts';

export interface SeededNation {
  readonly agencies: readonly DemoAgency[];
  readonly systems: readonly (DemoSystem & { secret: string })[];
  /** True when this call created the registry (first start). */
  readonly created: boolean;
}

export async function seedNation(stores: AxisStores, secretKey: Buffer): Promise<SeededNation> {
  const agencies = demoAgencies();
  const systems = demoSystems(agencies).map((s) => ({ ...s, secret: demoSecret(secretKey, s.systemId) }));
  const existing = await stores.agencies.get(GOVERNMENT_OFFICE);
  const missingExtra = await stores.agencies.getMany(agencies.map((a) => a.code));
  let created = false;
  if (!existing || missingExtra.size < agencies.length) {
    const seed = parseAgencyFile(readFileSync(SEED_AGENCIES_FILE, 'utf8'), 'json');
    const extra = agencies
      .filter((a) => a.level > 1)
      .map((a) => ({ code: a.code, name: a.name, level: a.level, parentCode: a.parentCode }));
    await importAgencies(stores, { records: [...seed, ...extra], actor: 'demo' });
    created = true;
  }
  for (const system of systems) {
    if (await stores.systems.get(system.systemId)) continue;
    await registerSystem(stores, {
      systemId: system.systemId,
      secret: system.secret,
      agencies: system.agencies,
      name: system.name,
      actor: 'demo',
    });
    created = true;
  }
  return { agencies, systems, created };
}

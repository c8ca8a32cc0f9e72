import type { BlobStore, Clock, Database } from '../../platform/index.ts';
import type { AxisStores, PackageReader } from '../use-cases/ports.ts';
import type { SignatureVerifier } from '../use-cases/verify-package-signature.ts';
import type { ValidationMode } from '../domain/acceptance-rule.ts';
import { createAgencyStore } from './agency-store.ts';
import { createDeliveryStore } from './delivery-store.ts';
import { createEvidenceStore } from './evidence-store.ts';
import { createPackageStore } from './package-store.ts';
import { withGroupCommit } from './group-commit-package-store.ts';
import { createSecretCipher } from './secret-cipher.ts';
import { createSystemStore, CREDENTIALS_TTL_MS } from './system-store.ts';
import { withRegistryCache, type RegistryCacheControl } from './registry-cache.ts';

export { createSecretCipher } from './secret-cipher.ts';

/** Builds every axis store on the platform database and blob store. */
export function createAxisStores(options: {
  database: Database;
  blobs: BlobStore;
  secretKey: Buffer;
  clock: Clock;
  reader: PackageReader;
  signatures?: SignatureVerifier | undefined;
  validationMode?: ValidationMode | undefined;
}): AxisStores & { readonly registryCache: RegistryCacheControl } {
  const { database } = options;
  // Agency look-ups from memory, kept fresh by change notifications, once the server starts it.
  const agencies = withRegistryCache(createAgencyStore(database), database);
  // Credentials (decrypted secret, status, grants) for as long as change notifications arrive, with a
  // ten-minute bound as a safety net; two seconds when they do not (system-store.ts).
  const systems = createSystemStore(database, createSecretCipher(options.secretKey), {
    credentialsTtlMs: () => (agencies.cache.listening() ? 600_000 : CREDENTIALS_TTL_MS),
  });
  agencies.cache.onChange(() => systems.forgetAll());
  return {
    agencies,
    registryCache: agencies.cache,
    systems,
    // Concurrent sends share one transaction and one commit (group-commit-package-store.ts).
    packages: withGroupCommit(createPackageStore(database), database),
    deliveries: createDeliveryStore(database),
    evidence: createEvidenceStore(database),
    blobs: options.blobs,
    clock: options.clock,
    reader: options.reader,
    ...(options.signatures ? { signatures: options.signatures } : {}),
    ...(options.validationMode ? { validationMode: options.validationMode } : {}),
  };
}

/**
 * Kept for src/axis/storage/group-commit-package-store.db.test.ts (another engineer's folder): the
 * axis package factory lives in test/factories/axis-packages.ts.
 */
export * from '../factories/axis-packages.ts';

export * from './ca-store.ts';
export * from './distinguished-name.ts';
export * from './init-ca.ts';
export * from './issue-certificate.ts';
export * from './revoke-certificate.ts';
export * from './test-pki-services.ts';

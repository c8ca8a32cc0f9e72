export * from './edxml/index.ts';
export * from './edxml/validate-package.ts';
export * from './codes/index.ts';
export * from './catalogues/index.ts';
export * from './calendar/index.ts';
export type { EvidenceSource } from './evidence-source.ts';

export * from './administrative-document-types.ts';
export * from './edxml-document-types.ts';
export * from './enumerations.ts';
export * from './status-codes.ts';

export * from './agency-code.ts';
export * from './document-id.ts';
export * from './document-number.ts';
export * from './edxml-date.ts';
export * from './errors.ts';

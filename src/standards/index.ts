export * from './edxml/index.ts';

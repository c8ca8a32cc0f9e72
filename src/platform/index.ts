export * from './errors.ts';
export * from './config.ts';
export * from './log.ts';
export * from './hmac.ts';
export * from './clock.ts';
export * from './db/index.ts';
export * from './blobs/index.ts';
export * from './http/index.ts';

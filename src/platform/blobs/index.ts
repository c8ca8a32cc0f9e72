export type { BlobRef, BlobStore, BlobWriter } from './blob-store.ts';
export { isSha256Hex } from './blob-store.ts';
export { LocalBlobStore } from './local-blob-store.ts';

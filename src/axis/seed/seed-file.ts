import { fileURLToPath } from 'node:url';

/** Level-1 agencies (VPCP, ministries, the 34 provinces after 2025), importable with `axis agencies import`. */
export const SEED_AGENCIES_FILE = fileURLToPath(new URL('./agencies-level1.json', import.meta.url));

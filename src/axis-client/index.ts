/**
 * axis-client: what an agency's document system embeds to talk to the axis over HTTP — the VXP protocol
 * exactly as the official SDK speaks it, and the REST API. Imports nothing from src/axis.
 */
export * from './errors.ts';
export * from './sign-vxp-headers.ts';
export * from './vxp-types.ts';
export * from './vxp-client.ts';
export { preparePackage, type PackageInput, type PreparedPackage } from './package-source.ts';
export * from './sign-rest-request.ts';
export * from './rest-types.ts';
export * from './rest-client.ts';
export { signPackage, type SignedPackage } from './sign-package.ts';

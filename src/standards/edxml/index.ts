export * from './model.ts';
export * from './errors.ts';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './xml-tokenizer.ts';
export {
  parsePackage,
  parsePackageSync,
  DEFAULT_PACKAGE_LIMITS,
  DEFAULT_MAX_PACKAGE_BYTES,
  type PackageLimits,
  type ParseOptions,
  type PackageInput,
} from './parse-package.ts';
export {
  buildPackage,
  buildPackageBuffer,
  buildPackageSync,
  type AttachmentContent,
  type PackageDraft,
} from './build-package.ts';
export {
  appendTraceHeader,
  renderTraceHeader,
  spliceStream,
  traceHeaderInsertion,
  type TraceHeaderInsertion,
} from './trace-header.ts';

/**
 * The PackageReader port implemented with the standards library: streaming parse (QCVN 102 edXML,
 * hardened: no DTD, no entities, size and depth limits), validation findings, and the TraceHeader
 * fragment the axis splices in when serving.
 */
import { parsePackage, renderTraceHeader, type PackageLayout } from '../../standards/index.ts';
// validatePackage is not yet re-exported by standards/index.ts; import the module until it is.
import { validatePackage } from '../../standards/edxml/validate-package.ts';
import type { PackageReader, ValidationFinding } from './ports.ts';

/** The XML inserted at `layout.traceInsertOffset` (a TraceHeader, or a whole TraceHeaderList). */
export function renderAxisTraceHeader(
  layout: PackageLayout,
  trace: { organId: string; timestamp: string },
): string {
  return renderTraceHeader(trace, layout);
}

export function createStandardsPackageReader(options: { maxBytes: number }): PackageReader {
  return {
    async read(source) {
      const result = await parsePackage(source, { maxBytes: options.maxBytes });
      const findings: ValidationFinding[] = validatePackage(result.package).findings.map((f) => ({
        severity: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info',
        code: f.code,
        message: f.en,
        path: f.path,
      }));
      return { package: result.package, layout: result.layout, findings };
    },
    traceHeaderXml: renderAxisTraceHeader,
  };
}

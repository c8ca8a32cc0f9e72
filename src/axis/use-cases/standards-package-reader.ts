/**
 * The PackageReader port implemented with the standards library: streaming parse (QCVN 102 edXML,
 * hardened: no DTD, no entities, size and depth limits), validation findings, and the TraceHeader
 * fragment the axis splices in when serving.
 */
import { EDXML_NAMESPACE, parsePackage, type PackageLayout } from '../../standards/index.ts';
import type { PackageReader, ValidationFinding } from './ports.ts';

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders the XML inserted at `layout.traceInsertOffset` (a TraceHeader, or a whole TraceHeaderList). */
export function renderAxisTraceHeader(layout: PackageLayout, trace: { organId: string; timestamp: string }): string {
  const p = layout.tracePrefix === '' ? '' : `${layout.tracePrefix}:`;
  const declare = (layout as PackageLayout & { traceDeclareNamespace?: boolean }).traceDeclareNamespace
    ? ` xmlns:${layout.tracePrefix}="${EDXML_NAMESPACE}"`
    : '';
  const indent = layout.traceIndent;
  const step = indent === '' ? '' : '  ';
  const header = (at: string) =>
    `${at}<${p}TraceHeader${layout.traceInsertMode === 'new-list' ? '' : declare}>` +
    `${at}${step}<${p}OrganId>${escapeXml(trace.organId)}</${p}OrganId>` +
    `${at}${step}<${p}Timestamp>${escapeXml(trace.timestamp)}</${p}Timestamp>` +
    `${at}</${p}TraceHeader>`;
  if (layout.traceInsertMode === 'new-list') {
    return `${indent}<${p}TraceHeaderList${declare}>${header(`${indent}${step}`)}${indent}</${p}TraceHeaderList>`;
  }
  return header(indent);
}

export function createStandardsPackageReader(options: { maxBytes: number }): PackageReader {
  return {
    async read(source) {
      const result = await parsePackage(source, { maxBytes: options.maxBytes });
      const findings: ValidationFinding[] = [];
      return { package: result.package, layout: result.layout, findings };
    },
    traceHeaderXml: renderAxisTraceHeader,
  };
}

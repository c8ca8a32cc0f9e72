/**
 * Text of a PDF attachment for full-text search (pdfjs-dist, no worker, no eval, no font loading).
 * Bounded: the first pages and characters only, so a 500-page scan cannot stall the request.
 */
const MAX_PAGES = 30;
const MAX_CHARS = 200_000;

export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const parts: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES) && length < MAX_CHARS; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
      parts.push(text);
      length += text.length;
    }
    return parts.join('\n').normalize('NFC').slice(0, MAX_CHARS);
  } finally {
    await task.destroy();
  }
}

/** Text of a PDF, or '' when it has none or cannot be read (a scan without OCR, a damaged file). */
export async function pdfTextOrEmpty(bytes: Uint8Array): Promise<string> {
  try {
    return await extractPdfText(bytes);
  } catch {
    return '';
  }
}

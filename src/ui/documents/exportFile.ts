/**
 * Export: the renderers and the fonts are loaded on the first export only (the
 * service worker has them precached, so this works with no network), then the
 * file is handed to the browser as a download.
 */
import type { OfficialDocument } from '../../documents/index.ts';
import type { PdfFonts } from '../../documents/pdf.ts';
import boldItalicUrl from '../../documents/fonts/Tinos-BoldItalic.ttf?url';
import boldUrl from '../../documents/fonts/Tinos-Bold.ttf?url';
import italicUrl from '../../documents/fonts/Tinos-Italic.ttf?url';
import regularUrl from '../../documents/fonts/Tinos-Regular.ttf?url';

/** Marks around each export, on the page's performance timeline: the benchmark reads them. */
export const EXPORT_MEASURE = { pdf: 'doithoai:export-pdf', docx: 'doithoai:export-docx' } as const;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function base64Of(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // In slices: String.fromCharCode(...all) overflows the call stack on a large font.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

let fonts: Promise<PdfFonts> | null = null;
function loadFonts(): Promise<PdfFonts> {
  fonts ??= Promise.all([base64Of(regularUrl), base64Of(boldUrl), base64Of(italicUrl), base64Of(boldItalicUrl)]).then(
    ([regular, bold, italic, boldItalic]) => ({ regular, bold, italic, boldItalic }),
    (e: unknown) => {
      fonts = null; // a failed fetch is tried again on the next export
      throw e;
    },
  );
  return fonts;
}

export async function makeFile(doc: OfficialDocument, format: 'pdf' | 'docx'): Promise<{ blob: Blob; name: string }> {
  const start = performance.now();
  let blob: Blob;
  if (format === 'pdf') {
    const [{ renderPdf }, f] = await Promise.all([import('../../documents/pdf.ts'), loadFonts()]);
    blob = new Blob([renderPdf(doc, f)], { type: 'application/pdf' });
  } else {
    const { renderDocx } = await import('../../documents/docx.ts');
    blob = new Blob([await renderDocx(doc)], { type: DOCX_TYPE });
  }
  performance.measure(EXPORT_MEASURE[format], { start, end: performance.now(), detail: { bytes: blob.size } });
  return { blob, name: `${doc.fileName}.${format}` };
}

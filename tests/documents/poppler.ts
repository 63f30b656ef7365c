/** Reading generated PDFs back with poppler-utils (pdftotext, pdfinfo, pdffonts), as an office PC's viewer would. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfFonts } from '../../src/documents/pdf.ts';

const FONT_DIR = join(import.meta.dirname, '../../src/documents/fonts');
const face = (n: string) => readFileSync(join(FONT_DIR, `Tinos-${n}.ttf`)).toString('base64');
export const FONTS: PdfFonts = { regular: face('Regular'), bold: face('Bold'), italic: face('Italic'), boldItalic: face('BoldItalic') };

const dir = mkdtempSync(join(tmpdir(), 'doithoai-pdf-'));
let n = 0;

export function writeTemp(bytes: ArrayBuffer, ext: string): string {
  const file = join(dir, `doc-${++n}.${ext}`);
  writeFileSync(file, Buffer.from(bytes));
  return file;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

export const pdfText = (file: string) => run('pdftotext', ['-enc', 'UTF-8', file, '-']);
export const pdfInfo = (file: string) => run('pdfinfo', [file]);
export const pdfFonts = (file: string) => run('pdffonts', [file]);

export interface Word {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** Every word of every page with its box, from `pdftotext -bbox-layout`. */
export function pdfWords(file: string): Word[][] {
  const html = run('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-']);
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: unescape(m[5]!),
      })),
    );
}

/** The OOXML part of a .docx, read with unzip as a reviewer would. */
export function docxPart(file: string, part = 'word/document.xml'): string {
  return run('unzip', ['-p', file, part]);
}

/** The text runs of a Word part, in document order. */
export function docxTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!));
}

#!/usr/bin/env node
/**
 * Makes the four Tinos faces the PDF export ships (src/documents/fonts/*.ttf)
 * from the full TTFs of @expo-google-fonts/tinos, keeping only the characters a
 * Vietnamese administrative document uses.
 *
 *   node scripts/subset-fonts.mjs
 *
 * Why: the full faces are about 2.1 MB together, more than the whole precache
 * budget (2048 KB), and jsPDF parses every byte of each face on the first
 * export. The subset keeps Basic Latin, Latin-1, the Vietnamese letters
 * (ă â đ ê ô ơ ư and U+1EA0–1EF9 with every tone mark), the combining marks and
 * the punctuation documents use (– — … “ ” ‘ ’ • № ₫), about a tenth of the glyphs.
 *
 * How (TrueType `glyf` outlines, no library): glyph ids are kept as they are,
 * so `hmtx` and composite references stay valid; glyphs no kept character needs
 * (directly or as a component of a composite) become empty. Glyph hinting
 * instructions are removed with `fpgm`/`prep`/`cvt ` (PDF viewers rasterise
 * unhinted outlines well, and hints are a third of the bytes); OpenType layout
 * tables go too, because jsPDF does no shaping. `cmap` is rebuilt as one
 * (3,1) format 4 table, the one jsPDF reads; `post` becomes format 3 (no glyph
 * names). Table and file checksums are recomputed.
 *
 * The output is committed; tests/documents/fonts.test.ts checks that every
 * Vietnamese letter has an outline, so a wrong subset fails there.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'node_modules/@expo-google-fonts/tinos');
const OUT = join(ROOT, 'src/documents/fonts');

const FACES = [
  ['400Regular/Tinos_400Regular.ttf', 'Tinos-Regular.ttf'],
  ['700Bold/Tinos_700Bold.ttf', 'Tinos-Bold.ttf'],
  ['400Regular_Italic/Tinos_400Regular_Italic.ttf', 'Tinos-Italic.ttf'],
  ['700Bold_Italic/Tinos_700Bold_Italic.ttf', 'Tinos-BoldItalic.ttf'],
];

/** Code point ranges kept, inclusive. */
export const KEPT_RANGES = [
  [0x20, 0x7e], // Basic Latin
  [0xa0, 0xff], // Latin-1 (« » ° § and the letters à á â ã è é ê ì í ò ó ô õ ù ú ý)
  [0x102, 0x103], // Ă ă
  [0x110, 0x111], // Đ đ
  [0x128, 0x129], // Ĩ ĩ
  [0x168, 0x169], // Ũ ũ
  [0x1a0, 0x1a1], // Ơ ơ
  [0x1af, 0x1b0], // Ư ư
  [0x300, 0x303], // combining grave, acute, circumflex, tilde
  [0x306, 0x306], // combining breve
  [0x309, 0x309], // combining hook above
  [0x31b, 0x31b], // combining horn
  [0x323, 0x323], // combining dot below
  [0x1ea0, 0x1ef9], // Vietnamese letters with tone marks
  [0x2010, 0x2014], // hyphens and dashes
  [0x2018, 0x201e], // quotes
  [0x2022, 0x2022], // bullet
  [0x2026, 0x2026], // ellipsis
  [0x2030, 0x2030],
  [0x20ab, 0x20ab], // ₫
  [0x2116, 0x2116], // №
];

const KEEP_TABLES = new Set(['head', 'hhea', 'maxp', 'OS/2', 'hmtx', 'cmap', 'name', 'post', 'loca', 'glyf']);

function tables(buf) {
  const n = buf.readUInt16BE(4);
  const out = new Map();
  for (let i = 0; i < n; i++) {
    const r = 12 + i * 16;
    out.set(buf.toString('latin1', r, r + 4), buf.subarray(buf.readUInt32BE(r + 8), buf.readUInt32BE(r + 8) + buf.readUInt32BE(r + 12)));
  }
  return out;
}

/** Unicode → glyph id from the (3,1) or (0,x) format 4 subtable. */
function readCmap(cmap) {
  const map = new Map();
  const n = cmap.readUInt16BE(2);
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const sub = cmap.subarray(cmap.readUInt32BE(8 + i * 8));
    if (sub.readUInt16BE(0) !== 4 || !(platform === 0 || (platform === 3 && encoding === 1))) continue;
    const segX2 = sub.readUInt16BE(6);
    const seg = segX2 / 2;
    const ends = 14,
      starts = 16 + segX2,
      deltas = 16 + 2 * segX2,
      ranges = 16 + 3 * segX2;
    for (let s = 0; s < seg; s++) {
      const end = sub.readUInt16BE(ends + 2 * s),
        start = sub.readUInt16BE(starts + 2 * s);
      const delta = sub.readInt16BE(deltas + 2 * s),
        range = sub.readUInt16BE(ranges + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let g;
        if (range === 0) g = (c + delta) & 0xffff;
        else {
          g = sub.readUInt16BE(ranges + 2 * s + range + 2 * (c - start));
          if (g !== 0) g = (g + delta) & 0xffff;
        }
        if (g !== 0) map.set(c, g);
      }
    }
    return map;
  }
  throw new Error('no Unicode format 4 cmap');
}

function glyphSlices(glyf, loca, longLoca, numGlyphs) {
  const at = (i) => (longLoca ? loca.readUInt32BE(4 * i) : 2 * loca.readUInt16BE(2 * i));
  const out = [];
  for (let i = 0; i < numGlyphs; i++) out.push(glyf.subarray(at(i), at(i + 1)));
  return out;
}

/** Component glyph ids of a composite glyph, and the glyph without its instructions. */
function parseGlyph(g) {
  if (g.length === 0) return { components: [], stripped: g };
  const contours = g.readInt16BE(0);
  if (contours >= 0) {
    const insAt = 10 + 2 * contours;
    const insLen = g.readUInt16BE(insAt);
    const stripped = Buffer.concat([g.subarray(0, insAt), Buffer.from([0, 0]), g.subarray(insAt + 2 + insLen)]);
    return { components: [], stripped };
  }
  const components = [];
  const copy = Buffer.from(g);
  let p = 10,
    flags,
    lastFlagsAt;
  do {
    lastFlagsAt = p;
    flags = copy.readUInt16BE(p);
    components.push(copy.readUInt16BE(p + 2));
    p += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) p += 2;
    else if (flags & 0x0040) p += 4;
    else if (flags & 0x0080) p += 8;
  } while (flags & 0x0020);
  // WE_HAVE_INSTRUCTIONS: drop the flag and the bytes after the last component.
  copy.writeUInt16BE(copy.readUInt16BE(lastFlagsAt) & ~0x0100, lastFlagsAt);
  return { components, stripped: copy.subarray(0, p) };
}

function buildCmap(codeToGlyph) {
  const codes = [...codeToGlyph.keys()].sort((a, b) => a - b);
  const segs = [];
  for (const c of codes) {
    const last = segs[segs.length - 1];
    if (last && last.end === c - 1) last.end = c;
    else segs.push({ start: c, end: c });
  }
  segs.push({ start: 0xffff, end: 0xffff, last: true });
  const segCount = segs.length;
  const glyphIds = [];
  const rangeOffsets = segs.map((s, i) => {
    if (s.last) return 0;
    const offset = (segCount - i) * 2 + glyphIds.length * 2;
    for (let c = s.start; c <= s.end; c++) glyphIds.push(codeToGlyph.get(c));
    return offset;
  });
  const length = 16 + segCount * 8 + glyphIds.length * 2;
  const sub = Buffer.alloc(length);
  const entrySelector = Math.floor(Math.log2(segCount));
  const searchRange = 2 * 2 ** entrySelector;
  sub.writeUInt16BE(4, 0);
  sub.writeUInt16BE(length, 2);
  sub.writeUInt16BE(0, 4);
  sub.writeUInt16BE(segCount * 2, 6);
  sub.writeUInt16BE(searchRange, 8);
  sub.writeUInt16BE(entrySelector, 10);
  sub.writeUInt16BE(segCount * 2 - searchRange, 12);
  segs.forEach((s, i) => {
    sub.writeUInt16BE(s.end, 14 + 2 * i);
    sub.writeUInt16BE(s.start, 16 + segCount * 2 + 2 * i);
    sub.writeInt16BE(s.last ? 1 : 0, 16 + segCount * 4 + 2 * i);
    sub.writeUInt16BE(rangeOffsets[i], 16 + segCount * 6 + 2 * i);
  });
  glyphIds.forEach((g, i) => sub.writeUInt16BE(g, 16 + segCount * 8 + 2 * i));
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0, 0);
  head.writeUInt16BE(1, 2);
  head.writeUInt16BE(3, 4);
  head.writeUInt16BE(1, 6);
  head.writeUInt32BE(12, 8);
  return Buffer.concat([head, sub]);
}

const pad4 = (b) => (b.length % 4 ? Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]) : b);
function checksum(b) {
  const p = pad4(b);
  let sum = 0;
  for (let i = 0; i < p.length; i += 4) sum = (sum + p.readUInt32BE(i)) >>> 0;
  return sum;
}

export function subsetFont(buf) {
  const t = tables(buf);
  const head = Buffer.from(t.get('head'));
  const numGlyphs = t.get('maxp').readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const cmap = readCmap(t.get('cmap'));
  const glyphs = glyphSlices(t.get('glyf'), t.get('loca'), longLoca, numGlyphs);

  const wanted = new Map();
  for (const [from, to] of KEPT_RANGES) for (let c = from; c <= to; c++) if (cmap.has(c)) wanted.set(c, cmap.get(c));
  const keep = new Set([0]);
  const parsed = new Map();
  const visit = (gid) => {
    if (parsed.has(gid)) return;
    const p = parseGlyph(glyphs[gid]);
    parsed.set(gid, p);
    keep.add(gid);
    for (const c of p.components) visit(c);
  };
  visit(0);
  for (const g of wanted.values()) visit(g);

  const parts = [];
  const loca = Buffer.alloc(4 * (numGlyphs + 1));
  let offset = 0;
  for (let i = 0; i < numGlyphs; i++) {
    loca.writeUInt32BE(offset, 4 * i);
    if (keep.has(i)) {
      const g = pad4(parsed.get(i).stripped);
      parts.push(g);
      offset += g.length;
    }
  }
  loca.writeUInt32BE(offset, 4 * numGlyphs);
  head.writeInt16BE(1, 50);
  head.writeUInt32BE(0, 8);
  const post = Buffer.from(t.get('post').subarray(0, 32));
  post.writeUInt32BE(0x00030000, 0);
  const maxp = Buffer.from(t.get('maxp'));
  if (maxp.length >= 32) {
    // No instructions are left: say so, so that no rasteriser reserves space for them.
    maxp.writeUInt16BE(0, 26); // maxSizeOfInstructions
  }

  const out = new Map([
    ['head', head],
    ['hhea', t.get('hhea')],
    ['maxp', maxp],
    ['OS/2', t.get('OS/2')],
    ['hmtx', t.get('hmtx')],
    ['cmap', buildCmap(wanted)],
    ['name', t.get('name')],
    ['post', post],
    ['loca', loca],
    ['glyf', Buffer.concat(parts)],
  ]);
  for (const tag of out.keys()) if (!KEEP_TABLES.has(tag)) throw new Error(tag);
  const tags = [...out.keys()].sort();
  const n = tags.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 16 * 2 ** entrySelector;
  const dir = Buffer.alloc(12 + 16 * n);
  dir.writeUInt32BE(0x00010000, 0);
  dir.writeUInt16BE(n, 4);
  dir.writeUInt16BE(searchRange, 6);
  dir.writeUInt16BE(entrySelector, 8);
  dir.writeUInt16BE(n * 16 - searchRange, 10);
  let at = dir.length;
  const bodies = [];
  tags.forEach((tag, i) => {
    const data = out.get(tag);
    const r = 12 + 16 * i;
    dir.write(tag, r, 4, 'latin1');
    dir.writeUInt32BE(checksum(data), r + 4);
    dir.writeUInt32BE(at, r + 8);
    dir.writeUInt32BE(data.length, r + 12);
    bodies.push(pad4(data));
    at += pad4(data).length;
  });
  const file = Buffer.concat([dir, ...bodies]);
  const headAt = file.indexOf(Buffer.from('head', 'latin1'), 12);
  const headOffset = file.readUInt32BE(headAt + 8);
  file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headOffset + 8);
  return { file, glyphs: keep.size, chars: wanted.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  for (const [from, to] of FACES) {
    const src = readFileSync(join(SRC, from));
    const { file, glyphs, chars } = subsetFont(src);
    writeFileSync(join(OUT, to), file);
    console.log(
      `${to}: ${chars} characters, ${glyphs} glyphs, ${(src.length / 1024).toFixed(0)} KB → ${(file.length / 1024).toFixed(1)} KB`,
    );
  }
}

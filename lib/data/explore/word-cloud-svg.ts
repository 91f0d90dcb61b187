import type { FrequencyEntry } from './explore-tables';

/**
 * A word cloud as a self-contained SVG string, laid out by a deterministic
 * Archimedean spiral: words in frequency order, each placed at the first
 * point of the spiral (from the centre) where its box overlaps no placed box.
 *
 * Why not d3-cloud (the maintained layout library): in Node it needs a
 * canvas implementation to measure glyphs, i.e. the `canvas` package, whose
 * install downloads a prebuilt native binary (not possible here, and heavy
 * for workers). Box widths are estimated at 0.6 em per character, so boxes
 * are approximate but never overlap by construction; no randomness, so the
 * same table always gives byte-identical SVG.
 */
export interface WordCloudOptions {
  width?: number;
  height?: number;
  minFont?: number;
  maxFont?: number;
}

/** A placed word (also what the SVG draws). */
export interface PlacedWord {
  term: string;
  x: number;
  y: number;
  fontSize: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** Places words; words that do not fit are left out. Pure and deterministic. */
export function layoutWordCloud(entries: FrequencyEntry[], opts: WordCloudOptions = {}): PlacedWord[] {
  const { width = 600, height = 400, minFont = 10, maxFont = 56 } = opts;
  if (entries.length === 0) return [];
  const max = Math.sqrt(entries[0].count);
  const min = Math.sqrt(entries[entries.length - 1].count);
  const placed: (PlacedWord & { box: Box })[] = [];
  for (const e of entries) {
    const fontSize = Math.round(
      max === min ? maxFont : minFont + ((Math.sqrt(e.count) - min) / (max - min)) * (maxFont - minFont),
    );
    const w = 0.6 * fontSize * e.term.length;
    const h = fontSize;
    for (let step = 0; step < 4000; step++) {
      const angle = step * 0.1;
      const radius = 2 * angle;
      const x = width / 2 + radius * Math.cos(angle);
      const y = height / 2 + radius * 0.6 * Math.sin(angle);
      const box = { x0: x - w / 2, y0: y - h * 0.8, x1: x + w / 2, y1: y + h * 0.2 };
      if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
      if (placed.some((p) => overlaps(p.box, box))) continue;
      placed.push({ term: e.term, x: round(x), y: round(y), fontSize, box });
      break;
    }
  }
  return placed.map(({ term, x, y, fontSize }) => ({ term, x, y, fontSize }));
}

/** Renders {@link layoutWordCloud} as SVG (text escaped). */
export function wordCloudSvg(entries: FrequencyEntry[], opts: WordCloudOptions = {}): string {
  const { width = 600, height = 400 } = opts;
  const words = layoutWordCloud(entries, opts).map(
    (w, i) =>
      `<text x="${w.x}" y="${w.y}" font-size="${w.fontSize}" text-anchor="middle" fill="${PALETTE[i % PALETTE.length]}">${escapeXml(w.term)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">${words.join('')}</svg>`;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

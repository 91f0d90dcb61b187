/**
 * Text widths for laying out charts rendered in Node (svg-chart.ts), where
 * there is no canvas to measure with. ECharts' built-in estimate is an
 * Arial-like table; a reader's browser often draws with a wider face (DejaVu
 * Sans, the default sans-serif on many Linux desktops, is about 12% wider), so
 * labels laid out by the estimate overflowed their margins and were cut off
 * at the SVG's edge. This table holds DejaVu Sans advance widths: on a
 * narrower font the labels just get a little more room than they need. Pure.
 */

/** Advance widths in em of the printable ASCII characters U+0020..U+007E (DejaVu Sans, rounded up). */
const ASCII_EM: readonly number[] = [
  // space ! " # $ % & ' ( ) * + , - . /
  0.32, 0.4, 0.46, 0.84, 0.64, 0.95, 0.78, 0.28, 0.39, 0.39, 0.5, 0.84, 0.32, 0.37, 0.32, 0.34,
  // 0-9
  0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64,
  // : ; < = > ? @
  0.34, 0.34, 0.84, 0.84, 0.84, 0.54, 1.0,
  // A-Z
  0.69, 0.69, 0.7, 0.78, 0.64, 0.58, 0.78, 0.76, 0.3, 0.3, 0.66, 0.56, 0.87, 0.75, 0.79, 0.61, 0.79, 0.7, 0.64, 0.62,
  0.74, 0.69, 0.99, 0.69, 0.62, 0.69,
  // [ \ ] ^ _ `
  0.39, 0.34, 0.39, 0.84, 0.5, 0.5,
  // a-z
  0.62, 0.64, 0.55, 0.64, 0.62, 0.36, 0.64, 0.64, 0.28, 0.28, 0.58, 0.28, 0.98, 0.64, 0.62, 0.64, 0.64, 0.42, 0.53, 0.4,
  0.64, 0.6, 0.82, 0.6, 0.6, 0.53,
  // { | } ~
  0.64, 0.34, 0.64, 0.84,
];

/** Width in em of a character outside ASCII: full width for CJK and emoji, a wide Latin letter otherwise. */
function otherEm(cp: number): number {
  return cp >= 0x1100 ? 1.0 : 0.7;
}

/**
 * The drawn width in pixels of `text` in `font` (a CSS font shorthand such as
 * `12px system-ui, sans-serif`; the size defaults to 12px). Monospace faces
 * are 0.61 em per character. Deterministic.
 */
export function textWidth(text: string, font = '12px sans-serif'): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? 12);
  if (/mono/i.test(font)) return 0.61 * size * [...text].length;
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    em += cp >= 0x20 && cp <= 0x7e ? ASCII_EM[cp - 0x20] : otherEm(cp);
  }
  return em * size;
}

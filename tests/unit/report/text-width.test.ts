import { textWidth } from '../../../lib/report/text-width';

test('widths scale with the font size and follow the glyphs', () => {
  expect(textWidth('stage', '12px sans-serif')).toBeCloseTo(12 * (0.53 + 0.4 + 0.62 + 0.64 + 0.62), 6);
  expect(textWidth('stage', '24px system-ui')).toBeCloseTo(2 * textWidth('stage', '12px system-ui'), 6);
  expect(textWidth('iiii')).toBeLessThan(textWidth('mmmm'));
  expect(textWidth('')).toBe(0);
});

test('monospace, CJK and unlisted characters get room too', () => {
  expect(textWidth('abc', '10px monospace')).toBeCloseTo(3 * 6.1, 6);
  expect(textWidth('日本', '12px sans-serif')).toBe(24);
  expect(textWidth('é', '12px sans-serif')).toBeCloseTo(8.4, 6);
});

test('room for a wide face: at least 10% more than an Arial-like estimate of a typical label', () => {
  // Arial advance widths of "encoder.transformer.attentionHeads (spearman)" at 12px: about 255 px.
  expect(textWidth('encoder.transformer.attentionHeads (spearman)', '12px sans-serif')).toBeGreaterThan(280);
});

import { escapeJsonText, printable, printableJson } from '../../../lib/core/printable';

const CLEAR_SCREEN = '\x1b[2J';
const RETITLE = '\x1b]0;pwned\x07';
const RLO = 'invoice\u202etxt.exe';

/** True when `s` holds a character a terminal would act on or that hides/reorders text. */
const hasUnsafe = (s: string) =>
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u.test(s);

describe('printable', () => {
  test('renders ANSI CSI, OSC and bell as visible escapes', () => {
    expect(printable(`a${CLEAR_SCREEN}b`)).toBe('a\\x1b[2Jb');
    expect(printable(RETITLE)).toBe('\\x1b]0;pwned\\x07');
  });

  test('renders bidi overrides, isolates and marks', () => {
    expect(printable(RLO)).toBe('invoice\\u202etxt.exe');
    const bidi = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';
    const out = printable(bidi);
    expect(out).toBe('\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c');
    expect(hasUnsafe(out)).toBe(false);
  });

  test('renders DEL, C1 (8-bit CSI), NUL, zero-width space, BOM, separators and tag characters', () => {
    expect(printable('\x7f\x9b2J\x00')).toBe('\\x7f\\x9b2J\\x00');
    expect(printable('a\u200bb\ufeff\u2028\u2029')).toBe('a\\u200bb\\ufeff\\u2028\\u2029');
    expect(printable('x\u{e0041}')).toBe('x\\u{e0041}');
    expect(printable('\ud800')).toBe('\\ud800');
  });

  test('newlines, tabs and CRs are escaped unless keepNewlines', () => {
    expect(printable('a\nb\tc\rd')).toBe('a\\nb\\tc\\rd');
    expect(printable('line 1\nline\x1b[31m 2', { keepNewlines: true })).toBe('line 1\nline\\x1b[31m 2');
  });

  test('leaves ordinary text of any script, emoji sequences and combining marks unchanged', () => {
    for (const s of [
      'positive',
      'très bien',
      'שלום עולם',
      'مرحبا',
      '日本語',
      '👨\u200d👩\u200d👧',
      'e\u0301',
      'back\\slash',
    ])
      expect(printable(s)).toBe(s);
  });
});

describe('printableJson / escapeJsonText', () => {
  test('escapes what JSON.stringify leaves raw, and the JSON decodes to the same value', () => {
    const value = { label: `${RLO}\x9b\x7f${CLEAR_SCREEN}`, tags: ['\u{e0041}', '\u2028'] };
    expect(JSON.stringify(value)).toContain('\u202e');
    const text = printableJson(value, 2);
    expect(hasUnsafe(text)).toBe(false);
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\u009b');
    expect(JSON.parse(text)).toEqual(value);
  });

  test('keeps plain JSON byte for byte', () => {
    const line = JSON.stringify({ msg: 'trained 3 epochs', label: 'négatif 👍' });
    expect(escapeJsonText(line)).toBe(line);
  });
});

/**
 * The bad-run-id half of the bad-input corpus (issue 15): ids typed at
 * `cli start --id` or into the Web UI's Workflow ID field. Run through
 * `assertValidRunId` (tests/unit/bad-input/run-id-corpus.test.ts), the same rule the
 * CLI and every workflow's first step use. Each must end in a non-retryable
 * ConfigError whose message contains `message` exactly.
 */
export interface RunIdCase {
  name: string;
  id: unknown;
  message: string;
}

export const RUN_ID_CASES: RunIdCase[] = [
  { name: 'a slash (would nest under run a)', id: 'a/b', message: 'Invalid run id "a/b": it contains "/" (U+002F).' },
  { name: 'a space', id: 'x y', message: 'Invalid run id "x y": it contains a space.' },
  { name: 'an HTML string', id: '<script>alert(1)</script>', message: 'it contains "<" (U+003C).' },
  {
    name: 'dot-dot',
    id: '..',
    message: 'Invalid run id "..": it starts with "."; it must start with a letter or digit.',
  },
  { name: 'dot-dot inside', id: 'a..b', message: 'Invalid run id "a..b": it contains "..".' },
  { name: 'empty', id: '', message: 'Invalid run id "": it is empty.' },
  { name: '129 characters', id: 'a'.repeat(129), message: 'it is 129 characters long; the limit is 100.' },
  { name: 'Cyrillic look-alike', id: 'run-\u0430', message: 'it contains "\u0430" (U+0430).' },
  { name: 'a backslash', id: 'a\\b', message: 'it contains "\\\\" (U+005C).' },
  { name: 'a newline', id: 'run\n1', message: 'it contains a control character (U+000A).' },
  { name: 'not a string', id: 42, message: 'Invalid run id 42: it must be a string (got number).' },
];

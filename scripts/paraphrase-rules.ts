/**
 * The shipped paraphrase provider for augmentation op `paraphrase-command`:
 * reads JSONL `{"text": ...}` lines on stdin and writes one `{"text": ...}`
 * line per input on stdout, rewritten by lib/data/augment/rule-paraphrase.ts. It is
 * RULE-BASED (contractions, intensifiers, opinion markers), not a neural
 * paraphrase or back-translation model; swap in any command that speaks the
 * same protocol.
 *
 *   node --import tsx scripts/paraphrase-rules.ts < in.jsonl > out.jsonl
 */
import { ruleParaphrase } from '../lib/data/augment/rule-paraphrase';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => (input += chunk));
process.stdin.on('end', () => {
  const lines = input.split('\n').filter((l) => l.trim() !== '');
  const out = lines.map((line, i) => {
    const value = JSON.parse(line) as { text?: unknown };
    if (typeof value.text !== 'string') {
      process.stderr.write(`line ${i + 1}: expected {"text": string}\n`);
      process.exit(2);
    }
    return JSON.stringify({ text: ruleParaphrase(value.text) });
  });
  process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
});

import type { Example } from '../../core/example';
import { maskPii } from './mask-pii';
import { englishStopwords, removeStopwords } from './remove-stopwords';
import { correctSpelling, countWords, createSpellCorrector, englishDictionary } from './spell-correct';
import type { CleanExtrasOptions } from '../curation-options';
import { makeStageReport, type StageReport } from '../stage-report';

/** Result of {@link applyCleanExtras}. */
export interface CleanExtrasResult {
  rows: Example[];
  report: StageReport;
  /** How many texts each step changed (for the report). */
  changed: { maskPii: number; removeStopwords: number; spellCorrect: number };
}

/**
 * Applies, in order: PII masking, spelling correction (ranked by word counts
 * of these rows, so the result depends on the whole set but not its order),
 * stop-word removal, then the word-count limits. Rows whose text becomes
 * empty are dropped as 'empty-after-stopwords'; rows outside the limits as
 * 'too-few-words' / 'too-many-words'. Ids, labels, groups unchanged;
 * deterministic; order preserved. With all options at their defaults, no row
 * changes and none is dropped. Report stage: 'clean-extras'.
 */
export function applyCleanExtras(rows: Example[], opts: CleanExtrasOptions): CleanExtrasResult {
  const changed = { maskPii: 0, removeStopwords: 0, spellCorrect: 0 };
  const steps: [keyof typeof changed, (t: string) => string][] = [];
  if (opts.maskPii) steps.push(['maskPii', maskPii]);
  if (opts.spellCorrect) {
    const corrector = createSpellCorrector(englishDictionary(), countWords(rows.map((r) => r.text)));
    steps.push(['spellCorrect', (t) => correctSpelling(t, corrector)]);
  }
  if (opts.removeStopwords) {
    const stop = englishStopwords();
    steps.push(['removeStopwords', (t) => removeStopwords(t, stop)]);
  }
  const dropped = { 'empty-after-stopwords': 0, 'too-few-words': 0, 'too-many-words': 0 };
  const out: Example[] = [];
  for (const row of rows) {
    let text = row.text;
    for (const [name, step] of steps) {
      const next = step(text);
      if (next !== text) changed[name]++;
      text = next;
    }
    const words = text.split(/\s+/).filter((w) => w !== '').length;
    if (words === 0) dropped['empty-after-stopwords']++;
    else if (words < opts.minWords) dropped['too-few-words']++;
    else if (opts.maxWords !== undefined && words > opts.maxWords) dropped['too-many-words']++;
    else out.push(text === row.text ? row : { ...row, text });
  }
  return { rows: out, report: makeStageReport('clean-extras', rows.length, out.length, dropped), changed };
}

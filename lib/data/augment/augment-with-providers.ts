import type { Example } from '../../core/example';
import { createRng } from '../../core/rng';
import { augmentTrainSet, type AugmentationConfig, type AugmentResult } from './augment';
import type { ParaphraseCommandOp } from '../curation-options';
import { commandParaphraseProvider, type ParaphraseProvider } from './paraphrase-command';
import { makeStageReport } from '../stage-report';

/** Builds a provider for a paraphrase op (injectable so tests need no subprocess). */
export type ParaphraseProviderFactory = (op: ParaphraseCommandOp) => ParaphraseProvider;

/**
 * Augments TRAINING rows with every configured op, per-row ops and batch
 * (paraphrase) ops alike. Never call it on val/test.
 *
 * 1. Per-row ops (EDA, synonyms, typos) exactly as {@link augmentTrainSet}.
 * 2. Each 'paraphrase-command' op (in config order, op index i): a row is
 *    chosen with probability `rate` from an rng forked from (seed, row id, i);
 *    the chosen ORIGINAL texts go to the provider in one batch; answers that
 *    are empty or equal to the original are skipped ('unchanged-copy'); the
 *    others become copies `<id>~para<i+1>` with the same label and group.
 *
 * Output order: originals, per-row copies, paraphrase copies. Deterministic
 * when the provider is. Report stage 'augment' (kept = originals + copies).
 *
 * @throws ConfigError from the provider (command missing, failing, bad output).
 */
export async function augmentWithProviders(
  train: Example[],
  opts: AugmentationConfig,
  seed: number,
  providerFor: ParaphraseProviderFactory = commandParaphraseProvider,
): Promise<AugmentResult> {
  const paraphraseOps = opts.ops.filter((op): op is ParaphraseCommandOp => op.kind === 'paraphrase-command');
  const rowOps = opts.ops.filter((op) => op.kind !== 'paraphrase-command');
  const base = augmentTrainSet(train, { ...opts, ops: rowOps }, seed);
  let unchanged = base.report.dropped['unchanged-copy'] ?? 0;
  const copies: Example[] = [];
  const root = createRng(seed).fork('paraphrase');
  for (const [i, op] of paraphraseOps.entries()) {
    const chosen = train.filter((row) => root.fork(`${row.id}~${i}`).next() < op.rate);
    const answers = await providerFor(op).paraphrase(chosen.map((r) => r.text));
    chosen.forEach((row, k) => {
      const text = answers[k].trim();
      if (text === '' || text === row.text) unchanged++;
      else copies.push({ ...row, id: `${row.id}~para${i + 1}`, text });
    });
  }
  const rows = [...base.rows, ...copies];
  return { rows, report: makeStageReport('augment', train.length, rows.length, { 'unchanged-copy': unchanged }) };
}

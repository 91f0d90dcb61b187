/**
 * Plain-words diagnosis of one trial from its per-epoch history (the fields of
 * activities/contracts.ts `EpochRecord` that matter here) and optional dataset
 * statistics. Each finding carries the numbers that triggered it. Pure.
 *
 * Rules and default thresholds ({@link DEFAULT_DIAGNOSIS_THRESHOLDS}):
 *  - diverged: a non-finite loss, or the last train loss > `divergeFactor` (3)
 *    x the lowest train loss seen. Severity high.
 *  - overfitting: val loss ended >= `overfitValRise` (10%) above its minimum,
 *    reached at an earlier epoch, while the val-train gap widened by >=
 *    `overfitGapGrowth` (0.05 nats). High when the rise is >= 3x the threshold.
 *  - underfitting: the final train loss is still >= `underfitLossFraction`
 *    (0.5) of chance-level cross-entropy ln(numClasses). Medium; the message
 *    says whether it is still improving (last `windowEpochs` (3) epochs cut
 *    train loss by >= `improvingRelDrop` (2%)): then train longer, else add
 *    capacity or raise the learning rate.
 *  - leakage: any text shared across splits (high), or val accuracy >=
 *    `suspiciousAccuracy` (0.995) already after the first epoch (medium).
 *  - label-noise: conflicting-label duplicates >= `conflictingLabelRate` (1%)
 *    of rows, or confident mistakes >= `confidentMistakeRate` (5%) of
 *    evaluated examples (see flagLabelNoise). Medium.
 *  - class-imbalance: largest / smallest class count >= `imbalanceRatio` (3;
 *    high at 10), with the final accuracy - macro F1 gap as evidence.
 */
import { DataError } from '../core/errors';
import { plural } from '../core/plural';

/** The per-epoch fields the diagnosis reads (a subset of EpochRecord). */
export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  valAccuracy: number;
  valMacroF1: number;
}

/** Optional dataset evidence (from curation and from flagLabelNoise / checkSplitLeakage). */
export interface DatasetStats {
  /** Training examples per label. */
  classCounts?: Record<string, number>;
  totalRows?: number;
  /** Same text, different label (dedup stage 'duplicate-conflicting-label'). */
  conflictingLabelDuplicates?: number;
  /** Examples of val/test whose text also occurs in an earlier split. */
  crossSplitDuplicates?: number;
  /** Confident mistakes (flagLabelNoise) and how many examples were checked. */
  confidentMistakes?: number;
  evaluatedExamples?: number;
}

export type FindingKind = 'overfitting' | 'underfitting' | 'diverged' | 'label-noise' | 'leakage' | 'class-imbalance';

/** One diagnosis finding. */
export interface Finding {
  kind: FindingKind;
  severity: 'low' | 'medium' | 'high';
  /** What happened and what to do, in plain words. */
  message: string;
  evidence: Record<string, number | string>;
}

export const DEFAULT_DIAGNOSIS_THRESHOLDS = {
  divergeFactor: 3,
  overfitValRise: 0.1,
  overfitGapGrowth: 0.05,
  underfitLossFraction: 0.5,
  windowEpochs: 3,
  improvingRelDrop: 0.02,
  suspiciousAccuracy: 0.995,
  conflictingLabelRate: 0.01,
  confidentMistakeRate: 0.05,
  imbalanceRatio: 3,
};
export type DiagnosisThresholds = typeof DEFAULT_DIAGNOSIS_THRESHOLDS;

/** Options of {@link diagnoseTraining}. */
export interface DiagnoseOptions {
  /** Number of classes (for chance-level loss); default 2. */
  numClasses?: number;
  dataset?: DatasetStats;
  thresholds?: Partial<DiagnosisThresholds>;
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function diverged(h: readonly EpochPoint[], t: DiagnosisThresholds): Finding | undefined {
  const bad = h.find((e) => !Number.isFinite(e.trainLoss) || !Number.isFinite(e.valLoss));
  if (bad) {
    return {
      kind: 'diverged',
      severity: 'high',
      message: `Training diverged: the loss became ${bad.trainLoss} / ${bad.valLoss} at epoch ${bad.epoch}. Lower the learning rate or add gradient clipping.`,
      evidence: { epoch: bad.epoch, trainLoss: String(bad.trainLoss), valLoss: String(bad.valLoss) },
    };
  }
  const min = Math.min(...h.map((e) => e.trainLoss));
  const last = h[h.length - 1].trainLoss;
  if (last > t.divergeFactor * min && last - min > 1e-9) {
    return {
      kind: 'diverged',
      severity: 'high',
      message: `Training diverged: the train loss climbed from its low of ${r4(min)} to ${r4(last)} (${r4(last / min)}x). Lower the learning rate.`,
      evidence: { minTrainLoss: r4(min), lastTrainLoss: r4(last), ratio: r4(last / min) },
    };
  }
  return undefined;
}

function overfitting(h: readonly EpochPoint[], t: DiagnosisThresholds): Finding | undefined {
  let best = 0;
  h.forEach((e, i) => (e.valLoss < h[best].valLoss ? (best = i) : undefined));
  const last = h[h.length - 1];
  const rise = (last.valLoss - h[best].valLoss) / h[best].valLoss;
  const gapAtBest = h[best].valLoss - h[best].trainLoss;
  const gapAtEnd = last.valLoss - last.trainLoss;
  if (best === h.length - 1 || rise < t.overfitValRise || gapAtEnd - gapAtBest < t.overfitGapGrowth) return undefined;
  return {
    kind: 'overfitting',
    severity: rise >= 3 * t.overfitValRise ? 'high' : 'medium',
    message: `Overfitting: validation loss was lowest at epoch ${h[best].epoch} (${r4(h[best].valLoss)}) and rose ${Math.round(rise * 100)}% by epoch ${last.epoch} while train loss kept falling; the train/val gap grew from ${r4(gapAtBest)} to ${r4(gapAtEnd)}. Stop earlier (epoch ${h[best].epoch}), add dropout/weight decay, or get more data.`,
    evidence: {
      bestEpoch: h[best].epoch,
      minValLoss: r4(h[best].valLoss),
      lastValLoss: r4(last.valLoss),
      valLossRise: r4(rise),
      gapAtBest: r4(gapAtBest),
      gapAtEnd: r4(gapAtEnd),
    },
  };
}

function underfitting(h: readonly EpochPoint[], t: DiagnosisThresholds, numClasses: number): Finding | undefined {
  const chance = Math.log(numClasses);
  const last = h[h.length - 1];
  if (last.trainLoss < t.underfitLossFraction * chance) return undefined;
  const from = h[Math.max(0, h.length - 1 - t.windowEpochs)];
  const drop = from === last ? 0 : (from.trainLoss - last.trainLoss) / from.trainLoss;
  const improving = drop >= t.improvingRelDrop;
  const advice = improving
    ? 'It is still improving: train for more epochs.'
    : 'It has plateaued: use a larger model, a higher learning rate or better features.';
  return {
    kind: 'underfitting',
    severity: 'medium',
    message: `Underfitting: after ${plural(h.length, 'epoch')} the train loss is ${r4(last.trainLoss)}, ${Math.round((last.trainLoss / chance) * 100)}% of the chance-level ${r4(chance)}, and validation macro F1 is ${r4(last.valMacroF1)}. ${advice}`,
    evidence: {
      lastTrainLoss: r4(last.trainLoss),
      chanceLoss: r4(chance),
      valMacroF1: r4(last.valMacroF1),
      recentRelativeDrop: r4(drop),
      stillImproving: improving ? 'yes' : 'no',
    },
  };
}

function leakage(h: readonly EpochPoint[], t: DiagnosisThresholds, d: DatasetStats): Finding | undefined {
  if ((d.crossSplitDuplicates ?? 0) > 0) {
    return {
      kind: 'leakage',
      severity: 'high',
      message: `Leakage: ${d.crossSplitDuplicates} validation/test examples have the same text as an earlier split, so scores are inflated. Deduplicate before splitting (curation.dedup = "exact").`,
      evidence: { crossSplitDuplicates: d.crossSplitDuplicates! },
    };
  }
  if (h[0].valAccuracy >= t.suspiciousAccuracy) {
    return {
      kind: 'leakage',
      severity: 'medium',
      message: `Possible leakage: validation accuracy was ${r4(h[0].valAccuracy)} after the first epoch. Check that the label is not written in the text and that splits do not share sources.`,
      evidence: { firstEpochValAccuracy: r4(h[0].valAccuracy) },
    };
  }
  return undefined;
}

function labelNoise(t: DiagnosisThresholds, d: DatasetStats): Finding | undefined {
  const conflictRate = d.totalRows && d.conflictingLabelDuplicates ? d.conflictingLabelDuplicates / d.totalRows : 0;
  const mistakeRate = d.evaluatedExamples && d.confidentMistakes ? d.confidentMistakes / d.evaluatedExamples : 0;
  if (conflictRate < t.conflictingLabelRate && mistakeRate < t.confidentMistakeRate) return undefined;
  const parts: string[] = [];
  if (conflictRate >= t.conflictingLabelRate)
    parts.push(
      `${d.conflictingLabelDuplicates} texts appear with different labels (${r4(conflictRate * 100)}% of rows)`,
    );
  if (mistakeRate >= t.confidentMistakeRate)
    parts.push(
      `the model confidently disagrees with ${d.confidentMistakes} of ${d.evaluatedExamples} labels (${r4(mistakeRate * 100)}%)`,
    );
  return {
    kind: 'label-noise',
    severity: 'medium',
    message: `Possible label noise: ${parts.join('; ')}. Review the flagged examples and relabel or drop them.`,
    evidence: { conflictingLabelRate: r4(conflictRate), confidentMistakeRate: r4(mistakeRate) },
  };
}

function imbalance(h: readonly EpochPoint[], t: DiagnosisThresholds, d: DatasetStats): Finding | undefined {
  const entries = Object.entries(d.classCounts ?? {});
  if (entries.length < 2) return undefined;
  const [maxLabel, max] = entries.reduce((a, b) => (b[1] > a[1] ? b : a));
  const [minLabel, min] = entries.reduce((a, b) => (b[1] < a[1] ? b : a));
  const ratio = min === 0 ? Infinity : max / min;
  if (ratio < t.imbalanceRatio) return undefined;
  const last = h[h.length - 1];
  const gap = last.valAccuracy - last.valMacroF1;
  return {
    kind: 'class-imbalance',
    severity: ratio >= 10 ? 'high' : 'medium',
    message: `Class imbalance: "${maxLabel}" has ${max} training examples, "${minLabel}" only ${min} (${r4(ratio)}x). Accuracy (${r4(last.valAccuracy)}) exceeds macro F1 (${r4(last.valMacroF1)}) by ${r4(gap)}. Rebalance (curation) or judge by macro F1.`,
    evidence: {
      largestClass: maxLabel,
      largestCount: max,
      smallestClass: minLabel,
      smallestCount: min,
      ratio: Number.isFinite(ratio) ? r4(ratio) : 'infinite',
      accuracyMinusMacroF1: r4(gap),
    },
  };
}

/**
 * Findings for one trial, most severe first; an empty list means no problem
 * was detected. Divergence suppresses the curve-shape findings (the curve is
 * meaningless after it).
 * @throws DataError when the history is empty or its epochs are not increasing.
 */
export function diagnoseTraining(history: readonly EpochPoint[], options: DiagnoseOptions = {}): Finding[] {
  if (history.length === 0)
    throw new DataError('diagnoseTraining needs at least one epoch of history; the trial recorded none');
  history.forEach((e, i) => {
    if (i > 0 && !(e.epoch > history[i - 1].epoch))
      throw new DataError(`history[${i}].epoch = ${e.epoch} does not increase; pass epochs in training order`);
  });
  const t = { ...DEFAULT_DIAGNOSIS_THRESHOLDS, ...options.thresholds };
  const d = options.dataset ?? {};
  const div = diverged(history, t);
  const curve = div ? [div] : [overfitting(history, t), underfitting(history, t, options.numClasses ?? 2)];
  const findings = [...curve, leakage(history, t, d), labelNoise(t, d), imbalance(history, t, d)].filter(
    (f): f is Finding => f !== undefined,
  );
  const rank = { high: 0, medium: 1, low: 2 };
  return findings.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

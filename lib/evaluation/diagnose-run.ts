/**
 * The run's diagnosis: curve findings (overfitting, underfitting, divergence)
 * for each top trial from its per-epoch history, and data findings (leakage
 * across splits, label noise, class imbalance) once for the run, from the
 * curation counts, a split-overlap check and the chosen model's confident
 * mistakes on the test split. Pure; thresholds are lib/diagnosis defaults.
 */
import type { Example } from '../core/example';
import { checkSplitLeakage, flagLabelNoise, type LeakageReport } from './data-checks';
import { diagnoseTraining, type EpochPoint, type Finding } from './diagnose-training';

/** Input of {@link diagnoseRun}. */
export interface DiagnoseRunInput {
  labels: string[];
  /** Top trials' per-epoch histories (from their checkpoints), best first. */
  trials: { trialId: string; history: EpochPoint[] }[];
  splits: { train: readonly Example[]; val: readonly Example[]; test: readonly Example[] };
  /** Rows dropped by dedup as same text with different labels. */
  conflictingLabelDuplicates: number;
  /** Rows that entered curation. */
  totalRows: number;
  /** The chosen model's test probabilities, for confident-mistake flags. */
  testProbabilities: number[][];
}

/** A confidently mispredicted test example, shown to the user for review. */
export interface LabelNoiseExample {
  id: string;
  text: string;
  label: string;
  predicted: string;
  confidence: number;
}

/** The diagnosis section of the summary. */
export interface RunDiagnosis {
  trials: { trialId: string; findings: Finding[] }[];
  data: Finding[];
  leakage: LeakageReport;
  labelNoise: { flagged: number; checked: number; examples: LabelNoiseExample[] };
}

const DATA_KINDS = new Set(['leakage', 'label-noise', 'class-imbalance']);

/** Diagnoses the run (see the module comment); trials with no history are skipped. */
export function diagnoseRun(input: DiagnoseRunInput): RunDiagnosis {
  const { labels, splits } = input;
  const numClasses = labels.length;
  const withHistory = input.trials.filter((t) => t.history.length > 0);
  const trials = withHistory.map((t) => ({
    trialId: t.trialId,
    findings: diagnoseTraining(t.history, { numClasses }).filter((f) => !DATA_KINDS.has(f.kind)),
  }));
  const leakage = checkSplitLeakage(splits);
  const yTest = splits.test.map((e) => labels.indexOf(e.label));
  const suspects = flagLabelNoise(yTest, input.testProbabilities);
  const classCounts: Record<string, number> = Object.fromEntries(labels.map((l) => [l, 0]));
  for (const e of splits.train) classCounts[e.label] = (classCounts[e.label] ?? 0) + 1;
  const reference = withHistory[0]?.history;
  const data = reference
    ? diagnoseTraining(reference, {
        numClasses,
        dataset: {
          classCounts,
          totalRows: input.totalRows,
          conflictingLabelDuplicates: input.conflictingLabelDuplicates,
          crossSplitDuplicates: leakage.trainVal + leakage.trainTest + leakage.valTest,
          confidentMistakes: suspects.length,
          evaluatedExamples: yTest.length,
        },
      }).filter((f) => DATA_KINDS.has(f.kind))
    : [];
  const examples = suspects.slice(0, 10).map((s) => {
    const e = splits.test[s.index];
    return {
      id: e.id,
      text: e.text.slice(0, 200),
      label: labels[s.label],
      predicted: labels[s.predicted],
      confidence: s.confidence,
    };
  });
  return { trials, data, leakage, labelNoise: { flagged: suspects.length, checked: yTest.length, examples } };
}

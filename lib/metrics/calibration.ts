/**
 * Calibration: reliability curve and expected calibration error (ECE) with
 * `nBins` uniform bins on [0, 1].
 *
 * Binning is scikit-learn's `calibration_curve(strategy='uniform')` rule:
 * edges e_i = i * (1 / nBins) (numpy `linspace` arithmetic, so 0.3 lands
 * where numpy puts it), and a value p goes to bin #{interior edges < p}, i.e.
 * bins are [0, e_1], (e_1, e_2], ..., (e_{n-1}, 1]. Empty bins are omitted from
 * the curve (as sklearn does) and contribute nothing to ECE.
 *
 * ECE (Guo et al. 2017, "On Calibration of Modern Neural Networks") is the
 * support-weighted mean |accuracy - confidence| over bins:
 *   ECE = sum_b (n_b / N) * |mean(correct in b) - mean(confidence in b)|.
 * For multi-class predictions it uses top-label confidence (the max
 * probability) and correctness of the argmax; {@link binaryEce} uses the
 * positive-class probability against the 0/1 label instead.
 * Pure; inputs are not modified.
 */
import { DataError } from '../core/errors';
import { argmaxRows } from './classification';

/** One non-empty bin of a reliability curve. */
export interface ReliabilityBin {
  /** Bin bounds [lower, upper] (lower exclusive except for the first bin). */
  lower: number;
  upper: number;
  /** Examples in the bin. */
  count: number;
  /** Mean predicted probability in the bin (x of the reliability plot). */
  meanPredicted: number;
  /** Fraction of positives / correct predictions in the bin (y of the plot). */
  fractionPositive: number;
}

function checkBins(nBins: number): void {
  if (!Number.isInteger(nBins) || nBins < 1)
    throw new DataError(`nBins = ${nBins}: use a positive integer (10 is usual)`);
}

/** Bin index of p under the sklearn rule above. */
export function uniformBinIndex(p: number, nBins: number): number {
  const step = 1 / nBins;
  let b = 0;
  while (b < nBins - 1 && (b + 1) * step < p) b++;
  return b;
}

/**
 * Reliability curve of probabilities `prob` against binary outcomes `outcome`
 * (0/1): non-empty bins in increasing order. Equals sklearn's
 * `calibration_curve(outcome, prob, n_bins, strategy='uniform')` as
 * (fractionPositive, meanPredicted), plus counts and bounds.
 * @throws DataError on length mismatch, outcomes other than 0/1, or probabilities outside [0, 1].
 */
export function reliabilityCurve(outcome: readonly number[], prob: readonly number[], nBins = 10): ReliabilityBin[] {
  checkBins(nBins);
  if (outcome.length !== prob.length)
    throw new DataError(`outcome (${outcome.length}) and prob (${prob.length}) differ in length`);
  const count = new Array<number>(nBins).fill(0);
  const sumP = new Array<number>(nBins).fill(0);
  const sumY = new Array<number>(nBins).fill(0);
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i];
    if (!(p >= 0 && p <= 1)) throw new DataError(`prob[${i}] = ${p} is outside [0, 1]; pass probabilities, not logits`);
    if (outcome[i] !== 0 && outcome[i] !== 1) throw new DataError(`outcome[${i}] = ${outcome[i]}: use 0/1`);
    const b = uniformBinIndex(p, nBins);
    count[b]++;
    sumP[b] += p;
    sumY[b] += outcome[i];
  }
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    const upper = b === nBins - 1 ? 1 : (b + 1) * (1 / nBins);
    bins.push({
      lower: b * (1 / nBins),
      upper,
      count: count[b],
      meanPredicted: sumP[b] / count[b],
      fractionPositive: sumY[b] / count[b],
    });
  }
  return bins;
}

/** ECE of a reliability curve: sum of |fractionPositive - meanPredicted| weighted by bin share. */
export function eceFromBins(bins: readonly ReliabilityBin[]): number {
  const n = bins.reduce((a, b) => a + b.count, 0);
  if (n === 0) return 0;
  return bins.reduce((acc, b) => acc + (b.count / n) * Math.abs(b.fractionPositive - b.meanPredicted), 0);
}

/** Top-label confidences (max probability) and whether the argmax was right. */
export function topLabelConfidence(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
): { confidence: number[]; correct: number[] } {
  if (yTrue.length !== probabilities.length)
    throw new DataError(`yTrue (${yTrue.length}) and probabilities (${probabilities.length}) differ in length`);
  const pred = argmaxRows(probabilities);
  return {
    confidence: probabilities.map((row, i) => row[pred[i]]),
    correct: pred.map((p, i) => (p === yTrue[i] ? 1 : 0)),
  };
}

/** Top-label reliability curve of a multi-class (or binary) probability matrix. */
export function topLabelReliability(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  nBins = 10,
): ReliabilityBin[] {
  const { confidence, correct } = topLabelConfidence(yTrue, probabilities);
  return reliabilityCurve(correct, confidence, nBins);
}

/** Top-label expected calibration error with `nBins` uniform bins (0 = perfectly calibrated). */
export function expectedCalibrationError(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  nBins = 10,
): number {
  return eceFromBins(topLabelReliability(yTrue, probabilities, nBins));
}

/** Binary ECE: positive-class probability against 0/1 labels. */
export function binaryEce(yTrue: readonly number[], probPositive: readonly number[], nBins = 10): number {
  return eceFromBins(reliabilityCurve(yTrue, probPositive, nBins));
}

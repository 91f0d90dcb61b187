/**
 * A simple, documented parameter importance over completed trials: how much
 * of the variation of the validation score each hyperparameter explains on
 * its own, in [0, 1].
 *
 *  - Numeric parameters: |Spearman rank correlation| between the value and
 *    the score (monotone effects; robust to log scales and outliers).
 *  - Categorical parameters (strings/booleans, or numbers with <= 3 distinct
 *    values): the correlation ratio eta = sqrt(SS_between / SS_total) of the
 *    score grouped by value (one-way ANOVA effect size).
 *
 * Both are marginal (one parameter at a time, no interactions), unlike fANOVA;
 * with few trials they are noisy, so `trials` is reported beside them.
 * Conditional parameters are measured over the trials where they are active
 * (`trials` says how many): whether they are active at all is their parent's
 * effect, reported under the parent. Parameters constant across trials score
 * 0. Pure.
 */

/** Importance of one parameter. */
export interface ParamImportance {
  name: string;
  importance: number;
  method: 'spearman' | 'eta';
  trials: number;
}

function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1; // average rank on ties
    i = j + 1;
  }
  return r;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Correlation ratio of `scores` grouped by `groups`. */
function eta(groups: readonly string[], scores: readonly number[]): number {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const total = scores.reduce((a, s) => a + (s - mean) ** 2, 0);
  if (total === 0) return 0;
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => by.set(g, [...(by.get(g) ?? []), scores[i]]));
  let between = 0;
  for (const xs of by.values()) between += xs.length * (xs.reduce((a, b) => a + b, 0) / xs.length - mean) ** 2;
  return Math.sqrt(between / total);
}

/**
 * Importance of each parameter over `trials` with a finite score, most
 * important first (ties by name). Needs >= 3 scored trials; fewer give [].
 * A parameter active in fewer than 3 of them scores 0.
 */
export function parameterImportance(
  trials: readonly { params: Record<string, unknown>; score?: number }[],
): ParamImportance[] {
  const scored = trials.filter((t) => typeof t.score === 'number' && Number.isFinite(t.score));
  if (scored.length < 3) return [];
  const names = [...new Set(scored.flatMap((t) => Object.keys(t.params)))].sort();
  return names
    .map((name): ParamImportance => {
      const active = scored.filter((t) => t.params[name] !== undefined && t.params[name] !== null);
      if (active.length < 3) return { name, importance: 0, method: 'eta', trials: active.length };
      const values = active.map((t) => t.params[name]);
      const scores = active.map((t) => t.score!);
      const numeric = values.every((v) => typeof v === 'number' && Number.isFinite(v));
      const distinct = new Set(values.map((v) => JSON.stringify(v))).size;
      if (numeric && distinct > 3) {
        return {
          name,
          importance: Math.abs(pearson(ranks(values as number[]), ranks(scores))),
          method: 'spearman',
          trials: active.length,
        };
      }
      return {
        name,
        importance: eta(
          values.map((v) => JSON.stringify(v)),
          scores,
        ),
        method: 'eta',
        trials: active.length,
      };
    })
    .sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
}

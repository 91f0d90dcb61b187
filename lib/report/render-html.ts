/**
 * The run report: one self-contained HTML file (inline CSS, charts as inline
 * SVG rendered by ECharts in Node, no scripts, no external assets), so it
 * opens offline from S3 or disk. Every value from the run is escaped; chart
 * text is escaped by ECharts. Sections: results, data funnel and class
 * balance, exploration, sweep history, parameter importance, parallel
 * coordinates, learning curves, confusion matrix, ROC and PR curves,
 * calibration, ensemble composition, diagnosis, registry entry, trials,
 * artifacts. Pure and deterministic for a summary.
 */
import type { ConfidenceInterval } from '../metrics/bootstrap';
import { drawableConfusion } from './confusion-subset';
import type { Finding } from '../evaluation/diagnose-training';
import { escapeHtml, figure, fixed, para, pct, REPORT_CSS, section, table } from './html';
import type { ModelMetrics } from '../evaluation/model-metrics';
import * as charts from './report-charts';
import type { RunSummary } from './run-summary';
import { plural } from '../core/plural';
import { addedRows } from './funnel-chart';

export { escapeHtml } from './html';

/** Section ids and headings, in page order (the browser test checks each). */
export const REPORT_SECTIONS = [
  ['results', 'Test metrics (held-out split)'],
  ['data', 'Data funnel and class balance'],
  ['exploration', 'Exploration'],
  ['sweep', 'Sweep history'],
  ['families', 'Model families'],
  ['importance', 'Parameter importance'],
  ['parallel', 'Parallel coordinates'],
  ['learning-curves', 'Learning curves'],
  ['confusion', 'Confusion matrix'],
  ['curves', 'ROC and PR curves'],
  ['calibration', 'Calibration'],
  ['ensemble', 'Ensemble composition'],
  ['diagnosis', 'Diagnosis'],
  ['registry', 'Registry entry'],
  ['trials', 'Trials'],
  ['artifacts', 'Artifacts'],
] as const;

type SectionId = (typeof REPORT_SECTIONS)[number][0];
const title = (id: SectionId): string => REPORT_SECTIONS.find(([i]) => i === id)![1];
const ci = (c: ConfidenceInterval): string => `${pct(c.estimate)} [${pct(c.lower)}, ${pct(c.upper)}]`;
const signedPts = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} pts`;

function results(s: RunSummary): string {
  const e = s.evaluation.evaluation;
  const { intervals: iv } = e;
  const rows = [
    [`best single (${e.best.id})`, e.best, iv.best],
    [
      `ensemble (${e.selection.spec.method}, ${plural(e.selection.spec.members.length, 'member')})`,
      e.ensemble,
      iv.ensemble,
    ],
  ] as const;
  const metrics = table(
    [
      'model',
      `${iv.metric} (${Math.round(iv.best.confidence * 100)}% CI)`,
      'accuracy',
      'macro-F1',
      'weighted-F1',
      'log loss',
      'ECE',
      'macro AUC',
    ],
    rows.map(([name, m, c]) => [
      name,
      ci(c),
      pct(m.accuracy),
      pct(m.macroF1),
      pct(m.weightedF1),
      fixed(m.logLoss),
      fixed(m.ece),
      fixed(m.macroAuc, 3),
    ]),
  );
  const d = iv.difference;
  const verdict =
    d.lower > 0
      ? 'the ensemble is better on this test set'
      : d.upper < 0
        ? 'the best single model is better on this test set'
        : 'the difference is not significant (the interval contains 0)';
  const chosen = e.selection.chosen === 'ensemble' ? 'the ensemble' : `the best single model (${e.best.id})`;
  return [
    `<p class="headline">Ensemble minus best single, ${escapeHtml(iv.metric)} (paired bootstrap, ${d.resamples} resamples): <b>${escapeHtml(signedPts(d.estimate))}</b> [${escapeHtml(signedPts(d.lower))}, ${escapeHtml(signedPts(d.upper))}]: ${escapeHtml(verdict)}.</p>`,
    metrics,
    para(
      `Registered: ${chosen}, chosen on validation (${e.selection.metric}: ensemble ${fixed(e.selection.validationScore)} vs best single ${fixed(e.selection.bestSingle.validationScore)}), never on test.`,
    ),
    '<h3>Per-class report, ensemble</h3>',
    table(
      ['label', 'precision', 'recall', 'F1', 'support'],
      e.ensemble.report.perClass.map((r) => [r.label, pct(r.precision), pct(r.recall), pct(r.f1), r.support]),
    ),
  ].join('\n');
}

const UNIT_CAPTION: Record<charts.FunnelGroupUnit, string> = {
  rows: 'Rows kept, dropped and added per curation stage',
  'rows, whole dataset': 'Whole dataset: rows kept and dropped per stage, up to the split into train / val / test',
  'rows, train split':
    'Train split only, after the split: rows kept, dropped and added per stage (val and test are never filtered or augmented)',
};

function data(s: RunSummary): string {
  const groups = charts.funnelGroups(s.funnel);
  const funnel = table(
    ['stage', 'counts', 'in', 'kept', 'dropped', 'added'],
    groups.flatMap((g) =>
      g.stages.map((f) => [
        f.stage,
        g.unit,
        f.in,
        f.kept,
        Object.entries(f.dropped)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ') || '–',
        addedRows(f) || '–',
      ]),
    ),
  );
  return [
    para(`${plural(s.quarantinedRows, 'row')} quarantined.`),
    ...groups.map((g) => figure(charts.funnelChart(g), UNIT_CAPTION[g.unit])),
    figure(charts.classBalanceChart(s.labels, s.evaluation.classCounts), 'Examples per label in each split'),
    funnel,
  ].join('\n');
}

const safeSvg = (svg: string | undefined): string | undefined =>
  svg && /^<svg[\s>]/.test(svg) && !/<script|\son\w+\s*=/i.test(svg) ? svg : undefined;

function exploration(s: RunSummary): string {
  const x = s.exploration;
  if (!x) return para('Exploration was not computed for this run (the curation step wrote no exploration artifact).');
  const cloud = safeSvg(x.wordCloudSvg);
  const topics = x.topics.topics.map((t, i) => [`topic ${i + 1}`, t.map((w) => w.term).join(', ')]);
  return [
    para(`Train split: ${x.rows} texts (stop words excluded from the frequencies).`),
    figure(charts.frequencyChart(x.tokens, 'token'), 'Most frequent tokens'),
    ...(x.lengths
      ? [figure(charts.lengthHistogramChart(x.lengths.tokens, 'tokens per text'), 'Text length in tokens')]
      : []),
    ...(x.ngrams.find((g) => g.n === 2)
      ? [figure(charts.frequencyChart(x.ngrams.find((g) => g.n === 2)!.entries, 'bigram'), 'Most frequent bigrams')]
      : []),
    ...(cloud ? [`<figure class="wordcloud">${cloud}<figcaption>Word cloud (train split)</figcaption></figure>`] : []),
    topics.length
      ? `<h3>NMF topics (TF-IDF)</h3>\n${table(['topic', 'top terms'], topics)}`
      : para('No topics (too few texts).'),
  ].join('\n');
}

/** ROC and PR figures; past 40 classes, only the classes the best model confuses most (one legend entry per curve). */
function curveFigures(s: RunSummary, models: [string, ModelMetrics][]): string {
  const view = drawableConfusion(s.labels, s.evaluation.evaluation.best.report.confusion);
  const shown = new Set(view.labels);
  const cut =
    view.labels.length < view.total
      ? `, the ${view.labels.length} classes of ${view.total} that the best model confuses most`
      : '';
  const named = models.map(([name, m]) => ({ name, curves: m.curves.filter((c) => shown.has(c.label)) }));
  return [
    figure(charts.rocChart(named), `One-vs-rest ROC curves (test split${cut})`),
    figure(charts.prChart(named), `One-vs-rest precision-recall curves (test split${cut})`),
  ].join('\n');
}

function modelCharts(s: RunSummary): { confusion: string; curves: string; calibration: string } {
  const { best, ensemble } = s.evaluation.evaluation;
  const models: [string, ModelMetrics][] = [
    [`best ${best.id}`, best],
    ['ensemble', ensemble],
  ];
  return {
    confusion: models
      .map(([name, m]) => {
        const view = drawableConfusion(s.labels, m.report.confusion);
        const cut =
          view.labels.length < view.total ? `; the ${view.labels.length} most-confused of ${view.total} classes` : '';
        return figure(
          charts.confusionChart(view.labels, view.confusion),
          `${name}: rows = true label, columns = predicted (test split${cut})`,
        );
      })
      .join('\n'),
    curves: curveFigures(s, models),
    calibration: figure(
      charts.calibrationChart(models.map(([name, m]) => ({ name, bins: m.reliability, ece: m.ece }))),
      'Reliability diagram: top-label confidence vs accuracy per bin (test split)',
    ),
  };
}

function ensembleSection(s: RunSummary): string {
  const sel = s.evaluation.evaluation.selection;
  const familyOf = (id: string) => s.trials.find((t) => t.trialId === id)?.family ?? '–';
  const members = table(
    ['member', 'family', 'weight', 'validation score of the trial'],
    sel.spec.members.map((m) => [
      m.id,
      familyOf(m.id),
      fixed(m.weight, 3),
      fixed(s.evaluation.candidates.find((c) => c.trialId === m.id)?.valScore),
    ]),
  );
  const gain = s.evaluation.evaluation.intervals.difference;
  const gainLine = para(
    `Gain of the ensemble over the best single member on test (${s.evaluation.evaluation.intervals.metric}): ${signedPts(gain.estimate)} [${signedPts(gain.lower)}, ${signedPts(gain.upper)}] (bootstrap interval).`,
  );
  return [
    para(
      `Method: ${sel.spec.method}; candidates: the ${s.evaluation.candidates.length} best trials by validation score; selection metric: ${sel.metric}.`,
    ),
    figure(charts.ensembleWeightsChart(sel.spec.members), 'Member weights'),
    ...(sel.trajectory.length
      ? [
          figure(
            charts.selectionTrajectoryChart(sel.trajectory, sel.metric),
            'Greedy selection: validation score after each addition',
          ),
        ]
      : []),
    members,
    gainLine,
  ].join('\n');
}

function findingHtml(f: Finding, who?: string): string {
  const evidence = Object.entries(f.evidence)
    .map(([k, v]) => `${k} = ${v}`)
    .join('; ');
  return `<div class="finding ${escapeHtml(f.severity)}"><b>${escapeHtml(who ? `${who}: ` : '')}${escapeHtml(f.kind)} (${escapeHtml(f.severity)})</b> ${escapeHtml(f.message)}<br><span class="muted">Evidence: ${escapeHtml(evidence)}</span></div>`;
}

function diagnosis(s: RunSummary): string {
  const d = s.evaluation.diagnosis;
  const trialFindings = d.trials.flatMap((t) => t.findings.map((f) => findingHtml(f, t.trialId)));
  const all = [...d.data.map((f) => findingHtml(f)), ...trialFindings];
  const leak = d.leakage;
  return [
    all.length
      ? all.join('\n')
      : para(
          'No problem detected: no overfitting, underfitting or divergence in the top trials, no leakage, label noise or strong imbalance.',
        ),
    para(
      `Leakage check: ${leak.trainVal} val and ${leak.trainTest} test texts also occur in train, ${leak.valTest} test texts in val. Label-noise check: ${d.labelNoise.flagged} of ${d.labelNoise.checked} test examples are confident mistakes of the registered model.`,
    ),
    d.labelNoise.examples.length
      ? table(
          ['id', 'text', 'label', 'predicted', 'confidence'],
          d.labelNoise.examples.map((e) => [e.id, e.text, e.label, e.predicted, pct(e.confidence)]),
        )
      : '',
  ].join('\n');
}

function registry(s: RunSummary): string {
  const r = s.registry;
  if (!r) return para('Not registered.');
  return [
    table(
      ['field', 'value'],
      [
        ['entry', r.uri],
        ['key', r.key],
        ['latest pointer', r.latestKey],
        ['chosen', `${r.chosen} (${r.method})`],
        ['code version', r.codeVersion],
      ],
    ),
    table(
      ['member', 'weight', 'model'],
      r.members.map((m) => [m.trialId, fixed(m.weight, 3), m.model]),
    ),
    para(`Predict with: npx tsx cli/main.ts predict ${s.experiment} "some text"`),
  ].join('\n');
}

/** `82.1%` or, for a cross-validated trial, `82.1% ± 1.3` (std over folds, in points). */
function trialScore(t: RunSummary['trials'][number]): string {
  if (!t.foldScores?.length) return pct(t.score);
  const mean = t.foldScores.reduce((a, b) => a + b, 0) / t.foldScores.length;
  const std = Math.sqrt(t.foldScores.reduce((a, b) => a + (b - mean) ** 2, 0) / t.foldScores.length);
  return `${pct(t.score)} ± ${(100 * std).toFixed(1)} (${t.foldScores.length} folds)`;
}

/** Params as `name=value` pairs, numbers to 4 significant digits; the table wraps between pairs. */
function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : JSON.stringify(v)}`)
    .join(', ');
}

function families(s: RunSummary): string {
  const rows = (s.families ?? []).map((f) => [
    f.family,
    f.trials,
    f.completed,
    f.best === undefined ? '–' : `${pct(f.best)} (${f.bestTrialId})`,
    f.seconds.toFixed(1),
    f.secondsPerTrial === undefined ? '–' : f.secondsPerTrial.toFixed(1),
  ]);
  return rows.length
    ? table(['family', 'trials', 'completed', `best ${s.objective}`, 'training s', 's per trial'], rows)
    : para('No trial recorded a family.');
}

function trials(s: RunSummary): string {
  return table(
    ['trial', 'status', s.objective, 'params', 'epochs', 'resumed from epoch', 'error'],
    s.trials
      .slice()
      .sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity))
      .map((t) => [
        t.trialId,
        t.status,
        trialScore(t),
        paramsText(t.params),
        t.epochs ?? '–',
        t.resumedFromEpoch ?? '–',
        t.error ?? '',
      ]),
    { className: 'trials' },
  );
}

function learningCurves(s: RunSummary): string {
  const candidates = s.evaluation.candidates.map((c) => c.trialId);
  const withCurve = s.trials.filter((t) => t.intermediate?.length).length;
  const details = s.evaluation.learningCurves.slice(0, 6);
  const all = withCurve
    ? [
        figure(
          charts.allTrialsCurveChart(s.trials, candidates, s.objective),
          `Validation ${s.objective} after each epoch, all ${plural(withCurve, 'trial')}: the ${candidates.length} evaluated candidates in colour, the others grey`,
        ),
      ]
    : [];
  const perCandidate = details.map((c) => figure(charts.learningCurveChart(c.history), c.trialId));
  return all.length || perCandidate.length
    ? [...all, ...perCandidate].join('\n')
    : para('No learning curves recorded.');
}

/** Renders the whole report page for `s` (see the module comment). */
export function renderRunReportHtml(s: RunSummary): string {
  const m = modelCharts(s);
  const body: Record<SectionId, string> = {
    results: results(s),
    data: data(s),
    exploration: exploration(s),
    sweep: s.bestSoFar.length
      ? figure(charts.sweepHistoryChart(s), `Validation ${s.objective} per trial and best so far`)
      : para('No completed trial.'),
    families: families(s),
    importance: s.parameterImportance.length
      ? `${figure(charts.importanceChart(s.parameterImportance), 'Marginal importance')}\n${para('Numeric parameters: |Spearman rank correlation| with the validation score; categorical ones: correlation ratio (eta). One parameter at a time, no interactions; conditional parameters over the trials where they are active; noisy with few trials.')}`
      : para('Not computed: needs at least 3 completed trials.'),
    parallel: figure(
      charts.parallelChart(s.trials, s.objective),
      'Each line is a completed trial: its parameters and validation score',
    ),
    'learning-curves': learningCurves(s),
    confusion: m.confusion,
    curves: m.curves,
    calibration: m.calibration,
    ensemble: ensembleSection(s),
    diagnosis: diagnosis(s),
    registry: registry(s),
    trials: trials(s),
    artifacts: table(['artifact', 'uri'], Object.entries(s.artifacts)),
  };
  const nav = REPORT_SECTIONS.map(([id, t]) => `<a href="#${id}">${escapeHtml(t)}</a>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>finetune-flow report: ${escapeHtml(s.runId)}</title>
<style>${REPORT_CSS}</style>
</head><body>
<h1>Run ${escapeHtml(s.runId)}</h1>
<p>Experiment <b>${escapeHtml(s.experiment)}</b>, seed ${s.seed}, labels ${escapeHtml(s.labels.join(', '))}.
Trials: ${s.trialCounts.completed} completed, ${s.trialCounts.failed} failed, ${s.prunedTrials} pruned of ${s.trialCounts.total}.</p>
<nav>${nav}</nav>
${REPORT_SECTIONS.map(([id]) => section(id, title(id), body[id])).join('\n')}
</body></html>
`;
}

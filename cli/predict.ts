import { readFile } from 'node:fs/promises';
import { ConfigError } from '../lib/core/errors';
import { printable, printableJson } from '../lib/core/printable';
import { loadRegisteredModel, type Prediction } from '../lib/registry/load-registered-model';
import { loadWorkerEnv } from '../workers/worker-env';
import { s3StoreFromEnv } from '../workers/s3-store-from-env';
import { selectBackend } from '../lib/models/runtime/backend';
import { describeBackend } from '../lib/models/runtime/backend-requirement';

/** Options of the `predict` command. */
export interface PredictOptions {
  file?: string;
  json?: boolean;
}

/** Texts from the arguments and/or a file (one text per non-empty line). */
export async function collectTexts(texts: string[], file?: string): Promise<string[]> {
  const fromFile = file ? (await readFile(file, 'utf8')).split(/\r?\n/).filter((l) => l.trim().length > 0) : [];
  const all = [...texts, ...fromFile];
  if (all.length === 0)
    throw new ConfigError(
      'predict needs at least one text: pass it as an argument ("some text") or use --file <path> with one text per line',
    );
  return all;
}

/**
 * One line per text: the label, its probability, then every label's probability
 * and the text (shortened). Labels and texts come from data, so they are shown
 * through {@link printable}: a label holding `\x1b[2J` prints as that, not as a clear-screen.
 */
export function formatPredictions(texts: readonly string[], predictions: readonly Prediction[]): string {
  return predictions
    .map((p, i) => {
      const probs = Object.entries(p.probabilities)
        .map(([l, v]) => `${printable(l)}=${v.toFixed(3)}`)
        .join(' ');
      const text = texts[i].length > 60 ? `${texts[i].slice(0, 57)}...` : texts[i];
      return `${printable(p.label)}\t${p.probabilities[p.label].toFixed(3)}\t${probs}\t${printableJson(text)}`;
    })
    .join('\n');
}

/**
 * `predict <experiment|entry-uri> [texts...]`: selects the tfjs backend as the
 * training worker does (named once, on the model line), loads the registered model (the
 * experiment's latest entry, or the entry at an s3:// URI) from the store the
 * workers use, and prints one prediction per text (JSON with --json).
 */
export async function predictCommand(target: string, texts: string[], opts: PredictOptions): Promise<void> {
  const inputs = await collectTexts(texts, opts.file);
  const env = loadWorkerEnv();
  // The same choice as the training worker (FF_TFJS_BACKEND, native first); it also turns tfjs's banners off.
  const backend = await selectBackend(env.FF_TFJS_BACKEND);
  const store = s3StoreFromEnv(env);
  const model = await loadRegisteredModel(store, target);
  try {
    const predictions = await model.predict(inputs);
    if (opts.json) {
      console.log(
        printableJson(
          {
            entry: store.uriFor(model.key),
            experiment: model.entry.experiment,
            runId: model.entry.runId,
            chosen: model.entry.chosen,
            backend: backend.name,
            predictions: predictions.map((p, i) => ({ text: inputs[i], ...p })),
          },
          2,
        ),
      );
    } else {
      console.log(
        printable(
          `Model: ${model.entry.experiment} run ${model.entry.runId} (${model.entry.chosen}, ${model.entry.members.length} member(s)) from ${store.uriFor(model.key)}, tfjs backend ${describeBackend(backend)}`,
        ),
      );
      console.log(formatPredictions(inputs, predictions));
    }
  } finally {
    model.close();
  }
}

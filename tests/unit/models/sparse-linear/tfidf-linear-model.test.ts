import { decodeTfidfLinear, encodeTfidfLinear } from '../../../../lib/models/sparse-linear/tfidf-linear-codec';
import {
  fitTfidfLinear,
  predictTfidfLinear,
  TfidfLinearParamsSchema,
} from '../../../../lib/models/sparse-linear/tfidf-linear-model';
import { sentimentExamples } from '../../../../bench/sentiment-examples';

describe('tfidf-linear model', () => {
  const rows = sentimentExamples().filter((_, i) => i % 5 === 0);
  const train = rows.slice(0, 480);
  const test = rows.slice(480);
  const labels = ['negative', 'positive'];
  const y = train.map((r) => labels.indexOf(r.label));

  it.each(['logistic', 'svm', 'nb-svm'] as const)(
    '%s: fits, predicts probabilities, and predicts the same after an encode/decode round trip',
    (classifier) => {
      const params = TfidfLinearParamsSchema.parse({ classifier, c: 4 });
      const model = fitTfidfLinear(
        train.map((r) => r.text),
        y,
        labels,
        params,
        7,
      );
      const texts = test.map((r) => r.text);
      const probs = predictTfidfLinear(model, texts);
      const correct = probs.filter((p, i) => (p[1] > p[0] ? 1 : 0) === labels.indexOf(test[i].label)).length;
      expect(correct / test.length).toBeGreaterThan(0.7);
      const decoded = decodeTfidfLinear(encodeTfidfLinear(model));
      expect(decoded.params).toEqual(params);
      const again = predictTfidfLinear(decoded, texts);
      let maxDiff = 0;
      again.forEach((p, i) => p.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - probs[i][k])))));
      expect(maxDiff).toBeLessThan(1e-4);
    },
  );

  it('refuses bytes that are not a tfidf-linear model, and both n-gram blocks off', () => {
    expect(() => decodeTfidfLinear(new TextEncoder().encode('{"format":"other"}'))).toThrow(
      'not a tfidf-linear model (format "other", expected finetune-flow/tfidf-linear@1)',
    );
    expect(() => decodeTfidfLinear(new Uint8Array([0x7b]))).toThrow('tfidf-linear model is not valid JSON');
    const params = TfidfLinearParamsSchema.parse({ wordNgrams: null, charNgrams: null });
    expect(() => fitTfidfLinear(['a b', 'c d'], [0, 1], labels, params, 1)).toThrow(
      'tfidf-linear: wordNgrams and charNgrams are both null; keep at least one block',
    );
  });
});

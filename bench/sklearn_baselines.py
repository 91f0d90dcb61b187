"""scikit-learn baselines for bench/model-zoo-bench.ts, on the rows given in a JSON file (argv[1]):
{"train": [[text, label], ...], "val": [...], "test": [...]}. Prints one JSON object with, per
baseline, test accuracy, macro-F1 and wall seconds:
- "tfidf-lr-default": TfidfVectorizer() + LogisticRegression() with scikit-learn's defaults
  (word unigrams, C=1): the first thing an ML engineer tries;
- "tfidf-lr-tuned": word 1-2-grams + char_wb 2-5-grams (sublinear tf, min_df 2), C picked on
  val from {0.1, 1, 10, 100}, refitted on train: a strong, honest TF-IDF+LR.
- "tfidf-svm-tuned": the same features, LinearSVC with C picked on val from {0.01, 0.1, 1, 10}.
"""
import json
import sys
import time

from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.svm import LinearSVC


def scores(y, pred):
    return {"accuracy": accuracy_score(y, pred), "macroF1": f1_score(y, pred, average="macro")}


def strong_features(train, *others):
    vecs = [
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    ]
    xs = [hstack([v.fit_transform(train) for v in vecs]).tocsr()]
    for texts in others:
        xs.append(hstack([v.transform(texts) for v in vecs]).tocsr())
    return xs


def tuned(make, grid, xtr, ytr, xva, yva):
    best = max(grid, key=lambda c: accuracy_score(yva, make(c).fit(xtr, ytr).predict(xva)))
    return best, make(best).fit(xtr, ytr)


def main():
    data = json.load(open(sys.argv[1]))
    split = {k: ([t for t, _ in v], [l for _, l in v]) for k, v in data.items()}
    (tr, ytr), (va, yva), (te, yte) = split["train"], split["val"], split["test"]
    out = {}

    t0 = time.perf_counter()
    vec = TfidfVectorizer()
    lr = LogisticRegression(max_iter=1000).fit(vec.fit_transform(tr), ytr)
    out["tfidf-lr-default"] = {**scores(yte, lr.predict(vec.transform(te))), "seconds": time.perf_counter() - t0}

    t0 = time.perf_counter()
    xtr, xva, xte = strong_features(tr, va, te)
    c, lr = tuned(lambda c: LogisticRegression(C=c, max_iter=2000), [0.1, 1, 10, 100], xtr, ytr, xva, yva)
    out["tfidf-lr-tuned"] = {**scores(yte, lr.predict(xte)), "seconds": time.perf_counter() - t0, "C": c}

    t0 = time.perf_counter()
    c, svm = tuned(lambda c: LinearSVC(C=c, max_iter=20000), [0.01, 0.1, 1, 10], xtr, ytr, xva, yva)
    out["tfidf-svm-tuned"] = {**scores(yte, svm.predict(xte)), "seconds": time.perf_counter() - t0, "C": c}
    print(json.dumps(out))


if __name__ == "__main__":
    main()

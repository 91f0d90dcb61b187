"""scikit-learn reference for bench/sparse-linear-vs-sklearn.ts: TF-IDF blocks
(TfidfVectorizer per analyzer, side by side as FeatureUnion does) and
LogisticRegression(solver='lbfgs') on the rows given in a JSON file (argv[1]).
Prints one JSON object: per block its vocabulary size and the idf of each
requested term, the non-zero feature values of the first rows, the test
probabilities, and the fit times.
"""
import json
import sys
import time

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC


def main():
    cfg = json.load(open(sys.argv[1]))
    t0 = time.perf_counter()
    vectorizers = [
        TfidfVectorizer(
            analyzer=a["kind"], ngram_range=(a["minN"], a["maxN"]), lowercase=cfg["lowercase"],
            sublinear_tf=cfg["sublinearTf"], min_df=cfg["minDf"], max_features=cfg.get("maxFeatures"),
            dtype=np.float64,
        )
        for a in cfg["analyzers"]
    ]
    train_blocks = [v.fit_transform(cfg["trainTexts"]) for v in vectorizers]
    x_train = hstack(train_blocks).tocsr()
    features_s = time.perf_counter() - t0
    x_test = hstack([v.transform(cfg["testTexts"]) for v in vectorizers]).tocsr()
    t1 = time.perf_counter()
    model = LogisticRegression(C=cfg["c"], max_iter=cfg["maxIter"], tol=cfg["tol"], solver="lbfgs")
    model.fit(x_train, cfg["trainLabels"])
    fit_s = time.perf_counter() - t1
    probs = model.predict_proba(x_test)
    blocks = []
    for v in vectorizers:
        vocab = v.vocabulary_
        blocks.append({
            "size": len(vocab),
            "idf": {t: float(v.idf_[vocab[t]]) for t in cfg.get("idfTerms", []) if t in vocab},
        })
    # First rows' features as {block index: {term: value}}.
    rows = []
    for r in range(min(cfg.get("rowsToReport", 0), len(cfg["trainTexts"]))):
        row = []
        for v, block in zip(vectorizers, train_blocks):
            names = v.get_feature_names_out()
            one = block.getrow(r)
            row.append({str(names[j]): float(val) for j, val in zip(one.indices, one.data)})
        rows.append(row)
    svm = {}
    if cfg.get("svm"):
        t2 = time.perf_counter()
        linear_svc = LinearSVC(C=cfg["svmC"], tol=cfg["svmTol"], max_iter=cfg["svmMaxIter"])
        linear_svc.fit(x_train, cfg["trainLabels"])
        svm_fit_s = time.perf_counter() - t2
        calibrated = CalibratedClassifierCV(
            LinearSVC(C=cfg["svmC"], tol=cfg["svmTol"], max_iter=cfg["svmMaxIter"]), method="sigmoid", cv=5, ensemble=False
        ).fit(x_train, cfg["trainLabels"])
        decision = linear_svc.decision_function(x_test)
        svm = {
            "svmDecision": decision.tolist(),
            "svmPredictions": linear_svc.predict(x_test).tolist(),
            "svmFitSeconds": svm_fit_s,
            "calibratedProbabilities": calibrated.predict_proba(x_test).tolist(),
        }
    print(json.dumps({
        **svm,
        "blocks": blocks,
        "rows": rows,
        "testProbabilities": probs.tolist(),
        "iterations": int(np.max(model.n_iter_)),
        "featuresSeconds": features_s,
        "fitSeconds": fit_s,
    }))


if __name__ == "__main__":
    main()

"""Reference values for bench/metrics-vs-sklearn.ts, computed by scikit-learn.

Usage: python sklearn_reference.py INPUT.json OUTPUT.json
INPUT holds {"cases": [MetricCase...]} (see bench/metrics-reference-cases.ts);
OUTPUT gets {"versions": {...}, "reference": [ {metric: value} per case ]}
with the same keys as computeOurs(). Non-finite floats are written as the
strings "inf" / "-inf" / "nan" (JSON has no literal for them).

Metrics with no scikit-learn function (ECE, perplexity) are computed here
with numpy from sklearn's own outputs: ECE from calibration_curve's bins
(counts via the same searchsorted rule), perplexity as exp(-mean log p).
"""
import json
import math
import sys

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, log_loss,
                             precision_recall_curve, precision_recall_fscore_support, roc_auc_score, roc_curve)


def clean(value):
    if isinstance(value, np.ndarray):
        return clean(value.tolist())
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, (np.floating, float)):
        v = float(value)
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return v
    if isinstance(value, (np.integer, int)):
        return int(value)
    return value


def ece(outcome, prob, n_bins):
    """Support-weighted |fraction positive - mean predicted| over sklearn's uniform bins."""
    prob_true, prob_pred = calibration_curve(outcome, prob, n_bins=n_bins, strategy="uniform")
    bins = np.linspace(0.0, 1.0, n_bins + 1)
    counts = np.bincount(np.searchsorted(bins[1:-1], prob), minlength=n_bins)
    counts = counts[counts != 0]
    return float(np.sum(counts / counts.sum() * np.abs(prob_true - prob_pred)))


def label_metrics(y, pred, proba, k):
    labels = list(range(k))
    out = {
        "accuracy": accuracy_score(y, pred),
        "confusion": confusion_matrix(y, pred, labels=labels),
        "log_loss": log_loss(y, proba, labels=labels),
    }
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    out.update(precision_per_class=p, recall_per_class=r, f1_per_class=f, support=s)
    for avg in ("macro", "micro", "weighted"):
        p, r, f, _ = precision_recall_fscore_support(y, pred, labels=labels, average=avg, zero_division=0)
        out.update({f"precision_{avg}": p, f"recall_{avg}": r, f"f1_{avg}": f})
    return out


def curve_metrics(y, proba, k, n_bins):
    if k == 2:
        s = proba[:, 1]
        fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
        prec, rec, pthr = precision_recall_curve(y, s)
        prob_true, prob_pred = calibration_curve(y, s, n_bins=n_bins, strategy="uniform")
        return {
            "roc_fpr": fpr, "roc_tpr": tpr, "roc_thresholds": thr, "roc_auc": roc_auc_score(y, s),
            "pr_precision": prec, "pr_recall": rec, "pr_thresholds": pthr,
            "average_precision": average_precision_score(y, s),
            "calibration_prob_true": prob_true, "calibration_prob_pred": prob_pred,
            "ece_binary": ece(y, s, n_bins),
        }
    return {
        "roc_auc_ovr_macro": roc_auc_score(y, proba, multi_class="ovr", average="macro"),
        "roc_auc_ovr_weighted": roc_auc_score(y, proba, multi_class="ovr", average="weighted"),
        "average_precision_macro": average_precision_score(y, proba, average="macro"),
        "average_precision_weighted": average_precision_score(y, proba, average="weighted"),
    }


def reference(case):
    k = case["numClasses"]
    y = np.asarray(case["yTrue"])
    pred = np.asarray(case["yPred"])
    proba = np.asarray(case["probabilities"], dtype=float)
    n_bins = case["nBins"]
    out = label_metrics(y, pred, proba, k)
    out.update(curve_metrics(y, proba, k, n_bins))
    correct = (proba.argmax(axis=1) == y).astype(int)
    conf = proba.max(axis=1)
    prob_true, prob_pred = calibration_curve(correct, conf, n_bins=n_bins, strategy="uniform")
    out.update(top_label_prob_true=prob_true, top_label_prob_pred=prob_pred, ece_top_label=ece(correct, conf, n_bins))
    tokens = np.concatenate([np.asarray(t, dtype=float) for t in case["tokenLogLikelihoods"]])
    out["perplexity"] = float(np.exp(-tokens.mean()))
    return {key: clean(v) for key, v in out.items()}


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f:
        cases = json.load(f)["cases"]
    result = {
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
        "reference": [reference(c) for c in cases],
    }
    with open(dst, "w") as f:
        json.dump(result, f, allow_nan=False)


if __name__ == "__main__":
    main()

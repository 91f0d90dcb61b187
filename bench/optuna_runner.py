"""Optuna side of bench/sampler-benchmark.ts.

    python bench/optuna_runner.py IN.json OUT.json

IN: {"budget": 50, "seeds": [1, ...], "functions": ["branin", ...], "samplers": ["tpe", "gp"],
     "check": {"branin": [[x1, x2], ...], ...}}
OUT: {"versions": {...}, "check": {fn: [f(x), ...]}, "results": [{"fn", "sampler", "seed", "best"}],
      "seconds": {sampler: total wall seconds}, "unavailable": {sampler: reason}}

Functions are minimised (Optuna's direction="minimize"); definitions mirror
bench/sampler-benchmark-functions.ts, and the TS side checks that both agree on
the "check" points before comparing anything.
"""
import json
import math
import sys
import time
import warnings


def branin(x):
    a, b = x
    return (b - 5.1 / (4 * math.pi**2) * a * a + 5 / math.pi * a - 6) ** 2 + 10 * (1 - 1 / (8 * math.pi)) * math.cos(a) + 10


HART_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HART_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
          [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
HART_ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(HART_A[i][j] * (x[j] - HART_P[i][j] * 1e-4) ** 2 for j in range(6))
        total -= HART_ALPHA[i] * math.exp(-inner)
    return total


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    s = math.sin(math.pi * w[0]) ** 2
    for v in w[:-1]:
        s += (v - 1) ** 2 * (1 + 10 * math.sin(math.pi * v + 1) ** 2)
    s += (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)
    return s


def ackley(x):
    d = len(x)
    s1 = sum(v * v for v in x) / d
    s2 = sum(math.cos(2 * math.pi * v) for v in x) / d
    return -20 * math.exp(-0.2 * math.sqrt(s1)) - math.exp(s2) + 20 + math.e


FUNCTIONS = {
    "branin": (branin, [(-5, 10), (0, 15)]),
    "hartmann6": (hartmann6, [(0, 1)] * 6),
    "levy4": (levy, [(-10, 10)] * 4),
    "ackley4": (ackley, [(-32.768, 32.768)] * 4),
}


def make_sampler(optuna, kind, seed):
    if kind == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if kind == "gp":
        return optuna.samplers.GPSampler(seed=seed)
    if kind == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(kind)


def run_one(optuna, fn_name, kind, seed, budget):
    fn, bounds = FUNCTIONS[fn_name]

    def objective(trial):
        return fn([trial.suggest_float(f"x{i}", lo, hi) for i, (lo, hi) in enumerate(bounds)])

    study = optuna.create_study(direction="minimize", sampler=make_sampler(optuna, kind, seed))
    study.optimize(objective, n_trials=budget)
    return study.best_value


def main():
    spec = json.load(open(sys.argv[1]))
    warnings.filterwarnings("ignore")
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    versions = {"optuna": optuna.__version__}
    unavailable = {}
    samplers = list(spec["samplers"])
    if "gp" in samplers:
        try:
            import torch  # noqa: F401 - GPSampler needs torch and scipy

            torch.set_num_threads(1)
            versions["torch"] = torch.__version__
        except Exception as exc:  # pragma: no cover - depends on the venv
            unavailable["gp"] = f"torch import failed: {exc}"
            samplers.remove("gp")
    check = {name: [FUNCTIONS[name][0](x) for x in pts] for name, pts in spec.get("check", {}).items()}
    results, seconds = [], {}
    for kind in samplers:
        t0 = time.time()
        for fn_name in spec["functions"]:
            for seed in spec["seeds"]:
                best = run_one(optuna, fn_name, kind, seed, spec["budget"])
                results.append({"fn": fn_name, "sampler": kind, "seed": seed, "best": best})
        seconds[kind] = time.time() - t0
    json.dump({"versions": versions, "check": check, "results": results, "seconds": seconds, "unavailable": unavailable}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()

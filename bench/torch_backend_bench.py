"""PyTorch CPU reference for bench/backend-bench.ts: the same matMuls and the same
BERT-size classifier step (token + learned position embeddings, post-norm encoder
blocks with ReLU feed-forward and no dropout, masked mean pooling, softmax head,
Adam), on the shapes given as JSON in argv[1], once per thread count in its
"threads" list (torch.set_num_threads). Prints one JSON object with a run per
thread count: on a loaded machine torch's own thread pool can lose to one
thread by 10x or more, so the caller compares against the best of them.
"""
import json
import statistics
import sys
import time

import torch
from torch import nn


def timed(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


class BertSize(nn.Module):
    def __init__(self, b):
        super().__init__()
        self.embedding = nn.Embedding(b["vocab"], b["hidden"])
        self.positions = nn.Parameter(torch.zeros(b["seq"], b["hidden"]).uniform_(-0.05, 0.05))
        layer = nn.TransformerEncoderLayer(
            d_model=b["hidden"], nhead=b["heads"], dim_feedforward=b["ff"], dropout=0.0,
            activation="relu", batch_first=True, norm_first=False,
        )
        self.encoder = nn.TransformerEncoder(layer, num_layers=b["layers"], enable_nested_tensor=False)
        self.classes = nn.Linear(b["hidden"], b["classes"])

    def forward(self, ids):
        pad = ids == 0
        h = self.encoder(self.embedding(ids) + self.positions, src_key_padding_mask=pad)
        keep = (~pad).unsqueeze(-1).float()
        pooled = (h * keep).sum(1) / keep.sum(1).clamp(min=1.0)
        return self.classes(pooled)


def measure(cfg, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    reps = cfg["reps"]
    gflops = {}
    for n in cfg["sizes"]:
        a, b = torch.rand(n, n), torch.rand(n, n)
        gflops[n] = 2 * n**3 / timed(lambda: a @ b, reps) / 1e9
    bert = cfg["bert"]
    model = BertSize(bert)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    ids = torch.randint(1, bert["vocab"], (bert["batch"], bert["seq"]))
    y = torch.randint(0, bert["classes"], (bert["batch"],))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(ids), y).backward()
        opt.step()

    bert_s = timed(step, reps)
    return {"threads": torch.get_num_threads(), "gflops": gflops, "bertMs": 1000 * bert_s}


def main():
    cfg = json.loads(sys.argv[1])
    runs = [measure(cfg, t) for t in cfg["threads"]]
    print(json.dumps({"version": torch.__version__, "runs": runs}))


if __name__ == "__main__":
    main()

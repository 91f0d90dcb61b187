"""Hugging Face reference for the pretrained-transformer fixture
(tests/fixtures/hf-minilm-reference.json): tokenizes the texts given as JSON in
argv[2] with transformers' BertTokenizerFast from the model folder argv[1]
(truncation to maxLen, padding to maxLen), runs BertModel in fp32 on CPU and
prints token ids, attention masks, the last hidden state of the first
positions, the [CLS] hidden state and the masked-mean embedding of each text.
"""
import json
import sys

import torch
from transformers import AutoTokenizer, BertModel


def head_step_gradients(model, enc, g):
    """Gradients of one training step: mean pooling -> linear head (weights
    sin(0.1 * (i + 1)) * 0.05, bias 0) -> cross-entropy against g["labels"],
    averaged over the batch; for the head and for the encoder tensors g["tensors"]
    (rows g["rows"] of each, plus each whole gradient's Frobenius norm)."""
    classes = g["classes"]
    hidden = model.config.hidden_size
    weight = torch.sin(0.1 * (torch.arange(classes * hidden, dtype=torch.float32) + 1)).reshape(classes, hidden) * 0.05
    weight.requires_grad_(True)
    bias = torch.zeros(classes, requires_grad=True)
    model.zero_grad()
    out = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    loss = torch.nn.functional.cross_entropy(pooled @ weight.T + bias, torch.tensor(g["labels"]))
    loss.backward()
    params = dict(model.named_parameters())
    return {
        "loss": loss.item(),
        "headWeight": weight.grad.tolist(),
        "headBias": bias.grad.tolist(),
        "tensors": {
            name: {"rows": params[name].grad[: g["rows"]].tolist(), "norm": params[name].grad.norm().item()}
            for name in g["tensors"]
        },
    }


def main():
    folder = sys.argv[1]
    cfg = json.loads(sys.argv[2])
    texts, max_len, positions = cfg["texts"], cfg["maxLen"], cfg["positions"]
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = BertModel.from_pretrained(folder, torch_dtype=torch.float32).eval()
    enc = tokenizer(texts, truncation=True, max_length=max_len, padding="max_length", return_tensors="pt")
    with torch.no_grad():
        out = model(**enc).last_hidden_state
    mask = enc["attention_mask"].unsqueeze(-1).float()
    mean = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    grads = head_step_gradients(model, enc, cfg["gradients"])
    print(json.dumps({
        "gradients": grads,
        "ids": enc["input_ids"].tolist(),
        "attentionMask": enc["attention_mask"].tolist(),
        "tokenTypes": enc["token_type_ids"].tolist(),
        "hidden": out[:, :positions, :].tolist(),
        "cls": out[:, 0, :].tolist(),
        "mean": mean.tolist(),
        "transformers": __import__("transformers").__version__,
        "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()

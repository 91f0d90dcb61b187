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
    print(json.dumps({
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

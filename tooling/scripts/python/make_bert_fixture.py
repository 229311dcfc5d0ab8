#!/usr/bin/env python3
"""Builds the tiny random BERT checkpoint and reference outputs used by @gliznet/core's BERT parity test.

Independent reference: Hugging Face BertModel math written out in PyTorch (post-layer-norm, exact
erf GELU, additive attention mask of finfo.min), not the tfjs code under test.

Run once with Debian's PyTorch (CI does not need it):
    apt-get install -y python3-torch python3-numpy
    /usr/bin/python3 tooling/scripts/python/make_bert_fixture.py packages/core/src/encoders/bert/__fixtures__/tiny-bert

Writes into the output directory: config.json, model.safetensors (Hugging Face names without the
`bert.` prefix, as sentence-transformers checkpoints ship them, plus pooler tensors and the int64
`embeddings.position_ids` buffer; word embeddings stored BF16, layer 1 stored F16, the rest F32, so
the loader's dtype handling is exercised), tokenizer.json (a minimal WordLevel tokenizer) and
reference.json (inputs, final hidden states, last-layer [CLS] attention averaged over heads).
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

CONFIG = {
    "architectures": ["BertModel"],
    "model_type": "bert",
    "vocab_size": 100,
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "intermediate_size": 37,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "attention_probs_dropout_prob": 0.1,
    "max_position_embeddings": 64,
    "type_vocab_size": 2,
    "initializer_range": 0.02,
    "layer_norm_eps": 1e-12,
    "pad_token_id": 0,
    "position_embedding_type": "absolute",
}


def make_weights(generator):
    h, i_size = CONFIG["hidden_size"], CONFIG["intermediate_size"]

    def normal(*shape, std=0.2):
        return torch.randn(*shape, generator=generator, dtype=torch.float32) * std

    w = {
        "embeddings.word_embeddings.weight": normal(CONFIG["vocab_size"], h, std=1.0),
        "embeddings.position_embeddings.weight": normal(CONFIG["max_position_embeddings"], h, std=0.5),
        "embeddings.token_type_embeddings.weight": normal(CONFIG["type_vocab_size"], h, std=0.5),
        "embeddings.LayerNorm.weight": 1 + normal(h, std=0.1),
        "embeddings.LayerNorm.bias": normal(h, std=0.1),
        "pooler.dense.weight": normal(h, h),
        "pooler.dense.bias": normal(h),
    }
    for layer in range(CONFIG["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."
        for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]:
            w[p + name + ".weight"] = normal(h, h)
            w[p + name + ".bias"] = normal(h, std=0.1)
        w[p + "intermediate.dense.weight"] = normal(i_size, h)
        w[p + "intermediate.dense.bias"] = normal(i_size, std=0.1)
        w[p + "output.dense.weight"] = normal(h, i_size)
        w[p + "output.dense.bias"] = normal(h, std=0.1)
        for name in ["attention.output.LayerNorm", "output.LayerNorm"]:
            w[p + name + ".weight"] = 1 + normal(h, std=0.1)
            w[p + name + ".bias"] = normal(h, std=0.1)
    return w


def storage_dtype(name):
    if name == "embeddings.word_embeddings.weight":
        return "BF16"
    if name.startswith("encoder.layer.1."):
        return "F16"
    return "F32"


def round_to_storage(weights):
    """The values the checkpoint actually holds (bf16 / f16 rounding), back in float32."""
    rounded = {}
    for name, tensor in weights.items():
        dtype = storage_dtype(name)
        if dtype == "BF16":
            rounded[name] = tensor.to(torch.bfloat16).to(torch.float32)
        elif dtype == "F16":
            rounded[name] = tensor.to(torch.float16).to(torch.float32)
        else:
            rounded[name] = tensor
    return rounded


def write_safetensors(path, weights, position_ids):
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    entries = [(name, tensor, storage_dtype(name)) for name, tensor in sorted(weights.items())]
    entries.append(("embeddings.position_ids", position_ids, "I64"))
    for name, tensor, dtype in entries:
        if dtype == "BF16":
            raw = tensor.to(torch.bfloat16).contiguous().view(torch.int16).numpy().tobytes()
        elif dtype == "F16":
            raw = tensor.to(torch.float16).contiguous().numpy().tobytes()
        elif dtype == "I64":
            raw = tensor.to(torch.int64).contiguous().numpy().tobytes()
        else:
            raw = tensor.to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(text)))
        handle.write(text.encode("utf8"))
        for blob in blobs:
            handle.write(blob)


def layer_norm(x, w, prefix):
    return F.layer_norm(x, (x.shape[-1],), w[prefix + ".weight"], w[prefix + ".bias"], eps=CONFIG["layer_norm_eps"])


def linear(x, w, prefix):
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]


def bert_forward(w, input_ids, token_type_ids, attention_mask):
    batch, seq = input_ids.shape
    heads = CONFIG["num_attention_heads"]
    head_size = CONFIG["hidden_size"] // heads
    positions = torch.arange(seq)
    x = w["embeddings.word_embeddings.weight"][input_ids] + w["embeddings.position_embeddings.weight"][positions][None] + w["embeddings.token_type_embeddings.weight"][token_type_ids]
    x = layer_norm(x, w, "embeddings.LayerNorm")
    extended = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
    cls_attention = None
    for layer in range(CONFIG["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."

        def split(t):
            return t.view(batch, seq, heads, head_size).permute(0, 2, 1, 3)

        q = split(linear(x, w, p + "attention.self.query"))
        k = split(linear(x, w, p + "attention.self.key"))
        v = split(linear(x, w, p + "attention.self.value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(head_size) + extended
        probs = torch.softmax(scores, dim=-1)
        context = (probs @ v).permute(0, 2, 1, 3).reshape(batch, seq, CONFIG["hidden_size"])
        x = layer_norm(x + linear(context, w, p + "attention.output.dense"), w, p + "attention.output.LayerNorm")
        intermediate = F.gelu(linear(x, w, p + "intermediate.dense"))  # exact (erf) GELU
        x = layer_norm(x + linear(intermediate, w, p + "output.dense"), w, p + "output.LayerNorm")
        cls_attention = probs[:, :, 0, :].mean(dim=1)
    return x, cls_attention


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    generator = torch.Generator().manual_seed(20261127)
    weights = make_weights(generator)
    stored = round_to_storage(weights)
    position_ids = torch.arange(CONFIG["max_position_embeddings"])[None]
    write_safetensors(os.path.join(out, "model.safetensors"), weights, position_ids)
    with open(os.path.join(out, "config.json"), "w") as handle:
        json.dump(CONFIG, handle, indent=2)
        handle.write("\n")
    vocab = {f"t{i}": i for i in range(CONFIG["vocab_size"])}
    vocab.update({"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3})
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [],
        "normalizer": None,
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"},
    }
    with open(os.path.join(out, "tokenizer.json"), "w") as handle:
        json.dump(tokenizer, handle)
        handle.write("\n")

    # [CLS] text [SEP] labels... [SEP], padded; token types 0 then 1.
    input_ids = torch.tensor([
        [2, 17, 45, 9, 3, 60, 61, 7, 62, 3],
        [2, 88, 3, 70, 3, 0, 0, 0, 0, 0],
        [2, 5, 6, 99, 12, 13, 3, 40, 3, 0],
    ])
    attention_mask = (torch.arange(10)[None] < torch.tensor([[10], [5], [9]])).to(torch.int64)
    token_type_ids = torch.tensor([
        [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
        [0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 1, 1, 0],
    ])
    with torch.no_grad():
        hidden, cls_attention = bert_forward(stored, input_ids, token_type_ids, attention_mask)
    reference = {
        "description": "tooling/scripts/python/make_bert_fixture.py (PyTorch %s, float32)" % torch.__version__,
        "batchSize": 3,
        "sequenceLength": 10,
        "inputIds": input_ids.flatten().tolist(),
        "attentionMask": attention_mask.flatten().tolist(),
        "tokenTypeIds": token_type_ids.flatten().tolist(),
        "hiddenStates": [float("%.8g" % v) for v in hidden.flatten().tolist()],
        "clsAttention": [float("%.8g" % v) for v in cls_attention.flatten().tolist()],
    }
    with open(os.path.join(out, "reference.json"), "w") as handle:
        json.dump(reference, handle)
        handle.write("\n")


if __name__ == "__main__":
    main()

"""Reference sentence vectors for `pnpm bench encoder-parity`, computed by sentence-transformers.

Reads {"directory": ..., "sentences": [...]} on stdin, writes {"vectors": [[...], ...], "versions": {...}}
on stdout. Run offline (HF_HUB_OFFLINE=1): the model comes from the directory, never from a hub.
It is the independent implementation the TypeScript encoders are checked against; the product never runs it.
"""
import json
import sys

import sentence_transformers
import torch
import transformers
from sentence_transformers import SentenceTransformer

request = json.load(sys.stdin)
torch.set_num_threads(1)
model = SentenceTransformer(request["directory"], device="cpu")
vectors = model.encode(request["sentences"], batch_size=16, convert_to_numpy=True)
json.dump(
    {
        "vectors": vectors.astype("float64").tolist(),
        "maxSeqLength": model.max_seq_length,
        "versions": {"sentence_transformers": sentence_transformers.__version__, "transformers": transformers.__version__, "torch": torch.__version__},
    },
    sys.stdout,
)

#!/usr/bin/env python3
"""Writes Tests/ModelTests/Fixtures/pytorch-lstm: a tiny torch.nn model's weights (safetensors, written
by hand so no extra package is needed) and its logits on a padded batch, for the test that proves
Antipode's forward pass equals PyTorch's nn.Embedding → nn.LSTM → nn.Linear.

    /tmp/antipode-peers/bin/python scripts/make-pytorch-fixture.py
"""
import json, os, struct
import torch

torch.manual_seed(0)
tokens = ["<pad>", "<bos>", "<eos>", "(", ")", "1", "=", "C", "N", "O", "c"]
V, E, H, L = len(tokens), 5, 6, 2
emb = torch.nn.Embedding(V, E)
lstm = torch.nn.LSTM(E, H, num_layers=L, batch_first=True)
head = torch.nn.Linear(H, V)
with torch.no_grad():  # larger weights than the default so every gate saturates somewhere
    for p in lstm.parameters():
        p.mul_(3)

# <bos> + tokens, padded with <pad> (0) to the longest.
seqs = [[1, 7, 7, 9], [1, 10, 5, 10, 10, 10, 10, 10, 5], [1, 8]]
T = max(map(len, seqs))
x = torch.tensor([s + [0] * (T - len(s)) for s in seqs])
with torch.no_grad():
    logits, _ = lstm(emb(x))
    logits = head(logits)

state = {"embedding.weight": emb.weight}
for k, v in lstm.state_dict().items():
    state["lstm." + k] = v
for k, v in head.state_dict().items():
    state["head." + k] = v
header, blobs, at = {}, [], 0
for name, t in state.items():
    b = t.detach().contiguous().float().numpy().tobytes()
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
    blobs.append(b)
    at += len(b)
h = json.dumps(header).encode()
h += b" " * (-len(h) % 8)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "ModelTests", "Fixtures", "pytorch-lstm")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "weights.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump({"torch": torch.__version__, "tokens": tokens, "embedding": E, "hidden": H, "layers": L,
               "inputs": x.tolist(), "logits": logits.tolist()}, f)
print("wrote", out)

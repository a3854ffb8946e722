#!/usr/bin/env python3
"""The multitask protocol of MULTITASK.md section 1 in PyTorch, with PyTorch's and NumPy's own draws.

A diagnosis tool, not part of the tests: it checks that what dlgen measures on a cell of the authors'
grid is what any faithful run of the recorded protocol gives, independently of dlgen's random streams.
(fixtures/reference/torch_multitask.py checks dlgen's arithmetic on dlgen's own draws; this script
checks the statistics on fresh ones.) Needs PyTorch (Debian: apt-get install python3-torch).

    python3 scripts/torch/protocol.py '[{"tag": "L5n400", "cfg": {"d": 30, "L": 5, "n": 400,
        "sA": 10, "sB": 10}, "qs": [0, 1], "seeds": [0, 1, 2, 3, 4], "every": 200}]'

One JSON line per seed: task A's test cross-entropy every `every` epochs for the single-task student
and for the multitask student at each q. Draws, in MULTITASK.md section 1's order, from the seed:
teacher output maps and the 2r orthonormal input rows (torch), inputs and label noise (NumPy and torch),
the train/test halves of 2n samples per task; then, from the same seed, the student's orthogonal gain-1
weights and PyTorch's default uniform biases, and the loaders' shuffles. Labels of the test half are
clean unless cfg.clean is false. SGD at lr (default 1e-3) for `epochs` (default 2000), batch 128.
"""

import json
import sys

import numpy as np
import torch
from torch import nn


def labels(W, M, X, sig, noisy):
    with torch.no_grad():
        Z = torch.tensor(X, dtype=torch.float) @ W.T @ M.T
        if noisy:
            Z = Z + torch.normal(0.0, sig * torch.ones_like(Z))
        return torch.argmax(Z, dim=1).numpy()


def tasks(n, d, r, C, q, sA, sB, seed, clean):
    torch.manual_seed(seed)
    g = np.random.RandomState(seed)
    M1 = torch.empty(C, r)
    nn.init.orthogonal_(M1)
    M2 = torch.empty(C, r)
    nn.init.orthogonal_(M2)
    rows = torch.randn(2 * r, d)
    nn.init.orthogonal_(rows)
    w1, w2 = rows[:r], rows[r:]
    sig = (1.0 / d) ** 0.5
    out = []
    for W, M in ((sA * w1, M1), (sB * (q * w1 + (1 - q * q) ** 0.5 * w2), M2)):
        X = g.randn(n, d)
        y = np.zeros(n, dtype=np.int64)
        y[: n // 2] = labels(W, M, X[: n // 2], sig, True)
        y[n // 2:] = labels(W, M, X[n // 2:], sig, not clean)
        out.append((X, y))
    return out


def loader(X, y, idx, shuffle):
    ds = torch.utils.data.TensorDataset(torch.tensor(X[idx]).float(), torch.tensor(y[idx]).long())
    return torch.utils.data.DataLoader(ds, batch_size=128, shuffle=shuffle, drop_last=False)


def run(cfg, seed, q, multi, every):
    d, L, n, C, r = cfg["d"], cfg["L"], cfg["n"], cfg.get("C", 10), cfg.get("r", 10)
    width = cfg.get("width", 64)
    (X1, y1), (X2, y2) = tasks(2 * n, d, r, C, q, cfg["sA"], cfg["sB"], seed, cfg.get("clean", True))
    train, test = np.arange(n), np.arange(n, 2 * n)
    dl1, dl2, te1 = loader(X1, y1, train, True), loader(X2, y2, train, True), loader(X1, y1, test, False)
    torch.manual_seed(seed)
    layers, k = [], d
    for _ in range(L):
        layers += [nn.Linear(k, width), nn.ReLU()]
        k = width
    trunk, h1, h2 = nn.Sequential(*layers), nn.Linear(k, C), nn.Linear(k, C)
    for net in (trunk, h1, h2):
        for m in net.modules():
            if isinstance(m, nn.Linear):
                nn.init.orthogonal_(m.weight)
    lr = cfg.get("lr", 1e-3)
    oT, o1, o2 = (torch.optim.SGD(p.parameters(), lr=lr) for p in (trunk, h1, h2))
    ce = nn.CrossEntropyLoss()
    it2 = iter(dl2)
    curve = []
    for ep in range(cfg.get("epochs", 2000)):
        for x, y in dl1:
            oT.zero_grad()
            o1.zero_grad()
            ce(h1(trunk(x)), y).backward()
            o1.step()
            oT.step()
            if multi:
                try:
                    x, y = next(it2)
                except StopIteration:
                    it2 = iter(dl2)
                    x, y = next(it2)
                oT.zero_grad()
                o2.zero_grad()
                ce(h2(trunk(x)), y).backward()
                o2.step()
                oT.step()
        if (ep + 1) % every == 0:
            with torch.no_grad():
                losses = [ce(h1(trunk(x)), y).item() for x, y in te1]
            curve.append(round(sum(losses) / len(losses), 5))
    return curve


if __name__ == "__main__":
    torch.set_num_threads(1)
    for job in json.loads(sys.argv[1]):
        for s in job["seeds"]:
            res = {"single": run(job["cfg"], s, 0.0, False, job.get("every", 100))}
            for q in job["qs"]:
                res["multi%g" % q] = run(job["cfg"], s, q, True, job.get("every", 100))
            print(json.dumps({"tag": job["tag"], "seed": s, **res}), flush=True)

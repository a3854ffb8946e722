"""numpy + OpenBLAS reference for `npm run bench:figures` (not part of the library).

Simulates every run of the paper's Fig. 3 (THEORY.md §10 F3) the way the authors do, one run
after another: N1 = P = 100 one-hot inputs, N2 = N3 = 50, rank 1 and 3 teachers with spectrum
(k m, ..., m) for m in {0.84, 2, 4, 6, 8}, TA and random initialisation (epsilon = 1e-5),
lr = 1e-3, EPOCHS full-batch epochs with the sequential update
  l = Sigma31 - W32 W21 Sigma11;  W21 += lr W32^T l;  W32 += lr l W21^T,
and train/test errors recorded every RECORD epochs (per-epoch matrix products, THEORY.md §2).
Prints one JSON object: the wall and CPU time of the whole grid and the number of runs.

usage: python3 numpy_f3.py [RUNS] [EPOCHS] [RECORD]   (defaults 10 10000 5)
"""
import json
import sys
import time

import numpy as np


def haar(n, rng):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def run(rank, m, aligned, seed, epochs, record, n1=100, n2=50, n3=50, lr=1e-3, eps=1e-5):
    rng = np.random.default_rng(seed)
    s_bar = m * np.arange(rank, 0, -1, dtype=float)
    u_bar = haar(n3, rng)[:, :rank]
    v_bar = haar(n1, rng)[:, :rank]
    w_bar = (u_bar * s_bar) @ v_bar.T
    x = np.eye(n1)
    y = w_bar @ x + rng.standard_normal((n3, n1)) / np.sqrt(n1)
    sigma31 = y @ x.T
    sigma11 = x @ x.T
    if aligned:
        u, _, vt = np.linalg.svd(sigma31, full_matrices=False)
        w21 = np.sqrt(eps) * vt[:n2, :].copy()
        w32 = np.sqrt(eps) * u[:, :n2].copy()
    else:
        w21 = np.sqrt(eps) * haar(n1, rng)[:n2, :]
        w32 = np.sqrt(eps) * haar(n3, rng)[:, :n2]
    y_sq = np.sum(y ** 2)
    wb_sq = np.sum(w_bar ** 2)
    train, test = [], []
    for epoch in range(epochs + 1):
        if epoch % record == 0:
            w = w32 @ w21
            train.append(float(np.sum(np.square(y - w @ x)) / y_sq))
            test.append(float(np.sum(np.square(w - w_bar)) / wb_sq))
        if epoch == epochs:
            break
        l = sigma31 - np.matmul(np.matmul(w32, w21), sigma11)
        w21 += lr * np.matmul(w32.T, l)
        w32 += lr * np.matmul(l, w21.T)
    return min(test)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    record = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    t0 = time.perf_counter()
    c0 = time.process_time()
    count = 0
    for rank in (1, 3):
        for m in (0.84, 2, 4, 6, 8):
            for aligned in (True, False):
                for r in range(runs):
                    run(rank, m, aligned, r, epochs, record)
                    count += 1
    print(json.dumps({"seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0, "runs": count, "runsPerCell": runs, "epochs": epochs, "numpy": np.__version__}))


if __name__ == "__main__":
    main()

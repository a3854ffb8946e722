"""numpy + OpenBLAS reference for `npm run bench` (not part of the library).

Trains the paper's one-hidden-layer student by full-batch GD the way the authors do
(lampinen/transfer-theory, running_single_generalization_no_tf.py): per epoch
l = Sigma31 - (W32 W21) Sigma11, W21 += lr W32^T l, W32 += lr l W21^T (sequential order),
with train/test errors evaluated every `record_every` epochs. Also times the bare
five-product data-form loop (h = W21 X, out = W32 h, err = Y - out, W32 += lr err h^T,
W21 += lr W32^T err X^T). Prints one JSON object on stdout.

usage: python3 numpy_reference.py N1 N2 N3 EPOCHS [RECORD_EVERY] [REPEATS] [--authors-only] [--deep [--aligned]]
(--authors-only: one run the authors' way, nothing else, for timing the whole process;
 --deep: one run of a D_w = 4 student, widths N1/N2/N2/N2 -> N3, random (scaled Haar) init,
 rank-3 teacher, the authors' sequential Sigma31-form update for every layer;
 --aligned: the same with the training-aligned init, V^T, I, I, U from the SVD of Sigma31, times eps^(1/4))
"""
import json
import sys
import time

import numpy as np


def haar(n, rng):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def task(n1, n3, rng, sbar=4.0, sigma_z=1.0):
    u_bar = haar(n3, rng)[:, :1]
    v_bar = haar(n1, rng)[:, :1]
    w_bar = sbar * u_bar @ v_bar.T
    x = haar(n1, rng)  # P = N1 orthogonal inputs
    z = rng.standard_normal((n3, n1)) * sigma_z / np.sqrt(n1)
    y = w_bar @ x + z
    return w_bar, x, y


def aligned_init(sigma31, n2, eps=1e-5):
    u, _, vt = np.linalg.svd(sigma31, full_matrices=False)
    return np.sqrt(eps) * vt[:n2, :].copy(), np.sqrt(eps) * u[:, :n2].copy()


def authors_way(w_bar, x, y, n2, epochs, record_every, lr=1e-3):
    sigma31 = y @ x.T
    sigma11 = x @ x.T
    w21, w32 = aligned_init(sigma31, n2)
    y_sq = np.sum(y ** 2)
    wb_sq = np.sum(w_bar ** 2)
    train, test = [], []
    t0 = time.perf_counter()
    c0 = time.process_time()
    for epoch in range(epochs + 1):
        if epoch % record_every == 0:
            w = w32 @ w21
            train.append(float(np.sum(np.square(y - w @ x)) / y_sq))
            test.append(float(np.sum(np.square(w - w_bar)) / wb_sq))
        if epoch == epochs:
            break
        l = sigma31 - np.matmul(np.matmul(w32, w21), sigma11)
        w21 += lr * np.matmul(w32.T, l)
        w32 += lr * np.matmul(l, w21.T)
    authors_way.cpu_seconds = time.process_time() - c0
    return time.perf_counter() - t0, train, test


def bare_loop(x, y, n2, epochs, lr=1e-3):
    w21, w32 = aligned_init(y @ x.T, n2)
    t0 = time.perf_counter()
    for _ in range(epochs):
        h = w21 @ x
        err = y - w32 @ h
        w32 += lr * (err @ h.T)
        w21 += lr * ((w32.T @ err) @ x.T)
    return time.perf_counter() - t0


def deep_way(n1, n2, n3, epochs, record_every, rng, aligned=False, lr=1e-3, eps=1e-5, depth=4):
    u_bar = haar(n3, rng)[:, :3]
    v_bar = haar(n1, rng)[:, :3]
    w_bar = u_bar @ np.diag([6.0, 4.0, 2.0]) @ v_bar.T
    x = haar(n1, rng)
    y = w_bar @ x + rng.standard_normal((n3, n1)) / np.sqrt(n1)
    sigma31 = y @ x.T
    sigma11 = x @ x.T
    widths = [n1] + [n2] * (depth - 1) + [n3]
    gain = eps ** (1.0 / depth)
    ws = [gain * haar(max(widths[l], widths[l + 1]), rng)[: widths[l + 1], : widths[l]] for l in range(depth)]
    if aligned:
        u, _, vt = np.linalg.svd(sigma31, full_matrices=False)
        ws = [gain * vt[:n2, :].copy()] + [gain * np.eye(n2) for _ in range(depth - 2)] + [gain * u[:, :n2].copy()]
    y_sq = np.sum(y ** 2)
    wb_sq = np.sum(w_bar ** 2)
    train, test = [], []
    t0 = time.perf_counter()
    for epoch in range(epochs + 1):
        if epoch % record_every == 0:
            w = ws[3] @ ws[2] @ ws[1] @ ws[0]
            train.append(float(np.sum(np.square(y - w @ x)) / y_sq))
            test.append(float(np.sum(np.square(w - w_bar)) / wb_sq))
        if epoch == epochs:
            break
        old = [m.copy() for m in ws]
        l = sigma31 - (old[3] @ old[2] @ old[1] @ old[0]) @ sigma11
        ws[0] += lr * ((old[3] @ old[2] @ old[1]).T @ l)
        ws[1] += lr * ((old[3] @ old[2]).T @ l @ ws[0].T)
        ws[2] += lr * (old[3].T @ l @ (ws[1] @ ws[0]).T)
        ws[3] += lr * (l @ (ws[2] @ ws[1] @ ws[0]).T)
    return time.perf_counter() - t0, train, test


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n1, n2, n3, epochs = (int(a) for a in args[0:4])
    record_every = int(args[4]) if len(args) > 4 else 10
    repeats = int(args[5]) if len(args) > 5 else 1
    rng = np.random.default_rng(0)
    if "--deep" in sys.argv:
        seconds, train, test = deep_way(n1, n2, n3, epochs, record_every, rng, aligned="--aligned" in sys.argv)
        print(json.dumps({"numpy": np.__version__, "deepSeconds": seconds, "finalTestError": test[-1]}))
        return
    w_bar, x, y = task(n1, n3, rng)
    if "--authors-only" in sys.argv:
        seconds, train, test = authors_way(w_bar, x, y, n2, epochs, record_every)
        print(json.dumps({"authorsSeconds": seconds, "finalTestError": test[-1]}))
        return
    authors, authors_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        authors = min(authors, authors_way(w_bar, x, y, n2, epochs, record_every)[0])
        authors_cpu = min(authors_cpu, authors_way.cpu_seconds)
    bare = min(bare_loop(x, y, n2, epochs) for _ in range(repeats))
    _, _, test = authors_way(w_bar, x, y, n2, min(epochs, 2000), record_every)
    p = n1
    print(json.dumps({
        "numpy": np.__version__,
        "sizes": {"N1": n1, "N2": n2, "N3": n3, "P": p, "epochs": epochs, "recordEvery": record_every},
        "authorsSeconds": authors,
        "authorsCpuSeconds": authors_cpu,
        "bareSeconds": bare,
        # per epoch: W32 W21, (.) Sigma11, W32^T l, l W21^T; records add W32 W21 and W X every record_every
        "authorsFlop": epochs * 2 * (n3 * n2 * n1 + n3 * n1 * n1 + n2 * n3 * n1 + n3 * n1 * n2)
        + (epochs // record_every + 1) * 2 * (n3 * n2 * n1 + n3 * n1 * p),
        "bareFlop": epochs * 2 * (n2 * n1 * p + n3 * n2 * p + n3 * p * n2 + n2 * n3 * p + n2 * p * n1),
        "minTestError": min(test),
    }))


if __name__ == "__main__":
    main()

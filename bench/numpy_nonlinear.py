"""numpy + OpenBLAS reference for the nonlinear bench (src/bench/nonlinear.ts; not part of the library).

One run of THEORY.md §10 F10 written plainly, the way a numpy user (or TensorFlow's plain GD) trains it:
N1 = P = 100 one-hot inputs X = I, N2 = N3 = 50 (every hidden layer 50 wide), a linear rank-1 teacher
s = 10, noise N(0, 1/50), leaky ReLU (slope 0.1) after every hidden layer, linear output, scaled random
orthogonal init with product scale 1e-5, full-batch GD with the simultaneous update at lr = 2e-4 on
L = 1/2 ||Y - f(X)||^2 (per-epoch matrix products: forward a_l = W_l h_{l-1}, backward
dW_l = delta_l h_{l-1}^T, delta_{l-1} = (W_l^T delta_l) * phi'(a_{l-1})), and the train and test errors
(test on the one-hot basis) every RECORD epochs. Prints one JSON object with the wall and CPU seconds
of the training loop (set-up excluded) and the final errors.

usage: python3 numpy_nonlinear.py DEPTH EPOCHS [RECORD]   (DEPTH = D_w, the number of weight matrices)
"""
import json
import sys
import time

import numpy as np


def haar(n, rng):
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def run(depth, epochs, record, n1=100, n2=50, n3=50, lr=2e-4, eps=1e-5, slope=0.1, s=10.0):
    rng = np.random.default_rng(0)
    w_bar = s * np.outer(haar(n3, rng)[:, 0], haar(n1, rng)[:, 0])
    x = np.eye(n1)
    y = w_bar @ x + rng.standard_normal((n3, n1)) / np.sqrt(n3)
    widths = [n1] + [n2] * (depth - 1) + [n3]
    gain = eps ** (1.0 / depth)
    ws = [gain * haar(max(widths[l], widths[l + 1]), rng)[: widths[l + 1], : widths[l]] for l in range(depth)]
    y_sq = np.sum(y**2)
    wb_sq = np.sum(w_bar**2)

    def forward(inp):
        pre, post = [], [inp]
        for w in ws[:-1]:
            a = w @ post[-1]
            pre.append(a)
            post.append(np.where(a > 0, a, slope * a))
        return pre, post, ws[-1] @ post[-1]

    train = test = None
    t0, c0 = time.perf_counter(), time.process_time()
    for epoch in range(epochs + 1):
        pre, post, z = forward(x)
        if epoch % record == 0:
            train = float(np.sum((y - z) ** 2) / y_sq)
            test = float(np.sum((forward(np.eye(n1))[2] - w_bar) ** 2) / wb_sq)
        if epoch == epochs:
            break
        delta = z - y
        grads = [None] * depth
        for l in range(depth - 1, -1, -1):
            grads[l] = delta @ post[l].T
            if l > 0:
                delta = (ws[l].T @ delta) * np.where(pre[l - 1] > 0, 1.0, slope)
        for l in range(depth):
            ws[l] -= lr * grads[l]
    return {
        "depth": depth,
        "epochs": epochs,
        "record": record,
        "seconds": time.perf_counter() - t0,
        "cpuSeconds": time.process_time() - c0,
        "train": train,
        "test": test,
        "numpy": np.__version__,
    }


def main():
    depth = int(sys.argv[1])
    epochs = int(sys.argv[2])
    record = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    print(json.dumps(run(depth, epochs, record)))


if __name__ == "__main__":
    main()

"""Independent numpy reference for `dlgen simulate --save-arrays DIR`.

For every DIR/run-<r>/, rebuild the run from its saved arrays and train it by full-batch gradient
descent (THEORY.md (2.2)): Sigma31 = Y X^T, Sigma11 = X X^T, E = Sigma31 - W Sigma11, and for each
layer W^l += lr * (W^{>l})^T E (W^{<l})^T, input side first; 'sequential' uses the already updated
lower layers, 'simultaneous' the old ones. A config with "activation" ("leakyRelu" with "leakySlope", or
"relu") is trained by backpropagation through that activation after every hidden layer (linear output),
all layers stepped from the same weights. Prints one JSON object: the largest relative Frobenius
gap between the numpy final weights and DIR/run-<r>/final-<l>.npy over all runs and layers.
Usage: python3 numpy_gd.py DIR
"""
import json
import os
import sys

import numpy as np


def product(layers, lo, hi, n):
    """layers[hi-1] ... layers[lo], or the n x n identity when the range is empty."""
    p = np.eye(n)
    for l in range(lo, hi):
        p = layers[l] @ p
    return p


def train(x, y, layers, lr, epochs, sequential):
    s31 = y @ x.T
    s11 = x @ x.T
    n1 = x.shape[0]
    for _ in range(epochs):
        old = [w.copy() for w in layers]
        w = product(old, 0, len(old), n1)
        e = s31 - w @ s11
        for l in range(len(layers)):
            upper = product(old, l + 1, len(old), old[l].shape[0])
            lower_src = layers if sequential else old
            lower = product(lower_src, 0, l, n1)
            layers[l] = layers[l] + lr * (upper.T @ e @ lower.T)
    return layers


def train_nonlinear(x, y, layers, lr, epochs, slope):
    """Backpropagation on 0.5 * ||f(X) - Y||^2 with f = W^D g(W^{D-1} ... g(W^1 X)), g(a) = a if a > 0 else
    slope * a (slope 0: ReLU), g'(a) = 1 if a > 0 else slope; every layer stepped from the same weights."""
    for _ in range(epochs):
        hs = [x]
        pre = []
        for w in layers[:-1]:
            a = w @ hs[-1]
            pre.append(a)
            hs.append(np.where(a > 0, a, slope * a))
        delta = layers[-1] @ hs[-1] - y
        grads = [None] * len(layers)
        grads[-1] = delta @ hs[-1].T
        back = layers[-1].T @ delta
        for l in range(len(layers) - 2, -1, -1):
            da = back * np.where(pre[l] > 0, 1.0, slope)
            grads[l] = da @ hs[l].T
            back = layers[l].T @ da
        layers = [w - lr * g for w, g in zip(layers, grads)]
    return layers


def main(root):
    cfg = json.load(open(os.path.join(root, 'config.json')))
    depth = len(cfg['hiddenDims']) + 1
    worst = 0.0
    for r in range(cfg['runs']):
        d = os.path.join(root, 'run-%d' % r)
        x = np.load(os.path.join(d, 'inputs.npy'))
        y = np.load(os.path.join(d, 'targets.npy'))
        init = [np.load(os.path.join(d, 'initial-%d.npy' % (l + 1))) for l in range(depth)]
        final = [np.load(os.path.join(d, 'final-%d.npy' % (l + 1))) for l in range(depth)]
        act = cfg.get('activation', 'linear')
        if act == 'linear':
            ours = train(x, y, init, cfg['learningRate'], cfg['epochs'], cfg['update'] == 'sequential')
        else:
            slope = cfg['leakySlope'] if act == 'leakyRelu' else 0.0
            ours = train_nonlinear(x, y, init, cfg['learningRate'], cfg['epochs'], slope)
        for a, b in zip(ours, final):
            worst = max(worst, float(np.linalg.norm(a - b) / np.linalg.norm(b)))
    print(json.dumps({'runs': cfg['runs'], 'depth': depth, 'maxRelativeGap': worst}))


if __name__ == '__main__':
    main(sys.argv[1])

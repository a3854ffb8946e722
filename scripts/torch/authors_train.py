#!/usr/bin/env python3
"""Runs the authors' own multitask/train.py (github.com/tyler-nervana/mt-theory, Apache-2.0; not
vendored here) unchanged and prints its final task-A test loss as one JSON line. A diagnosis tool:
it tells whether a cell of the authors' CSVs follows from their code at given arguments.

    git clone https://github.com/tyler-nervana/mt-theory && cd mt-theory/multitask
    python3 /path/to/dlgen/scripts/torch/authors_train.py --nsamples 800 --nfeatures 30 \\
        --nlayers 5 --rank 10 --n_classes 10 --scale1 10 --scale2 10 --relatedness 0 \\
        --data_seed 0 --model_seed 0 --clean_validation --save_dir /tmp/run [--single]

Two shims, neither touching the training: NumPy >= 1.24 has no `np.int`, which data.py uses as a
dtype (it is the builtin int); and tensorboardX is replaced by a recorder of add_scalar calls, from
which `validation-1/loss` of the last epoch is read (the value the authors' CSVs hold). Needs PyTorch
(Debian: apt-get install python3-torch). One thread, so that runs can go side by side.
"""

import contextlib
import io
import json
import runpy
import sys
import types

import numpy as np
import torch

np.int = int  # removed alias; the authors' data.py uses it as an integer dtype

records = []


class SummaryWriter:
    def __init__(self, log_dir=None):
        records.clear()

    def add_graph(self, *args, **kwargs):
        pass

    def add_scalar(self, tag, value, step):
        records.append((tag, step, value))

    def close(self):
        pass


sys.modules["tensorboardX"] = types.SimpleNamespace(SummaryWriter=SummaryWriter)
torch.set_num_threads(1)
sys.argv = ["train.py"] + sys.argv[1:]
with contextlib.redirect_stdout(io.StringIO()):
    runpy.run_path("train.py", run_name="__main__")
losses = [v for (tag, _, v) in records if tag == "validation-1/loss"]
print(json.dumps({"args": sys.argv[1:], "validation-1/loss": losses[-1]}))

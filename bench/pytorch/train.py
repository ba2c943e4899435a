# PyTorch on the CPU as the reference for the training cases: the same digits (read from the file the
# bench case wrote), the same models, Adam 1e-3, batch 128, shuffled epochs after a warm-up epoch, each
# timed alone; the median epoch's rate is reported, as for the other implementations.
# Tried at each thread count given; the best is reported. Prints one JSON line.
import json
import sys
import time

import numpy as np
import torch
from torch import nn

data_path, model_name, thread_counts = sys.argv[1], sys.argv[2], [int(t) for t in sys.argv[3].split(',')]
timed_epochs = int(sys.argv[4]) if len(sys.argv) > 4 else 1
meta = json.load(open(data_path + '.json'))
raw = np.fromfile(data_path, dtype=np.float32)
n, nt = meta['train'], meta['test']
x = torch.from_numpy(raw[: n * 784].copy()).reshape(n, 784)
y = torch.from_numpy(raw[n * 784 : n * 785].copy()).long()
xt = torch.from_numpy(raw[n * 785 : n * 785 + nt * 784].copy()).reshape(nt, 784)
yt = torch.from_numpy(raw[n * 785 + nt * 784 :].copy()).long()
if model_name == 'cnn':  # NCHW, PyTorch's layout
    x, xt = x.reshape(n, 1, 28, 28), xt.reshape(nt, 1, 28, 28)


def build():
    if model_name == 'mlp':
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    if model_name == 'wide':
        return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 13 * 13, 10))


def epoch(model, opt, loss_fn, xs, ys, generator):
    order = torch.randperm(xs.shape[0], generator=generator)
    for start in range(0, xs.shape[0], 128):
        idx = order[start : start + 128]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xs[idx]), ys[idx])  # logits + cross-entropy: softmax and loss in one
        loss.backward()
        opt.step()


best = None
for threads in thread_counts:
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    generator = torch.Generator().manual_seed(1)
    model = build()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    epoch(model, opt, loss_fn, x, y, generator)
    rates = []
    for _ in range(timed_epochs):
        t0 = time.perf_counter()
        epoch(model, opt, loss_fn, x, y, generator)
        rates.append(n / (time.perf_counter() - t0))
    rate = sorted(rates)[len(rates) // 2]
    with torch.no_grad():
        accuracy = (model(xt).argmax(1) == yt).float().mean().item()
        one = xt[:1]
        for _ in range(20):
            model(one)
        t1 = time.perf_counter()
        for _ in range(200):
            model(one)
        latency = (time.perf_counter() - t1) * 1e6 / 200
    if best is None or rate > best['rate']:
        best = {'rate': rate, 'accuracy': accuracy, 'latency': latency, 'threads': threads}

print(json.dumps(best))

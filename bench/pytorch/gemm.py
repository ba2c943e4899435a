# PyTorch's float32 matrix products (its BLAS called with almost nothing in between), GFLOP/s, at the
# best of the thread counts given, for the products bench/cases/gemm.ts times. Prints one JSON line.
import json
import sys
import time

import torch

products = json.loads(sys.argv[1])
thread_counts = [int(t) for t in sys.argv[2].split(',')]
budget = float(sys.argv[3])
result = {}
for p in products:
    a = torch.sin(torch.arange(p['m'] * p['k'], dtype=torch.float32) + 1).reshape([p['k'], p['m']] if p['transA'] else [p['m'], p['k']])
    b = torch.sin(torch.arange(p['k'] * p['n'], dtype=torch.float32) + 2).reshape([p['n'], p['k']] if p['transB'] else [p['k'], p['n']])
    lhs, rhs = (a.t() if p['transA'] else a), (b.t() if p['transB'] else b)
    flops = 2 * p['m'] * p['n'] * p['k']
    reps = max(3, round(budget / flops))
    best = 0.0
    for threads in thread_counts:
        torch.set_num_threads(threads)
        for _ in range(max(2, reps // 10)):
            torch.mm(lhs, rhs)
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(lhs, rhs)
        best = max(best, flops * reps / (time.perf_counter() - t0) / 1e9)
    result[p['name'] + ' GFLOP/s'] = best
print(json.dumps(result))

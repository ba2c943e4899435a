{
  "targets": [
    {
      "target_name": "rectify_native",
      "sources": ["rectify_native.c", "pointwise.c", "sparse.c", "rows.c", "heap.c"],
      "cflags": ["-O3", "-std=gnu11", "-fno-math-errno", "-fno-trapping-math"],
      "libraries": ["-lopenblas", "-lpthread"]
    }
  ]
}

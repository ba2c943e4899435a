{
  "targets": [
    {
      "target_name": "rectify_native",
      "sources": ["rectify_native.c", "pointwise.c", "sparse.c"],
      "cflags": ["-O3", "-std=gnu11", "-fno-math-errno"],
      "libraries": ["-lopenblas"]
    }
  ]
}

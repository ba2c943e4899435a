{
  "targets": [
    {
      "target_name": "rectify_native",
      "sources": ["rectify_native.c"],
      "cflags": ["-O3", "-std=gnu11"],
      "libraries": ["-lopenblas"]
    }
  ]
}

// Elementwise kernels of the add-on (pointwise.c): bias + ReLU, ReLU's backward and the Adam update,
// on the caller's Float32Arrays in place.
#ifndef RECTIFY_NATIVE_POINTWISE_H
#define RECTIFY_NATIVE_POINTWISE_H
#include <node_api.h>

napi_value add_relu(napi_env env, napi_callback_info info);
napi_value relu_grad(napi_env env, napi_callback_info info);
napi_value relu_grad_bias(napi_env env, napi_callback_info info);
napi_value adam(napi_env env, napi_callback_info info);

// The add-on's thread count (OpenBLAS's, set by setNativeThreads), read under the lock that guards it
// (rectify_native.c).
int native_threads(void);
#endif

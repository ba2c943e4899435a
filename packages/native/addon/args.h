// Argument helpers shared by the add-on's source files: each throws a JavaScript error naming the
// function and returns 0 / NULL when an argument is not what it must be.
#ifndef RECTIFY_NATIVE_ARGS_H
#define RECTIFY_NATIVE_ARGS_H
#include <node_api.h>
#include <stdbool.h>
#include <stdio.h>

#define CHECK(call)                                                  \
  do {                                                               \
    if ((call) != napi_ok) {                                         \
      napi_throw_error(env, NULL, "rectify native: N-API call failed"); \
      return NULL;                                                   \
    }                                                                \
  } while (0)

static inline int args(napi_env env, napi_callback_info info, size_t want, napi_value *argv, const char *name) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != want) {
    char message[128];
    snprintf(message, sizeof message, "rectify native %s: expected %zu arguments, got %zu", name, want, argc);
    napi_throw_error(env, NULL, message);
    return 0;
  }
  return 1;
}

// The float32 data of a Float32Array argument and its length in elements; NULL (with an exception) otherwise.
static inline float *floats(napi_env env, napi_value value, size_t *length, const char *name) {
  napi_typedarray_type type;
  void *data;
  size_t count;
  bool is_typed = false;
  napi_is_typedarray(env, value, &is_typed);
  if (!is_typed || napi_get_typedarray_info(env, value, &type, &count, &data, NULL, NULL) != napi_ok || type != napi_float32_array) {
    char message[128];
    snprintf(message, sizeof message, "rectify native %s: expected a Float32Array operand", name);
    napi_throw_type_error(env, NULL, message);
    return NULL;
  }
  *length = count;
  return data ? (float *)data : (float *)"";  // an empty array may have no backing store
}

static inline int integer(napi_env env, napi_value value, int *out) {
  double d;
  if (napi_get_value_double(env, value, &d) != napi_ok) return 0;
  *out = (int)d;
  return 1;
}

static inline napi_value fail(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

#endif

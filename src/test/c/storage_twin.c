/*
 * C twin of computestorage.dll, built into the same library as hcs_twin.c and virtdisk_twin.c, for
 * tests off Windows. The disks it is handed are the handles of virtdisk_twin.c (OpenVirtualDisk,
 * AttachVirtualDisk and DetachVirtualDisk are that twin's; CloseHandle releases them); the
 * functions here read a handle's path from it (twin_virtdisk_path). The mount path HcsGetLayerVhdMountPath returns is a string only LocalFree
 * releases (twin_local_string of hcs_twin.c). What a call means is forwarded to the backend the
 * test registers (TwinSetStorageBackend): the Java simulated storage. computestorage functions
 * answer HRESULTs, as the real DLL does.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t HRESULT;
typedef uint32_t DWORD;

#define E_POINTER ((HRESULT)0x80004003)
#define E_HANDLE ((HRESULT)0x80070006)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define HCS_E_SERVICE_NOT_AVAILABLE ((HRESULT)0x80370114)

/* Function codes shared with the Java backend (TwinStorageBackend). */
enum {
  SFN_MOUNT_PATH = 3,
  SFN_FORMAT = 4,
  SFN_INITIALIZE = 5,
  SFN_FILTER_ATTACH = 6,
  SFN_FILTER_DETACH = 7
};

typedef HRESULT (*storage_call)(int fn, const wchar_t *a, const wchar_t *b, const wchar_t *c,
                                void *reply);

typedef struct {
  storage_call call;
} storage_backend;

typedef struct {
  wchar_t *result;
} storage_reply;

enum { SST_LIVE_DISKS = 0, SST_BAD_HANDLES = 1, SST_CALLS = 2, SST_COUNT = 3 };

wchar_t *twin_local_string(const wchar_t *s);
wchar_t *twin_virtdisk_path(void *handle);

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static storage_backend s_backend;
static int64_t s_stats[SST_COUNT];

static wchar_t *s_dup(const wchar_t *s) {
  if (s == NULL) return NULL;
  size_t n = wcslen(s) + 1;
  wchar_t *d = malloc(n * sizeof(wchar_t));
  memcpy(d, s, n * sizeof(wchar_t));
  return d;
}

/* The disk's path copied (caller frees), or NULL when the handle is not a live disk handle of
 * virtdisk_twin.c (which counts the misuse). */
static wchar_t *s_path(void *h) { return twin_virtdisk_path(h); }

/* ---- fault switch (as hcs_twin.c's TwinSetFault, per function code of this twin) ---------------- */

/*
 * Per function code (SFN_*): the HRESULT the next s_fault_count calls answer (-1: every call)
 * instead of reaching the backend; s_calls counts every call that reached the backend boundary.
 */
enum { SFN_FAULT_COUNT = 8 };
static HRESULT s_fault[SFN_FAULT_COUNT];
static int32_t s_fault_count[SFN_FAULT_COUNT];
static int64_t s_calls[SFN_FAULT_COUNT];

/* s_lock held. */
static HRESULT s_take_fault(int fn) {
  if (fn < 0 || fn >= SFN_FAULT_COUNT) return 0;
  HRESULT hr = 0;
  s_calls[fn]++;
  if (s_fault_count[fn] != 0) {
    hr = s_fault[fn];
    if (s_fault_count[fn] > 0) s_fault_count[fn]--;
  }
  return hr;
}

/* The next count calls of fn fail with hr; count -1: all of them; count 0 clears the fault. */
EXPORT void TwinSetStorageFault(int fn, HRESULT hr, int32_t count) {
  if (fn < 0 || fn >= SFN_FAULT_COUNT) return;
  pthread_mutex_lock(&s_lock);
  s_fault[fn] = hr;
  s_fault_count[fn] = count;
  pthread_mutex_unlock(&s_lock);
}

/* How many calls of fn reached the DLL boundary since the last reset (faulted ones included). */
EXPORT int64_t TwinStorageCalls(int fn) {
  int64_t v = 0;
  pthread_mutex_lock(&s_lock);
  if (fn >= 0 && fn < SFN_FAULT_COUNT) v = s_calls[fn];
  pthread_mutex_unlock(&s_lock);
  return v;
}

/* Clears every fault and call count. */
EXPORT void TwinResetStorageFaults(void) {
  pthread_mutex_lock(&s_lock);
  memset(s_fault, 0, sizeof s_fault);
  memset(s_fault_count, 0, sizeof s_fault_count);
  memset(s_calls, 0, sizeof s_calls);
  pthread_mutex_unlock(&s_lock);
}

static HRESULT s_forward(int fn, const wchar_t *a, const wchar_t *b, const wchar_t *c,
                         wchar_t **result) {
  storage_call f;
  pthread_mutex_lock(&s_lock);
  f = s_backend.call;
  s_stats[SST_CALLS]++;
  HRESULT fault = s_take_fault(fn);
  pthread_mutex_unlock(&s_lock);
  if (result) *result = NULL;
  if (fault < 0) return fault;
  if (f == NULL) return HCS_E_SERVICE_NOT_AVAILABLE;
  storage_reply reply = {NULL};
  HRESULT hr = f(fn, a, b, c, &reply);
  if (result) *result = reply.result;
  else free(reply.result);
  return hr;
}

/* ---- computestorage.dll ------------------------------------------------------------------------ */

EXPORT HRESULT HcsFormatWritableLayerVhd(void *vhdHandle) {
  wchar_t *path = s_path(vhdHandle);
  if (path == NULL) return E_HANDLE;
  HRESULT hr = s_forward(SFN_FORMAT, path, NULL, NULL, NULL);
  free(path);
  return hr;
}

EXPORT HRESULT HcsGetLayerVhdMountPath(void *vhdHandle, wchar_t **mountPath) {
  if (mountPath == NULL) return E_POINTER;
  *mountPath = NULL;
  wchar_t *path = s_path(vhdHandle);
  if (path == NULL) return E_HANDLE;
  wchar_t *result = NULL;
  HRESULT hr = s_forward(SFN_MOUNT_PATH, path, NULL, NULL, &result);
  free(path);
  if (hr >= 0 && result != NULL) *mountPath = twin_local_string(result);
  free(result);
  return hr;
}

EXPORT HRESULT HcsInitializeWritableLayer(const wchar_t *writableLayerPath, const wchar_t *layerData,
                                          const wchar_t *options) {
  if (writableLayerPath == NULL || layerData == NULL) return E_INVALIDARG;
  return s_forward(SFN_INITIALIZE, writableLayerPath, layerData, options, NULL);
}

EXPORT HRESULT HcsAttachLayerStorageFilter(const wchar_t *layerPath, const wchar_t *layerData) {
  if (layerPath == NULL || layerData == NULL) return E_INVALIDARG;
  return s_forward(SFN_FILTER_ATTACH, layerPath, layerData, NULL, NULL);
}

EXPORT HRESULT HcsDetachLayerStorageFilter(const wchar_t *layerPath) {
  if (layerPath == NULL) return E_INVALIDARG;
  return s_forward(SFN_FILTER_DETACH, layerPath, NULL, NULL, NULL);
}

/* ---- the test's controls ----------------------------------------------------------------------- */

EXPORT void TwinStorageReply(void *reply, const wchar_t *result) {
  storage_reply *r = reply;
  free(r->result);
  r->result = s_dup(result);
}

EXPORT void TwinSetStorageBackend(const storage_backend *backend) {
  pthread_mutex_lock(&s_lock);
  if (backend) {
    s_backend = *backend;
  } else {
    memset(&s_backend, 0, sizeof s_backend);
  }
  pthread_mutex_unlock(&s_lock);
}

int64_t TwinVirtDiskStat(int which);

/* Live and misused disk handles are virtdisk_twin.c's (its stats 0 and 1); calls are counted here. */
EXPORT int64_t TwinStorageStat(int which) {
  if (which == SST_LIVE_DISKS || which == SST_BAD_HANDLES) return TwinVirtDiskStat(which);
  int64_t v = -1;
  pthread_mutex_lock(&s_lock);
  if (which == SST_CALLS) v = s_stats[which];
  pthread_mutex_unlock(&s_lock);
  return v;
}

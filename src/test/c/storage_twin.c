/*
 * C twin of computestorage.dll and of the virtdisk.dll calls its writable layer flow needs
 * (OpenVirtualDisk, AttachVirtualDisk, DetachVirtualDisk), built into the same library as
 * hcs_twin.c, for tests off Windows.
 *
 * Virtual disk handles are heap objects CloseHandle releases (hcs_twin.c's CloseHandle asks
 * storage_twin_close); the mount path HcsGetLayerVhdMountPath returns is a string only LocalFree
 * releases (twin_local_string of hcs_twin.c). What a call means is forwarded to the backend the
 * test registers (TwinSetStorageBackend): the Java simulated storage. virtdisk functions answer
 * Win32 error codes, computestorage ones HRESULTs, as the real DLLs do.
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
#define ERROR_INVALID_HANDLE 6u
#define ERROR_INVALID_PARAMETER 87u
#define ATTACH_PERMANENT_LIFETIME 0x4u

typedef struct {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;

typedef struct {
  DWORD DeviceId;
  GUID VendorId;
} VIRTUAL_STORAGE_TYPE;

typedef struct {
  DWORD Version;
  DWORD Reserved;
} ATTACH_VIRTUAL_DISK_PARAMETERS;

/* Function codes shared with the Java backend (TwinStorageBackend). */
enum {
  SFN_OPEN = 0,
  SFN_ATTACH = 1,
  SFN_DETACH = 2,
  SFN_MOUNT_PATH = 3,
  SFN_FORMAT = 4,
  SFN_INITIALIZE = 5,
  SFN_FILTER_ATTACH = 6,
  SFN_FILTER_DETACH = 7,
  SFN_DESTROY = 8
};

typedef HRESULT (*storage_call)(int fn, const wchar_t *a, const wchar_t *b, const wchar_t *c,
                                void *reply);

typedef struct {
  storage_call call;
} storage_backend;

typedef struct {
  wchar_t *result;
} storage_reply;

typedef struct {
  wchar_t *path;
} disk_t;

enum { SST_LIVE_DISKS = 0, SST_BAD_HANDLES = 1, SST_CALLS = 2, SST_COUNT = 3 };

wchar_t *twin_local_string(const wchar_t *s);

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static storage_backend s_backend;
static int64_t s_stats[SST_COUNT];
static disk_t **s_disks;
static size_t s_len, s_cap;

static wchar_t *s_dup(const wchar_t *s) {
  if (s == NULL) return NULL;
  size_t n = wcslen(s) + 1;
  wchar_t *d = malloc(n * sizeof(wchar_t));
  memcpy(d, s, n * sizeof(wchar_t));
  return d;
}

static long s_find(const void *h) {
  for (size_t i = 0; i < s_len; i++) {
    if (s_disks[i] == h) return (long)i;
  }
  return -1;
}

/* The disk's path copied (caller frees), or NULL when the handle is not a live disk handle. */
static wchar_t *s_path(void *h) {
  wchar_t *path = NULL;
  pthread_mutex_lock(&s_lock);
  if (h != NULL && s_find(h) >= 0) {
    path = s_dup(((disk_t *)h)->path);
  } else {
    s_stats[SST_BAD_HANDLES]++;
  }
  pthread_mutex_unlock(&s_lock);
  return path;
}

static HRESULT s_forward(int fn, const wchar_t *a, const wchar_t *b, const wchar_t *c,
                         wchar_t **result) {
  storage_call f;
  pthread_mutex_lock(&s_lock);
  f = s_backend.call;
  s_stats[SST_CALLS]++;
  pthread_mutex_unlock(&s_lock);
  if (f == NULL) return HCS_E_SERVICE_NOT_AVAILABLE;
  storage_reply reply = {NULL};
  HRESULT hr = f(fn, a, b, c, &reply);
  if (result) *result = reply.result;
  else free(reply.result);
  return hr;
}

/* virtdisk answers Win32 codes: HRESULT_FROM_WIN32 back to the code, other failures as they are. */
static DWORD s_win32(HRESULT hr) {
  if (hr >= 0) return 0;
  if (((uint32_t)hr & 0xFFFF0000u) == 0x80070000u) return (uint32_t)hr & 0xFFFFu;
  return (DWORD)hr;
}

/* Called from hcs_twin.c's CloseHandle. */
int storage_twin_close(void *handle) {
  pthread_mutex_lock(&s_lock);
  long i = s_find(handle);
  if (i >= 0) {
    s_disks[i] = s_disks[--s_len];
    s_stats[SST_LIVE_DISKS]--;
  }
  pthread_mutex_unlock(&s_lock);
  if (i < 0) return 0;
  free(((disk_t *)handle)->path);
  free(handle);
  return 1;
}

/* ---- virtdisk.dll ------------------------------------------------------------------------------ */

EXPORT DWORD OpenVirtualDisk(VIRTUAL_STORAGE_TYPE *VirtualStorageType, const wchar_t *Path,
                             DWORD VirtualDiskAccessMask, DWORD Flags, void *Parameters,
                             void **Handle) {
  (void)VirtualDiskAccessMask;
  (void)Flags;
  (void)Parameters;
  if (VirtualStorageType == NULL || Path == NULL || Handle == NULL) return ERROR_INVALID_PARAMETER;
  *Handle = NULL;
  DWORD error = s_win32(s_forward(SFN_OPEN, Path, NULL, NULL, NULL));
  if (error != 0) return error;
  disk_t *d = calloc(1, sizeof(disk_t));
  d->path = s_dup(Path);
  pthread_mutex_lock(&s_lock);
  if (s_len == s_cap) {
    s_cap = s_cap ? s_cap * 2 : 32;
    s_disks = realloc(s_disks, s_cap * sizeof(disk_t *));
  }
  s_disks[s_len++] = d;
  s_stats[SST_LIVE_DISKS]++;
  pthread_mutex_unlock(&s_lock);
  *Handle = d;
  return 0;
}

EXPORT DWORD AttachVirtualDisk(void *VirtualDiskHandle, void *SecurityDescriptor, DWORD Flags,
                               DWORD ProviderSpecificFlags, ATTACH_VIRTUAL_DISK_PARAMETERS *Parameters,
                               void *Overlapped) {
  (void)SecurityDescriptor;
  if (Parameters == NULL || Parameters->Version != 1 || ProviderSpecificFlags != 0 ||
      Overlapped != NULL || (Flags & ATTACH_PERMANENT_LIFETIME) == 0) {
    /* a host attach that ends when the handle closes would lose the volume at once */
    return ERROR_INVALID_PARAMETER;
  }
  wchar_t *path = s_path(VirtualDiskHandle);
  if (path == NULL) return ERROR_INVALID_HANDLE;
  DWORD error = s_win32(s_forward(SFN_ATTACH, path, NULL, NULL, NULL));
  free(path);
  return error;
}

EXPORT DWORD DetachVirtualDisk(void *VirtualDiskHandle, DWORD Flags, DWORD ProviderSpecificFlags) {
  if (Flags != 0 || ProviderSpecificFlags != 0) return ERROR_INVALID_PARAMETER;
  wchar_t *path = s_path(VirtualDiskHandle);
  if (path == NULL) return ERROR_INVALID_HANDLE;
  DWORD error = s_win32(s_forward(SFN_DETACH, path, NULL, NULL, NULL));
  free(path);
  return error;
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

EXPORT HRESULT HcsDestroyLayer(const wchar_t *layerPath) {
  if (layerPath == NULL) return E_INVALIDARG;
  return s_forward(SFN_DESTROY, layerPath, NULL, NULL, NULL);
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

EXPORT int64_t TwinStorageStat(int which) {
  int64_t v = -1;
  pthread_mutex_lock(&s_lock);
  if (which >= 0 && which < SST_COUNT) v = s_stats[which];
  pthread_mutex_unlock(&s_lock);
  return v;
}

/*
 * C twin of computenetwork.dll (HCN) for tests off Windows, built into the same library as
 * hcs_twin.c.
 *
 * It exports the Hcn* functions the adapter binds (networks, endpoints, namespaces) with the
 * prototypes of ComputeNetwork.h, plus ole32's CoTaskMemFree. What the DLL does natively happens
 * here: GUIDs arrive by reference, handles are heap objects only HcnClose* releases, result and
 * ErrorRecord strings are allocated here and only CoTaskMemFree releases them. What a call MEANS is
 * forwarded to the backend the test registers (TwinSetNetworkBackend): the Java simulated HCN.
 *
 * Bookkeeping (TwinNetworkStat) counts live handles and strings and every misuse (double free,
 * unknown or closed handle, handle of the wrong kind).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t HRESULT;

#define S_OK ((HRESULT)0)
#define E_POINTER ((HRESULT)0x80004003)
#define E_HANDLE ((HRESULT)0x80070006)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define HCN_E_MANAGER_STOPPED ((HRESULT)0x803B0020)

typedef struct {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;

/* Function codes shared with the Java backend (TwinNetworkBackend). */
enum {
  HFN_ENUMERATE = 0,
  HFN_CREATE = 1,
  HFN_OPEN = 2,
  HFN_MODIFY = 3,
  HFN_QUERY = 4,
  HFN_DELETE = 5,
  HFN_NETWORK = 0,
  HFN_ENDPOINT = 10,
  HFN_NAMESPACE = 20
};

typedef HRESULT (*hcn_call)(int fn, const wchar_t *id, const wchar_t *second, const wchar_t *arg,
                            void *reply);

typedef struct {
  hcn_call call;
} hcn_backend;

typedef struct {
  wchar_t *result;
  wchar_t *error;
} hcn_reply;

typedef struct {
  int kind; /* HFN_NETWORK, HFN_ENDPOINT or HFN_NAMESPACE */
  wchar_t id[40];
} hcn_handle;

enum {
  HST_LIVE_HANDLES = 0,
  HST_LIVE_STRINGS = 1,
  HST_BAD_FREES = 2,
  HST_BAD_HANDLES = 3,
  HST_STRINGS_ALLOCATED = 4,
  HST_CALLS = 5,
  HST_COUNT = 6
};

static pthread_mutex_t h_lock = PTHREAD_MUTEX_INITIALIZER;
static hcn_backend h_backend;
static int64_t h_stats[HST_COUNT];
static int h_spurious_error_records;

typedef struct {
  void *p;
  int is_string;
} h_tracked_t;
static h_tracked_t *h_tracked;
static size_t h_len, h_cap;

static void h_track(void *p, int is_string) {
  if (h_len == h_cap) {
    h_cap = h_cap ? h_cap * 2 : 128;
    h_tracked = realloc(h_tracked, h_cap * sizeof(h_tracked_t));
  }
  h_tracked[h_len].p = p;
  h_tracked[h_len].is_string = is_string;
  h_len++;
  h_stats[is_string ? HST_LIVE_STRINGS : HST_LIVE_HANDLES]++;
}

static int h_find(const void *p, int is_string) {
  for (size_t i = 0; i < h_len; i++) {
    if (h_tracked[i].p == p && h_tracked[i].is_string == is_string) return (int)i;
  }
  return -1;
}

static int h_untrack(const void *p, int is_string) {
  int i = h_find(p, is_string);
  if (i < 0) return 0;
  h_tracked[i] = h_tracked[--h_len];
  h_stats[is_string ? HST_LIVE_STRINGS : HST_LIVE_HANDLES]--;
  return 1;
}

static wchar_t *h_dup(const wchar_t *s) {
  if (s == NULL) return NULL;
  size_t n = wcslen(s) + 1;
  wchar_t *d = malloc(n * sizeof(wchar_t));
  memcpy(d, s, n * sizeof(wchar_t));
  return d;
}

/* A string handed to the caller: only CoTaskMemFree releases it. */
static wchar_t *h_out_string(const wchar_t *s) {
  wchar_t *d = h_dup(s);
  pthread_mutex_lock(&h_lock);
  h_track(d, 1);
  h_stats[HST_STRINGS_ALLOCATED]++;
  pthread_mutex_unlock(&h_lock);
  return d;
}

static void guid_text(const GUID *g, wchar_t out[40]) {
  swprintf(out, 40, L"%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", g->Data1, g->Data2,
           g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5],
           g->Data4[6], g->Data4[7]);
}

/* ---- fault switch (as hcs_twin.c's TwinSetFault, per function code of this twin) ---------------- */

/*
 * Per function code (kind + action): the HRESULT the next h_fault_count calls answer (-1: every call)
 * instead of reaching the backend, as computenetwork.dll answers when the service is away or
 * refuses what it was given. h_calls counts every call that reached the backend boundary.
 */
enum { HFN_FAULT_COUNT = 30 };
static HRESULT h_fault[HFN_FAULT_COUNT];
static int32_t h_fault_count[HFN_FAULT_COUNT];
static int64_t h_calls[HFN_FAULT_COUNT];

/* h_lock held. */
static HRESULT h_take_fault(int fn) {
  if (fn < 0 || fn >= HFN_FAULT_COUNT) return 0;
  HRESULT hr = 0;
  h_calls[fn]++;
  if (h_fault_count[fn] != 0) {
    hr = h_fault[fn];
    if (h_fault_count[fn] > 0) h_fault_count[fn]--;
  }
  return hr;
}

/* The next count calls of fn fail with hr; count -1: all of them; count 0 clears the fault. */
EXPORT void TwinSetNetworkFault(int fn, HRESULT hr, int32_t count) {
  if (fn < 0 || fn >= HFN_FAULT_COUNT) return;
  pthread_mutex_lock(&h_lock);
  h_fault[fn] = hr;
  h_fault_count[fn] = count;
  pthread_mutex_unlock(&h_lock);
}

/* How many calls of fn reached the DLL boundary since the last reset (faulted ones included). */
EXPORT int64_t TwinNetworkCalls(int fn) {
  int64_t v = 0;
  pthread_mutex_lock(&h_lock);
  if (fn >= 0 && fn < HFN_FAULT_COUNT) v = h_calls[fn];
  pthread_mutex_unlock(&h_lock);
  return v;
}

/* Clears every fault and call count. */
EXPORT void TwinResetNetworkFaults(void) {
  pthread_mutex_lock(&h_lock);
  memset(h_fault, 0, sizeof h_fault);
  memset(h_fault_count, 0, sizeof h_fault_count);
  memset(h_calls, 0, sizeof h_calls);
  pthread_mutex_unlock(&h_lock);
}

/* Forwards one call; hands out the result and ErrorRecord strings as the DLL would. */
static HRESULT h_forward(int fn, const wchar_t *id, const wchar_t *second, const wchar_t *arg,
                         wchar_t **result, wchar_t **errorRecord) {
  hcn_call f;
  int spurious = 0;
  pthread_mutex_lock(&h_lock);
  f = h_backend.call;
  h_stats[HST_CALLS]++;
  HRESULT fault = h_take_fault(fn);
  if (fault < 0) {
    pthread_mutex_unlock(&h_lock);
    if (result) *result = NULL;
    if (errorRecord) *errorRecord = NULL;
    return fault;
  }
  if (h_spurious_error_records > 0) {
    h_spurious_error_records--;
    spurious = 1;
  }
  pthread_mutex_unlock(&h_lock);
  if (result) *result = NULL;
  if (errorRecord) *errorRecord = NULL;
  if (f == NULL) return HCN_E_MANAGER_STOPPED;
  hcn_reply reply = {NULL, NULL};
  HRESULT hr = f(fn, id, second, arg, &reply);
  if (spurious && hr >= 0) {
    /* HCN can answer S_OK and still describe a failure in the ErrorRecord. */
    free(reply.error);
    reply.error = h_dup(L"{\"ErrorCode\":2151350299,\"Error\":\"twin: spurious error record\","
                        L"\"Success\":false}");
  }
  if (result && reply.result) *result = h_out_string(reply.result);
  if (errorRecord && reply.error) *errorRecord = h_out_string(reply.error);
  free(reply.result);
  free(reply.error);
  return hr;
}

static hcn_handle *h_new_handle(int kind, const wchar_t *id) {
  hcn_handle *h = calloc(1, sizeof(hcn_handle));
  h->kind = kind;
  wcsncpy(h->id, id, 39);
  pthread_mutex_lock(&h_lock);
  h_track(h, 0);
  pthread_mutex_unlock(&h_lock);
  return h;
}

/* The handle's id copied out, or 0 when the handle is unknown or of another kind. */
static int h_check(void *handle, int kind, wchar_t out[40]) {
  int ok;
  pthread_mutex_lock(&h_lock);
  ok = handle != NULL && h_find(handle, 0) >= 0 && ((hcn_handle *)handle)->kind == kind;
  if (ok) {
    memcpy(out, ((hcn_handle *)handle)->id, 40 * sizeof(wchar_t));
  } else {
    h_stats[HST_BAD_HANDLES]++;
  }
  pthread_mutex_unlock(&h_lock);
  return ok;
}

static HRESULT h_close(void *handle, int kind) {
  int ok;
  pthread_mutex_lock(&h_lock);
  ok = handle != NULL && h_find(handle, 0) >= 0 && ((hcn_handle *)handle)->kind == kind;
  if (ok) {
    h_untrack(handle, 0);
  } else {
    h_stats[HST_BAD_HANDLES]++;
  }
  pthread_mutex_unlock(&h_lock);
  if (!ok) return E_HANDLE;
  free(handle);
  return S_OK;
}

/* ---- generic shapes, one per prototype family -------------------------------------------------- */

static HRESULT h_enumerate(int kind, const wchar_t *query, wchar_t **out, wchar_t **errorRecord) {
  if (out == NULL) return E_POINTER;
  return h_forward(kind + HFN_ENUMERATE, NULL, NULL, query, out, errorRecord);
}

static HRESULT h_create(int kind, const GUID *id, const wchar_t *second, const wchar_t *settings,
                        void **handle, wchar_t **errorRecord) {
  wchar_t text[40];
  if (id == NULL || handle == NULL) return E_POINTER;
  *handle = NULL;
  guid_text(id, text);
  HRESULT hr = h_forward(kind + HFN_CREATE, text, second, settings, NULL, errorRecord);
  if (hr >= 0) *handle = h_new_handle(kind, text);
  return hr;
}

static HRESULT h_open(int kind, const GUID *id, void **handle, wchar_t **errorRecord) {
  wchar_t text[40];
  if (id == NULL || handle == NULL) return E_POINTER;
  *handle = NULL;
  guid_text(id, text);
  HRESULT hr = h_forward(kind + HFN_OPEN, text, NULL, NULL, NULL, errorRecord);
  if (hr >= 0) *handle = h_new_handle(kind, text);
  return hr;
}

static HRESULT h_modify(int kind, void *handle, const wchar_t *settings, wchar_t **errorRecord) {
  wchar_t text[40];
  if (!h_check(handle, kind, text)) return E_HANDLE;
  return h_forward(kind + HFN_MODIFY, text, NULL, settings, NULL, errorRecord);
}

static HRESULT h_query(int kind, void *handle, const wchar_t *query, wchar_t **properties,
                       wchar_t **errorRecord) {
  wchar_t text[40];
  if (properties == NULL) return E_POINTER;
  *properties = NULL;
  if (!h_check(handle, kind, text)) return E_HANDLE;
  return h_forward(kind + HFN_QUERY, text, NULL, query, properties, errorRecord);
}

static HRESULT h_delete(int kind, const GUID *id, wchar_t **errorRecord) {
  wchar_t text[40];
  if (id == NULL) return E_POINTER;
  guid_text(id, text);
  return h_forward(kind + HFN_DELETE, text, NULL, NULL, NULL, errorRecord);
}

/* ---- networks ---------------------------------------------------------------------------------- */

EXPORT HRESULT HcnEnumerateNetworks(const wchar_t *Query, wchar_t **Networks, wchar_t **ErrorRecord) {
  return h_enumerate(HFN_NETWORK, Query, Networks, ErrorRecord);
}
EXPORT HRESULT HcnCreateNetwork(const GUID *Id, const wchar_t *Settings, void **Network,
                                wchar_t **ErrorRecord) {
  return h_create(HFN_NETWORK, Id, NULL, Settings, Network, ErrorRecord);
}
EXPORT HRESULT HcnOpenNetwork(const GUID *Id, void **Network, wchar_t **ErrorRecord) {
  return h_open(HFN_NETWORK, Id, Network, ErrorRecord);
}
EXPORT HRESULT HcnQueryNetworkProperties(void *Network, const wchar_t *Query, wchar_t **Properties,
                                         wchar_t **ErrorRecord) {
  return h_query(HFN_NETWORK, Network, Query, Properties, ErrorRecord);
}
EXPORT HRESULT HcnDeleteNetwork(const GUID *Id, wchar_t **ErrorRecord) {
  return h_delete(HFN_NETWORK, Id, ErrorRecord);
}
EXPORT HRESULT HcnCloseNetwork(void *Network) { return h_close(Network, HFN_NETWORK); }

/* ---- endpoints --------------------------------------------------------------------------------- */

EXPORT HRESULT HcnEnumerateEndpoints(const wchar_t *Query, wchar_t **Endpoints,
                                     wchar_t **ErrorRecord) {
  return h_enumerate(HFN_ENDPOINT, Query, Endpoints, ErrorRecord);
}
EXPORT HRESULT HcnCreateEndpoint(void *Network, const GUID *Id, const wchar_t *Settings,
                                 void **Endpoint, wchar_t **ErrorRecord) {
  wchar_t network[40];
  if (Endpoint) *Endpoint = NULL;
  if (!h_check(Network, HFN_NETWORK, network)) return E_HANDLE;
  return h_create(HFN_ENDPOINT, Id, network, Settings, Endpoint, ErrorRecord);
}
EXPORT HRESULT HcnOpenEndpoint(const GUID *Id, void **Endpoint, wchar_t **ErrorRecord) {
  return h_open(HFN_ENDPOINT, Id, Endpoint, ErrorRecord);
}
EXPORT HRESULT HcnQueryEndpointProperties(void *Endpoint, const wchar_t *Query,
                                          wchar_t **Properties, wchar_t **ErrorRecord) {
  return h_query(HFN_ENDPOINT, Endpoint, Query, Properties, ErrorRecord);
}
EXPORT HRESULT HcnDeleteEndpoint(const GUID *Id, wchar_t **ErrorRecord) {
  return h_delete(HFN_ENDPOINT, Id, ErrorRecord);
}
EXPORT HRESULT HcnCloseEndpoint(void *Endpoint) { return h_close(Endpoint, HFN_ENDPOINT); }

/* ---- namespaces -------------------------------------------------------------------------------- */

EXPORT HRESULT HcnEnumerateNamespaces(const wchar_t *Query, wchar_t **Namespaces,
                                      wchar_t **ErrorRecord) {
  return h_enumerate(HFN_NAMESPACE, Query, Namespaces, ErrorRecord);
}
EXPORT HRESULT HcnCreateNamespace(const GUID *Id, const wchar_t *Settings, void **Namespace,
                                  wchar_t **ErrorRecord) {
  return h_create(HFN_NAMESPACE, Id, NULL, Settings, Namespace, ErrorRecord);
}
EXPORT HRESULT HcnOpenNamespace(const GUID *Id, void **Namespace, wchar_t **ErrorRecord) {
  return h_open(HFN_NAMESPACE, Id, Namespace, ErrorRecord);
}
EXPORT HRESULT HcnModifyNamespace(void *Namespace, const wchar_t *Settings, wchar_t **ErrorRecord) {
  return h_modify(HFN_NAMESPACE, Namespace, Settings, ErrorRecord);
}
EXPORT HRESULT HcnQueryNamespaceProperties(void *Namespace, const wchar_t *Query,
                                           wchar_t **Properties, wchar_t **ErrorRecord) {
  return h_query(HFN_NAMESPACE, Namespace, Query, Properties, ErrorRecord);
}
EXPORT HRESULT HcnDeleteNamespace(const GUID *Id, wchar_t **ErrorRecord) {
  return h_delete(HFN_NAMESPACE, Id, ErrorRecord);
}
EXPORT HRESULT HcnCloseNamespace(void *Namespace) { return h_close(Namespace, HFN_NAMESPACE); }

/* ---- ole32 and the test's controls ------------------------------------------------------------- */

/* ole32's CoTaskMemFree: frees a string this twin handed out; anything else is counted as misuse. */
EXPORT void CoTaskMemFree(void *pv) {
  if (pv == NULL) return;
  pthread_mutex_lock(&h_lock);
  int live = h_untrack(pv, 1);
  if (!live) h_stats[HST_BAD_FREES]++;
  pthread_mutex_unlock(&h_lock);
  if (live) free(pv);
}

/* Called by the backend inside a forwarded call: the result and/or the ErrorRecord to hand out. */
EXPORT void TwinNetworkReply(void *reply, const wchar_t *result, const wchar_t *errorRecord) {
  hcn_reply *r = reply;
  free(r->result);
  free(r->error);
  r->result = h_dup(result);
  r->error = h_dup(errorRecord);
}

EXPORT void TwinSetNetworkBackend(const hcn_backend *backend) {
  pthread_mutex_lock(&h_lock);
  if (backend) {
    h_backend = *backend;
  } else {
    memset(&h_backend, 0, sizeof h_backend);
  }
  pthread_mutex_unlock(&h_lock);
}

/* The next {count} successful calls answer S_OK with a non-empty ErrorRecord. */
EXPORT void TwinSetSpuriousErrorRecords(int32_t count) {
  pthread_mutex_lock(&h_lock);
  h_spurious_error_records = count;
  pthread_mutex_unlock(&h_lock);
}

EXPORT int64_t TwinNetworkStat(int which) {
  int64_t v = -1;
  pthread_mutex_lock(&h_lock);
  if (which >= 0 && which < HST_COUNT) v = h_stats[which];
  pthread_mutex_unlock(&h_lock);
  return v;
}

/* GUID layout as the C compiler sees it, for the Java layout test. */
EXPORT int64_t TwinNetworkLayout(int which) {
  switch (which) {
    case 0: return sizeof(GUID);
    case 1: return offsetof(GUID, Data2);
    case 2: return offsetof(GUID, Data3);
    case 3: return offsetof(GUID, Data4);
    default: return -1;
  }
}

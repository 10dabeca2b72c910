/*
 * C twin of computecore.dll for tests off Windows.
 *
 * It exports the computecore functions the adapter binds, with the same signatures (wchar_t strings,
 * opaque handles, HRESULTs) plus LocalFree. What the real DLL does natively happens here natively:
 * handles are heap objects, operations complete on their own threads, result strings are allocated
 * here and only LocalFree releases them, events arrive from a native dispatcher thread. What a call
 * MEANS is not decided here: every call is forwarded to a backend function table that the test
 * registers (TwinSetBackend), which hands it to the Java simulated implementation.
 *
 * Bookkeeping (TwinStat) counts live handles and strings and every misuse (double free, stale
 * handle, close while a thread waits on it), so a test fails on a leak or a double free.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t HRESULT;
typedef uint32_t DWORD;

#define S_OK ((HRESULT)0)
#define E_NOTIMPL ((HRESULT)0x80004001)
#define E_HANDLE ((HRESULT)0x80070006)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define E_OUTOFMEMORY ((HRESULT)0x8007000E)
#define HCS_E_SERVICE_NOT_AVAILABLE ((HRESULT)0x80370114)
#define HCS_E_OPERATION_NOT_STARTED ((HRESULT)0x80370115)
#define HCS_E_OPERATION_ALREADY_STARTED ((HRESULT)0x80370116)
#define HCS_E_OPERATION_PENDING ((HRESULT)0x80370117)
#define HCS_E_OPERATION_TIMEOUT ((HRESULT)0x80370118)
#define HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET ((HRESULT)0x80370119)
#define HCS_E_SERVICE_DISCONNECT ((HRESULT)0x8037011E)
#define INFINITE_WAIT 0xFFFFFFFFu

#define EVENT_PROCESS_EXITED 0x00010000
#define EVENT_SERVICE_DISCONNECT 0x02000000

typedef struct {
  DWORD ProcessId;
  DWORD Reserved;
  void *StdInput;
  void *StdOutput;
  void *StdError;
} HCS_PROCESS_INFORMATION;

typedef struct {
  int32_t Type;
  const wchar_t *EventData;
  void *Operation;
} HCS_EVENT;

typedef void (*HCS_OPERATION_COMPLETION)(void *operation, void *context);
typedef void (*HCS_EVENT_CALLBACK)(HCS_EVENT *event, void *context);

/* Function codes shared with the Java backend (TwinFunction). */
enum {
  FN_ENUMERATE = 0,
  FN_CREATE = 1,
  FN_START = 2,
  FN_SHUTDOWN = 3,
  FN_PAUSE = 4,
  FN_RESUME = 5,
  FN_SAVE = 6,
  FN_TERMINATE = 7,
  FN_GET_PROPERTIES = 9,
  FN_CREATE_PROCESS = 10,
  FN_GET_PROCESS_INFO = 12,
  FN_TERMINATE_PROCESS = 14,
  FN_OPEN = 20,
  FN_CLOSE = 21,
  FN_OPEN_PROCESS = 22,
  FN_CLOSE_PROCESS = 23,
  FN_SERVICE_PROPERTIES = 30,
  FN_GRANT_VM_ACCESS = 31,
  FN_REVOKE_VM_ACCESS = 32,
  FN_GUEST_STATE_FILE = 33,
  FN_RUNTIME_STATE_FILE = 34,
  FN_COUNT = 40
};

typedef HRESULT (*twin_system_call)(int fn, const wchar_t *id, const wchar_t *arg, void *reply);
typedef HRESULT (*twin_process_call)(int fn, const wchar_t *system_id, DWORD pid, const wchar_t *arg,
                                     void *reply);
typedef HRESULT (*twin_service_call)(int fn, const wchar_t *a, const wchar_t *b, void *reply);

/* The backend function table the test registers. */
typedef struct {
  twin_system_call system;
  twin_process_call process;
  twin_service_call service;
} twin_backend;

typedef struct {
  wchar_t *doc;
  DWORD pid;
} twin_reply;

/* ---- bookkeeping ---------------------------------------------------------------------------- */

enum { K_OP = 0, K_SYSTEM = 1, K_PROCESS = 2, K_STRING = 3, K_COUNT = 4 };
enum {
  ST_LIVE_OPS = 0,
  ST_LIVE_SYSTEMS = 1,
  ST_LIVE_PROCESSES = 2,
  ST_LIVE_STRINGS = 3,
  ST_BAD_FREES = 4,
  ST_BAD_HANDLES = 5,
  ST_CLOSE_WHILE_IN_USE = 6,
  ST_STRINGS_ALLOCATED = 7,
  ST_EVENTS_DELIVERED = 8,
  ST_PENDING_WORKERS = 9,
  ST_COUNT = 10
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_changed = PTHREAD_COND_INITIALIZER;
static twin_backend g_backend;
static DWORD g_delay[FN_COUNT];
static int64_t g_stats[ST_COUNT];
/* Reproduces what hcsshim saw on WS2022: CreateProcess succeeds but its wait fails spuriously. */
static int g_spurious_create_process_failures;

typedef struct {
  void *p;
  int kind;
} tracked_t;
static tracked_t *g_tracked;
static size_t g_tracked_len, g_tracked_cap;

static void track_add(int kind, void *p) {
  if (g_tracked_len == g_tracked_cap) {
    g_tracked_cap = g_tracked_cap ? g_tracked_cap * 2 : 256;
    g_tracked = realloc(g_tracked, g_tracked_cap * sizeof(tracked_t));
  }
  g_tracked[g_tracked_len].p = p;
  g_tracked[g_tracked_len].kind = kind;
  g_tracked_len++;
  g_stats[kind]++;
}

static long track_find(int kind, const void *p) {
  for (size_t i = 0; i < g_tracked_len; i++) {
    if (g_tracked[i].p == p && g_tracked[i].kind == kind) return (long)i;
  }
  return -1;
}

static int track_remove(int kind, const void *p) {
  long i = track_find(kind, p);
  if (i < 0) return 0;
  g_tracked[i] = g_tracked[--g_tracked_len];
  g_stats[kind]--;
  return 1;
}

static wchar_t *wdup(const wchar_t *s) {
  if (s == NULL) return NULL;
  size_t n = wcslen(s) + 1;
  wchar_t *d = malloc(n * sizeof(wchar_t));
  memcpy(d, s, n * sizeof(wchar_t));
  return d;
}

/* A result string handed to the caller: only LocalFree releases it. Call with g_lock held. */
static wchar_t *result_string(const wchar_t *s) {
  wchar_t *d = wdup(s);
  track_add(K_STRING, d);
  g_stats[ST_STRINGS_ALLOCATED]++;
  return d;
}

static void sleep_ms(DWORD ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
  }
}

/* ---- handles -------------------------------------------------------------------------------- */

typedef struct sys {
  wchar_t *id;
  int refs, closed, dead, backend_open, in_callback, in_call;
  HCS_EVENT_CALLBACK cb;
  void *ctx;
} sys_t;

typedef struct proc {
  wchar_t *system_id;
  DWORD pid;
  int refs, closed, dead, backend_open, in_callback, in_call;
  HCS_EVENT_CALLBACK cb;
  void *ctx;
} proc_t;

typedef struct op {
  int state; /* 0 not started, 1 pending, 2 done */
  HRESULT hr;
  wchar_t *result;
  DWORD pid;
  int refs, closed, waiters;
  void *ctx;
  HCS_OPERATION_COMPLETION cb;
  int kind, fn; /* kind: 0 system, 1 process */
  wchar_t *id, *arg;
  DWORD job_pid;
  sys_t *sys;
  proc_t *proc;
} op_t;

static void sys_unref(sys_t *s) {
  if (--s->refs == 0) {
    free(s->id);
    free(s);
  }
}

static void proc_unref(proc_t *p) {
  if (--p->refs == 0) {
    free(p->system_id);
    free(p);
  }
}

static void op_unref(op_t *o) {
  if (--o->refs == 0) {
    free(o->result);
    free(o->id);
    free(o->arg);
    if (o->sys) sys_unref(o->sys);
    if (o->proc) proc_unref(o->proc);
    free(o);
  }
}

/* Validates a handle for a call; g_lock held. */
static HRESULT sys_check(sys_t *s) {
  if (s == NULL || track_find(K_SYSTEM, s) < 0) {
    g_stats[ST_BAD_HANDLES]++;
    return E_HANDLE;
  }
  return s->dead ? HCS_E_SERVICE_DISCONNECT : S_OK;
}

static HRESULT proc_check(proc_t *p) {
  if (p == NULL || track_find(K_PROCESS, p) < 0) {
    g_stats[ST_BAD_HANDLES]++;
    return E_HANDLE;
  }
  return p->dead ? HCS_E_SERVICE_DISCONNECT : S_OK;
}

static HRESULT op_check(op_t *o) {
  if (o == NULL || track_find(K_OP, o) < 0) {
    g_stats[ST_BAD_HANDLES]++;
    return E_HANDLE;
  }
  return S_OK;
}

/* ---- fault switch --------------------------------------------------------------------------- */

/*
 * Per function code: the HRESULT the next g_fault_count calls answer (-1: every call) instead of
 * reaching the backend, as the DLL answers when the service is away or refuses what it was given.
 * g_calls counts every call that reached this boundary, faulted or not. g_lock held.
 */
static HRESULT g_fault[FN_COUNT];
static int32_t g_fault_count[FN_COUNT];
static int64_t g_calls[FN_COUNT];

static HRESULT take_fault(int fn) {
  if (fn < 0 || fn >= FN_COUNT) return S_OK;
  HRESULT hr = S_OK;
  pthread_mutex_lock(&g_lock);
  g_calls[fn]++;
  if (g_fault_count[fn] != 0) {
    hr = g_fault[fn];
    if (g_fault_count[fn] > 0) g_fault_count[fn]--;
  }
  pthread_mutex_unlock(&g_lock);
  return hr;
}

/* The next count calls of fn fail with hr; count -1: all of them; count 0 clears the fault. */
EXPORT void TwinSetFault(int fn, HRESULT hr, int32_t count) {
  if (fn >= 0 && fn < FN_COUNT) {
    pthread_mutex_lock(&g_lock);
    g_fault[fn] = hr;
    g_fault_count[fn] = count;
    pthread_mutex_unlock(&g_lock);
  }
}

/* How many calls of fn reached the DLL boundary since the last reset (faulted ones included). */
EXPORT int64_t TwinCalls(int fn) {
  int64_t v = 0;
  pthread_mutex_lock(&g_lock);
  if (fn >= 0 && fn < FN_COUNT) v = g_calls[fn];
  pthread_mutex_unlock(&g_lock);
  return v;
}

/* Clears every fault and call count. */
EXPORT void TwinResetFaults(void) {
  pthread_mutex_lock(&g_lock);
  memset(g_fault, 0, sizeof g_fault);
  memset(g_fault_count, 0, sizeof g_fault_count);
  memset(g_calls, 0, sizeof g_calls);
  pthread_mutex_unlock(&g_lock);
}

/* ---- backend forwarding --------------------------------------------------------------------- */

static HRESULT call_system(int fn, const wchar_t *id, const wchar_t *arg, twin_reply *reply) {
  twin_system_call f;
  HRESULT fault = take_fault(fn);
  if (fault < 0) return fault;
  pthread_mutex_lock(&g_lock);
  f = g_backend.system;
  pthread_mutex_unlock(&g_lock);
  return f ? f(fn, id, arg, reply) : HCS_E_SERVICE_NOT_AVAILABLE;
}

static HRESULT call_process(int fn, const wchar_t *id, DWORD pid, const wchar_t *arg,
                            twin_reply *reply) {
  twin_process_call f;
  HRESULT fault = take_fault(fn);
  if (fault < 0) return fault;
  pthread_mutex_lock(&g_lock);
  f = g_backend.process;
  pthread_mutex_unlock(&g_lock);
  return f ? f(fn, id, pid, arg, reply) : HCS_E_SERVICE_NOT_AVAILABLE;
}

static HRESULT call_service(int fn, const wchar_t *a, const wchar_t *b, twin_reply *reply) {
  twin_service_call f;
  HRESULT fault = take_fault(fn);
  if (fault < 0) return fault;
  pthread_mutex_lock(&g_lock);
  f = g_backend.service;
  pthread_mutex_unlock(&g_lock);
  return f ? f(fn, a, b, reply) : HCS_E_SERVICE_NOT_AVAILABLE;
}

/* Called by the backend, inside a forwarded call, to hand back a document and/or a process id. */
EXPORT void TwinReply(void *reply, const wchar_t *doc, DWORD pid) {
  twin_reply *r = reply;
  free(r->doc);
  r->doc = wdup(doc);
  r->pid = pid;
}

EXPORT void TwinSetBackend(const twin_backend *backend) {
  pthread_mutex_lock(&g_lock);
  if (backend) {
    g_backend = *backend;
  } else {
    memset(&g_backend, 0, sizeof g_backend);
  }
  pthread_mutex_unlock(&g_lock);
}

/* Delays the completion of every operation of one function code (0 = none): timeouts in tests. */
EXPORT void TwinSetDelay(int fn, DWORD ms) {
  if (fn >= 0 && fn < FN_COUNT) {
    pthread_mutex_lock(&g_lock);
    g_delay[fn] = ms;
    pthread_mutex_unlock(&g_lock);
  }
}

EXPORT void TwinSetSpuriousCreateProcessFailures(int32_t count) {
  pthread_mutex_lock(&g_lock);
  g_spurious_create_process_failures = count;
  pthread_mutex_unlock(&g_lock);
}

EXPORT int64_t TwinStat(int which) {
  int64_t v = 0;
  pthread_mutex_lock(&g_lock);
  if (which >= 0 && which < ST_COUNT) v = g_stats[which];
  pthread_mutex_unlock(&g_lock);
  return v;
}

/* Sizes and offsets as the C compiler lays the structures out, for the Java layout test. */
EXPORT int64_t TwinLayout(int which) {
  switch (which) {
    case 0: return sizeof(HCS_EVENT);
    case 1: return offsetof(HCS_EVENT, Type);
    case 2: return offsetof(HCS_EVENT, EventData);
    case 3: return offsetof(HCS_EVENT, Operation);
    case 4: return sizeof(HCS_PROCESS_INFORMATION);
    case 5: return offsetof(HCS_PROCESS_INFORMATION, ProcessId);
    case 6: return offsetof(HCS_PROCESS_INFORMATION, Reserved);
    case 7: return offsetof(HCS_PROCESS_INFORMATION, StdInput);
    case 8: return offsetof(HCS_PROCESS_INFORMATION, StdOutput);
    case 9: return offsetof(HCS_PROCESS_INFORMATION, StdError);
    case 10: return sizeof(wchar_t);
    default: return -1;
  }
}

/* ---- operations ----------------------------------------------------------------------------- */

static void *op_worker(void *arg) {
  op_t *o = arg;
  DWORD delay;
  pthread_mutex_lock(&g_lock);
  delay = g_delay[o->fn];
  pthread_mutex_unlock(&g_lock);
  if (delay) sleep_ms(delay);

  twin_reply reply = {NULL, 0};
  HRESULT hr;
  if (o->kind == 0) {
    hr = call_system(o->fn, o->id, o->arg, &reply);
  } else {
    hr = call_process(o->fn, o->id, o->job_pid, o->arg, &reply);
  }

  int forward_close = 0;
  pthread_mutex_lock(&g_lock);
  if (o->fn == FN_CREATE && hr >= 0 && o->sys) {
    /* The system exists now; if its handle was closed meanwhile, the backend must drop it. */
    if (o->sys->closed) {
      forward_close = 1;
    } else {
      o->sys->backend_open = 1;
    }
  }
  if (o->fn == FN_CREATE_PROCESS && hr >= 0 && o->proc) {
    o->proc->pid = reply.pid;
    if (o->proc->closed) {
      forward_close = 2;
    } else {
      o->proc->backend_open = 1;
    }
  }
  if (o->fn == FN_CREATE_PROCESS && hr >= 0 && g_spurious_create_process_failures > 0) {
    g_spurious_create_process_failures--;
    hr = E_INVALIDARG;
  }
  o->hr = hr;
  o->result = reply.doc;
  o->pid = (o->fn == FN_GET_PROCESS_INFO) ? o->job_pid : reply.pid;
  o->state = 2;
  HCS_OPERATION_COMPLETION cb = o->closed ? NULL : o->cb;
  void *ctx = o->ctx;
  pthread_cond_broadcast(&g_changed);
  pthread_mutex_unlock(&g_lock);

  if (forward_close == 1) {
    twin_reply ignored = {NULL, 0};
    call_system(FN_CLOSE, o->id, NULL, &ignored);
    free(ignored.doc);
  } else if (forward_close == 2) {
    twin_reply ignored = {NULL, 0};
    call_process(FN_CLOSE_PROCESS, o->id, reply.pid, NULL, &ignored);
    free(ignored.doc);
  }
  if (cb) cb(o, ctx);

  pthread_mutex_lock(&g_lock);
  g_stats[ST_PENDING_WORKERS]--;
  op_unref(o);
  pthread_cond_broadcast(&g_changed);
  pthread_mutex_unlock(&g_lock);
  return NULL;
}

/* Starts the tracked operation on its own thread; g_lock held. */
static HRESULT op_start(op_t *o, int kind, int fn, const wchar_t *id, const wchar_t *arg, DWORD pid,
                        sys_t *s, proc_t *p) {
  HRESULT hr = op_check(o);
  if (hr < 0) return hr;
  if (o->state != 0) return HCS_E_OPERATION_ALREADY_STARTED;
  o->kind = kind;
  o->fn = fn;
  o->id = wdup(id);
  o->arg = wdup(arg);
  o->job_pid = pid;
  if (s) {
    s->refs++;
    o->sys = s;
  }
  if (p) {
    p->refs++;
    o->proc = p;
  }
  o->state = 1;
  o->refs++;
  g_stats[ST_PENDING_WORKERS]++;
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (pthread_create(&t, &attr, op_worker, o) != 0) {
    pthread_attr_destroy(&attr);
    o->refs--;
    o->state = 0;
    g_stats[ST_PENDING_WORKERS]--;
    return E_OUTOFMEMORY;
  }
  pthread_attr_destroy(&attr);
  return S_OK;
}

EXPORT void *HcsCreateOperation(const void *context, HCS_OPERATION_COMPLETION callback) {
  op_t *o = calloc(1, sizeof(op_t));
  o->ctx = (void *)context;
  o->cb = callback;
  o->refs = 1;
  pthread_mutex_lock(&g_lock);
  track_add(K_OP, o);
  pthread_mutex_unlock(&g_lock);
  return o;
}

EXPORT void HcsCloseOperation(void *operation) {
  op_t *o = operation;
  pthread_mutex_lock(&g_lock);
  if (op_check(o) == S_OK) {
    if (o->waiters > 0) g_stats[ST_CLOSE_WHILE_IN_USE]++;
    track_remove(K_OP, o);
    o->closed = 1;
    op_unref(o);
  }
  pthread_mutex_unlock(&g_lock);
}

EXPORT HRESULT HcsCancelOperation(void *operation) {
  (void)operation;
  return E_NOTIMPL;
}

static int abs_deadline(DWORD ms, struct timespec *ts) {
  if (ms == INFINITE_WAIT) return 0;
  clock_gettime(CLOCK_REALTIME, ts);
  ts->tv_sec += ms / 1000;
  ts->tv_nsec += (long)(ms % 1000) * 1000000L;
  if (ts->tv_nsec >= 1000000000L) {
    ts->tv_sec++;
    ts->tv_nsec -= 1000000000L;
  }
  return 1;
}

static HRESULT op_result(op_t *o, DWORD timeout, int wait, HCS_PROCESS_INFORMATION *info,
                         wchar_t **result) {
  if (result) *result = NULL;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = op_check(o);
  if (hr < 0) {
    pthread_mutex_unlock(&g_lock);
    return hr;
  }
  if (info && o->state != 0 && o->fn != FN_CREATE_PROCESS && o->fn != FN_GET_PROCESS_INFO) {
    pthread_mutex_unlock(&g_lock);
    return E_INVALIDARG;
  }
  if (o->state == 0) {
    pthread_mutex_unlock(&g_lock);
    return HCS_E_OPERATION_NOT_STARTED;
  }
  o->refs++;
  o->waiters++;
  if (wait) {
    struct timespec deadline;
    int bounded = abs_deadline(timeout, &deadline);
    while (o->state != 2) {
      if (bounded) {
        if (pthread_cond_timedwait(&g_changed, &g_lock, &deadline) == ETIMEDOUT) break;
      } else {
        pthread_cond_wait(&g_changed, &g_lock);
      }
    }
  }
  o->waiters--;
  if (o->state != 2) {
    hr = wait ? HCS_E_OPERATION_TIMEOUT : HCS_E_OPERATION_PENDING;
  } else {
    hr = o->hr;
    if (result && o->result) *result = result_string(o->result);
    if (info) {
      memset(info, 0, sizeof *info);
      if (hr >= 0) info->ProcessId = o->pid;
    }
  }
  op_unref(o);
  pthread_mutex_unlock(&g_lock);
  return hr;
}

EXPORT HRESULT HcsWaitForOperationResult(void *operation, DWORD timeoutMs, wchar_t **resultDocument) {
  return op_result(operation, timeoutMs, 1, NULL, resultDocument);
}

EXPORT HRESULT HcsWaitForOperationResultAndProcessInfo(void *operation, DWORD timeoutMs,
                                                       HCS_PROCESS_INFORMATION *processInformation,
                                                       wchar_t **resultDocument) {
  HCS_PROCESS_INFORMATION ignored;
  return op_result(operation, timeoutMs, 1, processInformation ? processInformation : &ignored,
                   resultDocument);
}

EXPORT HRESULT HcsGetOperationResult(void *operation, wchar_t **resultDocument) {
  return op_result(operation, 0, 0, NULL, resultDocument);
}

EXPORT HRESULT HcsGetOperationResultAndProcessInfo(void *operation,
                                                   HCS_PROCESS_INFORMATION *processInformation,
                                                   wchar_t **resultDocument) {
  HCS_PROCESS_INFORMATION ignored;
  return op_result(operation, 0, 0, processInformation ? processInformation : &ignored,
                   resultDocument);
}

/* ---- compute systems ------------------------------------------------------------------------ */

static sys_t *sys_new(const wchar_t *id) {
  sys_t *s = calloc(1, sizeof(sys_t));
  s->id = wdup(id);
  s->refs = 1;
  track_add(K_SYSTEM, s);
  return s;
}

EXPORT HRESULT HcsEnumerateComputeSystems(const wchar_t *query, void *operation) {
  pthread_mutex_lock(&g_lock);
  HRESULT hr = op_start(operation, 0, FN_ENUMERATE, NULL, query, 0, NULL, NULL);
  pthread_mutex_unlock(&g_lock);
  return hr;
}

EXPORT HRESULT HcsCreateComputeSystem(const wchar_t *id, const wchar_t *configuration,
                                      void *operation, const void *securityDescriptor,
                                      void **computeSystem) {
  if (id == NULL || configuration == NULL || computeSystem == NULL || securityDescriptor != NULL) {
    return E_INVALIDARG;
  }
  *computeSystem = NULL;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = op_check(operation);
  if (hr == S_OK) {
    sys_t *s = sys_new(id);
    hr = op_start(operation, 0, FN_CREATE, id, configuration, 0, s, NULL);
    if (hr < 0) {
      track_remove(K_SYSTEM, s);
      sys_unref(s);
    } else {
      *computeSystem = s;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return hr;
}

EXPORT HRESULT HcsOpenComputeSystem(const wchar_t *id, DWORD requestedAccess, void **computeSystem) {
  if (id == NULL || computeSystem == NULL || requestedAccess != 0x10000000u) return E_INVALIDARG;
  *computeSystem = NULL;
  twin_reply reply = {NULL, 0};
  HRESULT hr = call_system(FN_OPEN, id, NULL, &reply);
  free(reply.doc);
  if (hr < 0) return hr;
  pthread_mutex_lock(&g_lock);
  sys_t *s = sys_new(id);
  s->backend_open = 1;
  *computeSystem = s;
  pthread_mutex_unlock(&g_lock);
  return S_OK;
}

/* Whether another live handle still holds the backend's system open; g_lock held. */
static int system_still_open(const wchar_t *id) {
  for (size_t i = 0; i < g_tracked_len; i++) {
    if (g_tracked[i].kind == K_SYSTEM) {
      sys_t *o = g_tracked[i].p;
      if (o->backend_open && wcscmp(o->id, id) == 0) return 1;
    }
  }
  return 0;
}

static int process_still_open(const wchar_t *id, DWORD pid) {
  for (size_t i = 0; i < g_tracked_len; i++) {
    if (g_tracked[i].kind == K_PROCESS) {
      proc_t *o = g_tracked[i].p;
      if (o->backend_open && o->pid == pid && wcscmp(o->system_id, id) == 0) return 1;
    }
  }
  return 0;
}

/*
 * Whether a thread is still waiting for an operation started on this handle: closing the handle
 * then is what crashed hcsshim inside computecore.dll. g_lock held.
 */
static int waited_on(const sys_t *s, const proc_t *p) {
  for (size_t i = 0; i < g_tracked_len; i++) {
    if (g_tracked[i].kind == K_OP) {
      op_t *o = g_tracked[i].p;
      if (o->state == 1 && o->waiters > 0 && ((s && o->sys == s) || (p && o->proc == p))) return 1;
    }
  }
  return 0;
}

static pthread_t g_dispatcher;
static int g_dispatcher_started;

EXPORT void HcsCloseComputeSystem(void *computeSystem) {
  sys_t *s = computeSystem;
  pthread_mutex_lock(&g_lock);
  if (s == NULL || track_find(K_SYSTEM, s) < 0) {
    g_stats[ST_BAD_HANDLES]++;
    pthread_mutex_unlock(&g_lock);
    return;
  }
  if (s->in_call > 0 || waited_on(s, NULL)) g_stats[ST_CLOSE_WHILE_IN_USE]++;
  track_remove(K_SYSTEM, s);
  s->closed = 1;
  s->cb = NULL;
  /* Like the DLL: once close returns no callback runs; never wait on ourselves. */
  int self = g_dispatcher_started && pthread_equal(pthread_self(), g_dispatcher);
  while (s->in_callback > 0 && !self) pthread_cond_wait(&g_changed, &g_lock);
  int forward = s->backend_open;
  s->backend_open = 0;
  if (forward && system_still_open(s->id)) forward = 0;
  wchar_t *id = wdup(s->id);
  sys_unref(s);
  pthread_mutex_unlock(&g_lock);
  if (forward) {
    twin_reply ignored = {NULL, 0};
    call_system(FN_CLOSE, id, NULL, &ignored);
    free(ignored.doc);
  }
  free(id);
}

static HRESULT system_op(void *computeSystem, void *operation, int fn, const wchar_t *arg) {
  sys_t *s = computeSystem;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = sys_check(s);
  if (hr == S_OK) hr = op_start(operation, 0, fn, s->id, arg, 0, s, NULL);
  pthread_mutex_unlock(&g_lock);
  return hr;
}

EXPORT HRESULT HcsStartComputeSystem(void *s, void *op, const wchar_t *options) {
  return system_op(s, op, FN_START, options);
}
EXPORT HRESULT HcsShutDownComputeSystem(void *s, void *op, const wchar_t *options) {
  return system_op(s, op, FN_SHUTDOWN, options);
}
EXPORT HRESULT HcsTerminateComputeSystem(void *s, void *op, const wchar_t *options) {
  return system_op(s, op, FN_TERMINATE, options);
}
EXPORT HRESULT HcsPauseComputeSystem(void *s, void *op, const wchar_t *options) {
  return system_op(s, op, FN_PAUSE, options);
}
EXPORT HRESULT HcsResumeComputeSystem(void *s, void *op, const wchar_t *options) {
  return system_op(s, op, FN_RESUME, options);
}
EXPORT HRESULT HcsSaveComputeSystem(void *s, void *op, const wchar_t *options) {
  return system_op(s, op, FN_SAVE, options);
}
EXPORT HRESULT HcsGetComputeSystemProperties(void *s, void *op, const wchar_t *propertyQuery) {
  return system_op(s, op, FN_GET_PROPERTIES, propertyQuery);
}

EXPORT HRESULT HcsSetComputeSystemCallback(void *computeSystem, int32_t callbackOptions,
                                           const void *context, HCS_EVENT_CALLBACK callback) {
  (void)callbackOptions;
  sys_t *s = computeSystem;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = sys_check(s);
  if (hr == S_OK) {
    if (s->cb != NULL) {
      hr = HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET;
    } else {
      s->cb = callback;
      s->ctx = (void *)context;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return hr;
}

/* ---- processes ------------------------------------------------------------------------------ */

static proc_t *proc_new(const wchar_t *system_id, DWORD pid) {
  proc_t *p = calloc(1, sizeof(proc_t));
  p->system_id = wdup(system_id);
  p->pid = pid;
  p->refs = 1;
  track_add(K_PROCESS, p);
  return p;
}

EXPORT HRESULT HcsCreateProcess(void *computeSystem, const wchar_t *processParameters,
                                void *operation, const void *securityDescriptor, void **process) {
  if (processParameters == NULL || process == NULL || securityDescriptor != NULL) {
    return E_INVALIDARG;
  }
  *process = NULL;
  sys_t *s = computeSystem;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = sys_check(s);
  if (hr == S_OK) hr = op_check(operation);
  if (hr == S_OK) {
    proc_t *p = proc_new(s->id, 0);
    hr = op_start(operation, 0, FN_CREATE_PROCESS, s->id, processParameters, 0, s, p);
    if (hr < 0) {
      track_remove(K_PROCESS, p);
      proc_unref(p);
    } else {
      *process = p;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return hr;
}

EXPORT HRESULT HcsOpenProcess(void *computeSystem, DWORD processId, DWORD requestedAccess,
                              void **process) {
  (void)requestedAccess;
  if (process == NULL) return E_INVALIDARG;
  *process = NULL;
  sys_t *s = computeSystem;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = sys_check(s);
  wchar_t *id = hr == S_OK ? wdup(s->id) : NULL;
  if (hr == S_OK) s->in_call++;
  pthread_mutex_unlock(&g_lock);
  if (hr < 0) return hr;
  twin_reply reply = {NULL, 0};
  hr = call_process(FN_OPEN_PROCESS, id, processId, NULL, &reply);
  free(reply.doc);
  pthread_mutex_lock(&g_lock);
  s->in_call--;
  if (hr >= 0) {
    proc_t *p = proc_new(id, processId);
    p->backend_open = 1;
    *process = p;
  }
  pthread_mutex_unlock(&g_lock);
  free(id);
  return hr;
}

EXPORT void HcsCloseProcess(void *process) {
  proc_t *p = process;
  pthread_mutex_lock(&g_lock);
  if (p == NULL || track_find(K_PROCESS, p) < 0) {
    g_stats[ST_BAD_HANDLES]++;
    pthread_mutex_unlock(&g_lock);
    return;
  }
  if (p->in_call > 0 || waited_on(NULL, p)) g_stats[ST_CLOSE_WHILE_IN_USE]++;
  track_remove(K_PROCESS, p);
  p->closed = 1;
  p->cb = NULL;
  int self = g_dispatcher_started && pthread_equal(pthread_self(), g_dispatcher);
  while (p->in_callback > 0 && !self) pthread_cond_wait(&g_changed, &g_lock);
  int forward = p->backend_open;
  p->backend_open = 0;
  if (forward && process_still_open(p->system_id, p->pid)) forward = 0;
  wchar_t *id = wdup(p->system_id);
  DWORD pid = p->pid;
  proc_unref(p);
  pthread_mutex_unlock(&g_lock);
  if (forward) {
    twin_reply ignored = {NULL, 0};
    call_process(FN_CLOSE_PROCESS, id, pid, NULL, &ignored);
    free(ignored.doc);
  }
  free(id);
}

static HRESULT process_op(void *process, void *operation, int fn, const wchar_t *arg) {
  proc_t *p = process;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = proc_check(p);
  if (hr == S_OK) hr = op_start(operation, 1, fn, p->system_id, arg, p->pid, NULL, p);
  pthread_mutex_unlock(&g_lock);
  return hr;
}

EXPORT HRESULT HcsTerminateProcess(void *p, void *op, const wchar_t *options) {
  return process_op(p, op, FN_TERMINATE_PROCESS, options);
}
EXPORT HRESULT HcsGetProcessInfo(void *p, void *op) {
  return process_op(p, op, FN_GET_PROCESS_INFO, NULL);
}

EXPORT HRESULT HcsSetProcessCallback(void *process, int32_t callbackOptions, void *context,
                                     HCS_EVENT_CALLBACK callback) {
  (void)callbackOptions;
  proc_t *p = process;
  pthread_mutex_lock(&g_lock);
  HRESULT hr = proc_check(p);
  if (hr == S_OK) {
    if (p->cb != NULL) {
      hr = HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET;
    } else {
      p->cb = callback;
      p->ctx = context;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return hr;
}

/* ---- service and files ---------------------------------------------------------------------- */

EXPORT HRESULT HcsGetServiceProperties(const wchar_t *propertyQuery, wchar_t **result) {
  if (result == NULL) return E_INVALIDARG;
  *result = NULL;
  twin_reply reply = {NULL, 0};
  HRESULT hr = call_service(FN_SERVICE_PROPERTIES, propertyQuery, NULL, &reply);
  if (reply.doc) {
    pthread_mutex_lock(&g_lock);
    *result = result_string(reply.doc);
    pthread_mutex_unlock(&g_lock);
    free(reply.doc);
  }
  return hr;
}

static HRESULT service_call(int fn, const wchar_t *a, const wchar_t *b) {
  if (a == NULL) return E_INVALIDARG;
  twin_reply reply = {NULL, 0};
  HRESULT hr = call_service(fn, a, b, &reply);
  free(reply.doc);
  return hr;
}

EXPORT HRESULT HcsGrantVmAccess(const wchar_t *vmId, const wchar_t *filePath) {
  return filePath ? service_call(FN_GRANT_VM_ACCESS, vmId, filePath) : E_INVALIDARG;
}
EXPORT HRESULT HcsRevokeVmAccess(const wchar_t *vmId, const wchar_t *filePath) {
  return filePath ? service_call(FN_REVOKE_VM_ACCESS, vmId, filePath) : E_INVALIDARG;
}
EXPORT HRESULT HcsCreateEmptyGuestStateFile(const wchar_t *guestStateFilePath) {
  return service_call(FN_GUEST_STATE_FILE, guestStateFilePath, NULL);
}
EXPORT HRESULT HcsCreateEmptyRuntimeStateFile(const wchar_t *runtimeStateFilePath) {
  return service_call(FN_RUNTIME_STATE_FILE, runtimeStateFilePath, NULL);
}

/* kernel32's LocalFree: NULL on success, the argument back when it is not a live result string. */
EXPORT void *LocalFree(void *hMem) {
  if (hMem == NULL) return NULL;
  pthread_mutex_lock(&g_lock);
  int live = track_remove(K_STRING, hMem);
  if (!live) g_stats[ST_BAD_FREES]++;
  pthread_mutex_unlock(&g_lock);
  if (!live) return hMem;
  free(hMem);
  return NULL;
}

/* Shared with storage_twin.c: a result string only LocalFree releases. */
wchar_t *twin_local_string(const wchar_t *s) {
  pthread_mutex_lock(&g_lock);
  wchar_t *d = result_string(s);
  pthread_mutex_unlock(&g_lock);
  return d;
}

/* Defined by virtdisk_twin.c: closes a virtual disk handle of that twin, 0 if it is not one. */
int twin_virtdisk_close_handle(void *handle);

/*
 * kernel32's CloseHandle: virtual disk handles (virtdisk_twin.c), and the stdio handles of
 * HCS_PROCESS_INFORMATION (the twin gives none).
 */
EXPORT int32_t CloseHandle(void *handle) {
  if (twin_virtdisk_close_handle(handle)) return 1;
  return 1;
}

/* ---- events --------------------------------------------------------------------------------- */

typedef struct event {
  struct event *next;
  int32_t type;
  wchar_t *system_id;
  DWORD pid;
  wchar_t *data;
} event_t;

static event_t *g_head, *g_tail;
static int g_delivering;
static pthread_cond_t g_events = PTHREAD_COND_INITIALIZER;

static void deliver(event_t *e) {
  /* Targets are picked and pinned under the lock, then called without it. */
  pthread_mutex_lock(&g_lock);
  size_t n = 0;
  void **targets = malloc((g_tracked_len + 1) * sizeof(void *));
  int *kinds = malloc((g_tracked_len + 1) * sizeof(int));
  for (size_t i = 0; i < g_tracked_len; i++) {
    int kind = g_tracked[i].kind;
    if (e->type == EVENT_SERVICE_DISCONNECT) {
      if (kind == K_SYSTEM) {
        ((sys_t *)g_tracked[i].p)->dead = 1;
        ((sys_t *)g_tracked[i].p)->refs++;
      } else if (kind == K_PROCESS) {
        ((proc_t *)g_tracked[i].p)->dead = 1;
        ((proc_t *)g_tracked[i].p)->refs++;
      } else {
        continue;
      }
    } else if (e->type == EVENT_PROCESS_EXITED) {
      if (kind != K_PROCESS) continue;
      proc_t *p = g_tracked[i].p;
      if (p->pid != e->pid || e->system_id == NULL || wcscmp(p->system_id, e->system_id) != 0) {
        continue;
      }
      p->refs++;
    } else {
      if (kind != K_SYSTEM) continue;
      sys_t *s = g_tracked[i].p;
      if (e->system_id == NULL || wcscmp(s->id, e->system_id) != 0) continue;
      s->refs++;
    }
    targets[n] = g_tracked[i].p;
    kinds[n] = kind;
    n++;
  }
  for (size_t i = 0; i < n; i++) {
    HCS_EVENT_CALLBACK cb;
    void *ctx;
    int *in_callback;
    if (kinds[i] == K_SYSTEM) {
      sys_t *s = targets[i];
      cb = s->closed ? NULL : s->cb;
      ctx = s->ctx;
      in_callback = &s->in_callback;
    } else {
      proc_t *p = targets[i];
      cb = p->closed ? NULL : p->cb;
      ctx = p->ctx;
      in_callback = &p->in_callback;
    }
    if (cb) {
      (*in_callback)++;
      pthread_mutex_unlock(&g_lock);
      HCS_EVENT ev = {e->type, e->data, NULL};
      cb(&ev, ctx);
      pthread_mutex_lock(&g_lock);
      (*in_callback)--;
      g_stats[ST_EVENTS_DELIVERED]++;
      pthread_cond_broadcast(&g_changed);
    }
    if (kinds[i] == K_SYSTEM) {
      sys_unref(targets[i]);
    } else {
      proc_unref(targets[i]);
    }
  }
  pthread_mutex_unlock(&g_lock);
  free(targets);
  free(kinds);
}

static void *dispatcher(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&g_lock);
    while (g_head == NULL) pthread_cond_wait(&g_events, &g_lock);
    event_t *e = g_head;
    g_head = e->next;
    if (g_head == NULL) g_tail = NULL;
    g_delivering = 1;
    pthread_mutex_unlock(&g_lock);
    deliver(e);
    free(e->system_id);
    free(e->data);
    free(e);
    pthread_mutex_lock(&g_lock);
    g_delivering = 0;
    pthread_cond_broadcast(&g_changed);
    pthread_mutex_unlock(&g_lock);
  }
  return NULL;
}

/*
 * Raised by the backend (the simulated host's listener) or by a test: queued and delivered from the
 * twin's own native thread to every handle registered for it, like the service does.
 */
EXPORT void TwinRaiseEvent(int32_t type, const wchar_t *systemId, DWORD pid, const wchar_t *data) {
  event_t *e = calloc(1, sizeof(event_t));
  e->type = type;
  e->system_id = wdup(systemId);
  e->pid = pid;
  e->data = wdup(data);
  pthread_mutex_lock(&g_lock);
  if (!g_dispatcher_started) {
    pthread_create(&g_dispatcher, NULL, dispatcher, NULL);
    pthread_detach(g_dispatcher);
    g_dispatcher_started = 1;
  }
  if (g_tail) {
    g_tail->next = e;
  } else {
    g_head = e;
  }
  g_tail = e;
  pthread_cond_signal(&g_events);
  pthread_mutex_unlock(&g_lock);
}

/* Waits until no event is queued or being delivered and no operation thread runs. */
EXPORT int32_t TwinQuiesce(DWORD timeoutMs) {
  struct timespec deadline;
  abs_deadline(timeoutMs, &deadline);
  pthread_mutex_lock(&g_lock);
  int ok = 1;
  while (g_head != NULL || g_delivering || g_stats[ST_PENDING_WORKERS] > 0) {
    if (pthread_cond_timedwait(&g_changed, &g_lock, &deadline) == ETIMEDOUT) {
      ok = g_head == NULL && !g_delivering && g_stats[ST_PENDING_WORKERS] == 0;
      break;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return ok;
}

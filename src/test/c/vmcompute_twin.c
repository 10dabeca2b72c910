/*
 * C twin of the one vmcompute.dll export the service calls, NameToGuid (the id of a read-only
 * container layer: hcsshim internal/wclayer/wclayer.go binds it as
 * `nameToGuid(name string, guid *_guid) (hr error) = vmcompute.NameToGuid`), built into the same
 * library as the other twins, for tests off Windows. NameToGuid is exported by vmcompute.dll but in
 * no SDK header and on no Microsoft Learn page: its prototype is the one hcsshim uses,
 * HRESULT NameToGuid(PCWSTR name, GUID *guid). The GUID is what the backend the test registers
 * (TwinSetVmComputeBackend: the Java simulated storage) answers, as 16 bytes in GUID memory layout
 * (Data1, Data2, Data3 little-endian, then Data4).
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>

#define EXPORT __attribute__((visibility("default")))

typedef int32_t HRESULT;

#define E_POINTER ((HRESULT)0x80004003)
#define E_INVALIDARG ((HRESULT)0x80070057)
#define HCS_E_SERVICE_NOT_AVAILABLE ((HRESULT)0x80370114)

typedef struct {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} GUID;

_Static_assert(sizeof(GUID) == 16, "GUID is 16 bytes");

/* Answers an HRESULT; on success writes the 16 bytes of the GUID. */
typedef HRESULT (*name_to_guid_call)(const wchar_t *name, uint8_t *guid);

static pthread_mutex_t v_lock = PTHREAD_MUTEX_INITIALIZER;
static name_to_guid_call v_backend;
static int64_t v_calls;

EXPORT HRESULT NameToGuid(const wchar_t *name, GUID *guid) {
  if (guid == NULL) return E_POINTER;
  memset(guid, 0, sizeof *guid);
  if (name == NULL || name[0] == 0) return E_INVALIDARG;
  name_to_guid_call f;
  pthread_mutex_lock(&v_lock);
  f = v_backend;
  v_calls++;
  pthread_mutex_unlock(&v_lock);
  if (f == NULL) return HCS_E_SERVICE_NOT_AVAILABLE;
  uint8_t bytes[16];
  HRESULT hr = f(name, bytes);
  if (hr >= 0) memcpy(guid, bytes, sizeof bytes);
  return hr;
}

/* ---- the test's controls ----------------------------------------------------------------------- */

EXPORT void TwinSetVmComputeBackend(name_to_guid_call backend) {
  pthread_mutex_lock(&v_lock);
  v_backend = backend;
  pthread_mutex_unlock(&v_lock);
}

EXPORT int64_t TwinVmComputeCalls(void) {
  pthread_mutex_lock(&v_lock);
  int64_t n = v_calls;
  pthread_mutex_unlock(&v_lock);
  return n;
}

/*
 * C twin of virtdisk.dll for tests off Windows, built into the same library as hcs_twin.c.
 *
 * It exports the virtdisk functions the adapter binds with the prototypes of virtdisk.h (Win32
 * error codes, wchar_t strings, HANDLEs closed by CloseHandle) and checks what the real DLL checks
 * on the way in: a VHD or VHDX storage type of the Microsoft vendor matching the file, the
 * parameter versions, the access mask version 2 requires, a handle to write to. Its structs are
 * written from Microsoft's definitions (the Win32 metadata, as the project's table
 * src/test/resources/win32-facts.txt records them), not from mingw-w64's virtdisk.h, which lacks
 * CREATE_VIRTUAL_DISK_PARAMETERS' PhysicalSectorSizeInBytes and ATTACH_VIRTUAL_DISK_PARAMETERS'
 * version 2 arm; the static asserts below hold them to the table's numbers. Handles are heap objects tracked here; closing one
 * twice, or using a closed one, counts as a misuse (TwinVirtDiskStat). What a call MEANS (the file
 * made, the parent checked, the disk attached) is forwarded to the backend the test registers
 * (TwinSetVirtDiskBackend), which is the Java simulated implementation.
 */

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define EXPORT __attribute__((visibility("default")))

typedef uint32_t DWORD;

#define ERROR_SUCCESS 0u
#define ERROR_INVALID_HANDLE 6u
#define ERROR_NOT_SUPPORTED 50u
#define ERROR_INVALID_PARAMETER 87u
#define ERROR_INSUFFICIENT_BUFFER 122u
#define ERROR_VHD_INVALID_TYPE 0xC03A001Bu

#define DEVICE_UNKNOWN 0u
#define DEVICE_VHD 2u

#define DEVICE_VHDX 3u
#define CREATE_VERSION_2 2u
#define OPEN_VERSION_2 2u
#define ATTACH_VERSION_1 1u
#define ATTACH_VERSION_2 2u
#define GET_INFO_PARENT_LOCATION 3u
#define GET_INFO_PROVIDER_SUBTYPE 7u
#define SUBTYPE_DYNAMIC 3u
#define SUBTYPE_DIFFERENCING 4u
#define ATTACH_FLAG_NO_DRIVE_LETTER 0x2u
#define ATTACH_FLAG_PERMANENT_LIFETIME 0x4u
#define ACCESS_NONE 0u

/* The header's structs; x86-64 Linux lays them out as Win64 does (no long, no wchar_t inside). */
typedef struct {
  uint32_t Data1;
  uint16_t Data2;
  uint16_t Data3;
  uint8_t Data4[8];
} twin_guid;

typedef struct {
  uint32_t DeviceId;
  twin_guid VendorId;
} twin_storage_type;

typedef struct {
  uint32_t Version;
  union {
    struct {
      twin_guid UniqueId;
      uint64_t MaximumSize;
      uint32_t BlockSizeInBytes;
      uint32_t SectorSizeInBytes;
      const wchar_t *ParentPath;
      const wchar_t *SourcePath;
    } Version1;
    struct {
      twin_guid UniqueId;
      uint64_t MaximumSize;
      uint32_t BlockSizeInBytes;
      uint32_t SectorSizeInBytes;
      uint32_t PhysicalSectorSizeInBytes;
      const wchar_t *ParentPath;
      const wchar_t *SourcePath;
      uint32_t OpenFlags;
      twin_storage_type ParentVirtualStorageType;
      twin_storage_type SourceVirtualStorageType;
      twin_guid ResiliencyGuid;
    } Version2;
    struct {
      twin_guid UniqueId;
      uint64_t MaximumSize;
      uint32_t BlockSizeInBytes;
      uint32_t SectorSizeInBytes;
      uint32_t PhysicalSectorSizeInBytes;
      const wchar_t *ParentPath;
      const wchar_t *SourcePath;
      uint32_t OpenFlags;
      twin_storage_type ParentVirtualStorageType;
      twin_storage_type SourceVirtualStorageType;
      twin_guid ResiliencyGuid;
      const wchar_t *SourceLimitPath;
      twin_storage_type BackingStorageType;
      twin_guid PmemAddressAbstractionType;
      uint64_t DataAlignment;
    } Version4;
  };
} twin_create_params;

typedef struct {
  uint32_t Version;
  union {
    struct {
      uint32_t RWDepth;
    } Version1;
    struct {
      int32_t GetInfoOnly;
      int32_t ReadOnly;
      twin_guid ResiliencyGuid;
    } Version2;
  };
} twin_open_params;

typedef struct {
  uint32_t Version;
  union {
    struct {
      uint32_t Reserved;
    } Version1;
    struct {
      uint64_t RestrictedOffset;
      uint64_t RestrictedLength;
    } Version2;
  };
} twin_attach_params;

typedef struct {
  uint32_t Version;
  union {
    struct {
      uint64_t VirtualSize;
      uint64_t PhysicalSize;
      uint32_t BlockSize;
      uint32_t SectorSize;
    } Size;
    struct {
      int32_t ParentResolved;
      wchar_t ParentLocationBuffer[1]; /* runs on past the struct */
    } ParentLocation;
    uint32_t ProviderSubtype;
  };
} twin_get_info;

/* The numbers of win32-facts.txt (Microsoft's layouts on x64). */
_Static_assert(sizeof(twin_storage_type) == 20, "VIRTUAL_STORAGE_TYPE");
_Static_assert(offsetof(twin_storage_type, VendorId) == 4, "VIRTUAL_STORAGE_TYPE.VendorId");
_Static_assert(sizeof(twin_create_params) == 184, "CREATE_VIRTUAL_DISK_PARAMETERS");
_Static_assert(offsetof(twin_create_params, Version2) == 8, "CREATE .Version2");
_Static_assert(sizeof(((twin_create_params *)0)->Version2) == 120, "CREATE .Version2 size");
_Static_assert(offsetof(twin_create_params, Version2.UniqueId) == 8, "CREATE .UniqueId");
_Static_assert(offsetof(twin_create_params, Version2.MaximumSize) == 24, "CREATE .MaximumSize");
_Static_assert(offsetof(twin_create_params, Version2.BlockSizeInBytes) == 32, "CREATE .Block");
_Static_assert(offsetof(twin_create_params, Version2.SectorSizeInBytes) == 36, "CREATE .Sector");
_Static_assert(offsetof(twin_create_params, Version2.PhysicalSectorSizeInBytes) == 40,
               "CREATE .PhysicalSectorSizeInBytes");
_Static_assert(offsetof(twin_create_params, Version2.ParentPath) == 48, "CREATE .ParentPath");
_Static_assert(offsetof(twin_create_params, Version2.SourcePath) == 56, "CREATE .SourcePath");
_Static_assert(offsetof(twin_create_params, Version2.OpenFlags) == 64, "CREATE .OpenFlags");
_Static_assert(offsetof(twin_create_params, Version2.ParentVirtualStorageType) == 68,
               "CREATE .ParentVirtualStorageType");
_Static_assert(offsetof(twin_create_params, Version2.SourceVirtualStorageType) == 88,
               "CREATE .SourceVirtualStorageType");
_Static_assert(offsetof(twin_create_params, Version2.ResiliencyGuid) == 108,
               "CREATE .ResiliencyGuid");
_Static_assert(sizeof(twin_open_params) == 28, "OPEN_VIRTUAL_DISK_PARAMETERS version 2 arm");
_Static_assert(offsetof(twin_open_params, Version2.GetInfoOnly) == 4, "OPEN .GetInfoOnly");
_Static_assert(offsetof(twin_open_params, Version2.ReadOnly) == 8, "OPEN .ReadOnly");
_Static_assert(offsetof(twin_open_params, Version2.ResiliencyGuid) == 12, "OPEN .ResiliencyGuid");
_Static_assert(sizeof(twin_attach_params) == 24, "ATTACH_VIRTUAL_DISK_PARAMETERS");
_Static_assert(offsetof(twin_attach_params, Version1.Reserved) == 8, "ATTACH .Reserved");
_Static_assert(offsetof(twin_attach_params, Version2.RestrictedOffset) == 8, "ATTACH .Offset");
_Static_assert(offsetof(twin_attach_params, Version2.RestrictedLength) == 16, "ATTACH .Length");
_Static_assert(sizeof(twin_get_info) == 32, "GET_VIRTUAL_DISK_INFO");
_Static_assert(offsetof(twin_get_info, ProviderSubtype) == 8, "GET_INFO .ProviderSubtype");
_Static_assert(offsetof(twin_get_info, ParentLocation.ParentResolved) == 8,
               "GET_INFO .ParentResolved");
_Static_assert(offsetof(twin_get_info, ParentLocation.ParentLocationBuffer) == 12,
               "GET_INFO .ParentLocationBuffer");

/* VIRTUAL_STORAGE_TYPE_VENDOR_MICROSOFT: EC984AEC-A0F9-47E9-901F-71415A66345B. */
static const twin_guid VENDOR_MICROSOFT = {
    0xEC984AEC, 0xA0F9, 0x47E9, {0x90, 0x1F, 0x71, 0x41, 0x5A, 0x66, 0x34, 0x5B}};

/* Function codes of the backend, as in TwinVirtDiskBackend.java. */
enum {
  VD_CREATE_DYNAMIC = 1,
  VD_CREATE_DIFFERENCING = 2,
  VD_OPEN = 3,
  VD_ATTACH = 4,
  VD_DETACH = 5,
  VD_PARENT = 7 /* the reply is the parent's path, empty for a disk without one */
};

typedef struct {
  wchar_t text[1024];
} twin_vd_reply;

typedef DWORD (*twin_vd_call)(int fn, const wchar_t *path, const wchar_t *parent, uint64_t size,
                              twin_vd_reply *reply);

enum { VS_LIVE_HANDLES = 0, VS_BAD_HANDLES = 1, VS_HANDLES_OPENED = 2, VS_COUNT = 3 };

#define DISK_MAGIC 0x5644534Bu /* "VDSK" */

typedef struct disk {
  uint32_t magic;
  wchar_t *path;
  int attached_temporarily; /* attached without PERMANENT_LIFETIME: detached on close */
  struct disk *next;
} disk_t;

static pthread_mutex_t vd_lock = PTHREAD_MUTEX_INITIALIZER;
static twin_vd_call vd_backend;
static disk_t *vd_live;
static int64_t vd_stats[VS_COUNT];

EXPORT void TwinSetVirtDiskBackend(twin_vd_call backend) {
  pthread_mutex_lock(&vd_lock);
  vd_backend = backend;
  pthread_mutex_unlock(&vd_lock);
}

EXPORT int64_t TwinVirtDiskStat(int which) {
  pthread_mutex_lock(&vd_lock);
  int64_t v = which >= 0 && which < VS_COUNT ? vd_stats[which] : -1;
  pthread_mutex_unlock(&vd_lock);
  return v;
}

/* Layout of the parameter structs as this compiler lays them out, for the Java layout test. */
EXPORT int64_t TwinVirtDiskLayout(int which) {
  switch (which) {
    case 0: return (int64_t)sizeof(twin_create_params);
    case 1: return (int64_t)offsetof(twin_create_params, Version2.UniqueId);
    case 2: return (int64_t)offsetof(twin_create_params, Version2.MaximumSize);
    case 3: return (int64_t)offsetof(twin_create_params, Version2.ParentPath);
    case 4: return (int64_t)offsetof(twin_create_params, Version2.ParentVirtualStorageType);
    case 5: return (int64_t)offsetof(twin_create_params, Version2.ResiliencyGuid);
    case 6: return (int64_t)sizeof(twin_storage_type);
    case 7: return (int64_t)sizeof(twin_open_params);
    case 8: return (int64_t)offsetof(twin_create_params, Version2.PhysicalSectorSizeInBytes);
    case 9: return (int64_t)sizeof(twin_attach_params);
    case 10: return (int64_t)offsetof(twin_attach_params, Version2.RestrictedOffset);
    case 11: return (int64_t)sizeof(twin_get_info);
    case 12: return (int64_t)offsetof(twin_get_info, ParentLocation.ParentLocationBuffer);
    default: return -1;
  }
}

EXPORT void TwinVirtDiskReply(twin_vd_reply *reply, const wchar_t *text) {
  if (reply == NULL) return;
  if (text == NULL) {
    reply->text[0] = L'\0';
    return;
  }
  wcsncpy(reply->text, text, sizeof(reply->text) / sizeof(wchar_t) - 1);
  reply->text[sizeof(reply->text) / sizeof(wchar_t) - 1] = L'\0';
}

/* ---- fault switch (as hcs_twin.c's TwinSetFault, per function code of this twin) ---------------- */

/*
 * Per function code (VD_*): the Win32 error code (virtdisk answers DWORDs, not HRESULTs) the next
 * vd_fault_count calls answer (-1: every call) instead of reaching the backend; vd_calls counts
 * every call that reached the backend boundary.
 */
enum { VD_FAULT_COUNT = 8 };
static DWORD vd_fault[VD_FAULT_COUNT];
static int32_t vd_fault_count[VD_FAULT_COUNT];
static int64_t vd_calls[VD_FAULT_COUNT];

/* The next count calls of fn fail with code; count -1: all of them; count 0 clears the fault. */
EXPORT void TwinSetVirtDiskFault(int fn, DWORD code, int32_t count) {
  if (fn < 0 || fn >= VD_FAULT_COUNT) return;
  pthread_mutex_lock(&vd_lock);
  vd_fault[fn] = code;
  vd_fault_count[fn] = count;
  pthread_mutex_unlock(&vd_lock);
}

/* How many calls of fn reached the DLL boundary since the last reset (faulted ones included). */
EXPORT int64_t TwinVirtDiskCalls(int fn) {
  int64_t v = 0;
  pthread_mutex_lock(&vd_lock);
  if (fn >= 0 && fn < VD_FAULT_COUNT) v = vd_calls[fn];
  pthread_mutex_unlock(&vd_lock);
  return v;
}

/* Clears every fault and call count. */
EXPORT void TwinResetVirtDiskFaults(void) {
  pthread_mutex_lock(&vd_lock);
  memset(vd_fault, 0, sizeof vd_fault);
  memset(vd_fault_count, 0, sizeof vd_fault_count);
  memset(vd_calls, 0, sizeof vd_calls);
  pthread_mutex_unlock(&vd_lock);
}

static DWORD forward(int fn, const wchar_t *path, const wchar_t *parent, uint64_t size,
                     twin_vd_reply *reply) {
  pthread_mutex_lock(&vd_lock);
  twin_vd_call backend = vd_backend;
  DWORD fault = ERROR_SUCCESS;
  if (fn >= 0 && fn < VD_FAULT_COUNT) {
    vd_calls[fn]++;
    if (vd_fault_count[fn] != 0) {
      fault = vd_fault[fn];
      if (vd_fault_count[fn] > 0) vd_fault_count[fn]--;
    }
  }
  pthread_mutex_unlock(&vd_lock);
  if (fault != ERROR_SUCCESS) return fault;
  if (backend == NULL) return ERROR_NOT_SUPPORTED;
  return backend(fn, path, parent, size, reply);
}

static int guid_equal(const twin_guid *a, const twin_guid *b) {
  return memcmp(a, b, sizeof(twin_guid)) == 0;
}

static const twin_guid VENDOR_UNKNOWN = {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}};

/* A VHD or VHDX of Microsoft's provider, or (where the provider may read the file) unknown. */
static int valid_type(const twin_storage_type *t, int unknown_allowed) {
  if (t == NULL) return 0;
  if (t->DeviceId == DEVICE_UNKNOWN) {
    return unknown_allowed && guid_equal(&t->VendorId, &VENDOR_UNKNOWN);
  }
  return (t->DeviceId == DEVICE_VHD || t->DeviceId == DEVICE_VHDX) &&
         guid_equal(&t->VendorId, &VENDOR_MICROSOFT);
}

/* The device a new file of this name is: .vhd a VHD, anything else a VHDX (.vhdx, .avhdx). */
static uint32_t device_of_name(const wchar_t *path) {
  size_t n = wcslen(path);
  if (n >= 4) {
    const wchar_t *ext = path + n - 4;
    if ((ext[0] == L'.') && (ext[1] == L'v' || ext[1] == L'V') &&
        (ext[2] == L'h' || ext[2] == L'H') && (ext[3] == L'd' || ext[3] == L'D')) {
      return DEVICE_VHD;
    }
  }
  return DEVICE_VHDX;
}

static wchar_t *wdup_vd(const wchar_t *s) {
  size_t n = wcslen(s) + 1;
  wchar_t *d = malloc(n * sizeof(wchar_t));
  memcpy(d, s, n * sizeof(wchar_t));
  return d;
}

static void *new_handle(const wchar_t *path) {
  disk_t *d = calloc(1, sizeof(disk_t));
  d->magic = DISK_MAGIC;
  d->path = wdup_vd(path);
  pthread_mutex_lock(&vd_lock);
  d->next = vd_live;
  vd_live = d;
  vd_stats[VS_LIVE_HANDLES]++;
  vd_stats[VS_HANDLES_OPENED]++;
  pthread_mutex_unlock(&vd_lock);
  return d;
}

/* The live disk behind a handle, or NULL (and a misuse counted). Call without vd_lock. */
static disk_t *live_disk(void *handle) {
  pthread_mutex_lock(&vd_lock);
  for (disk_t *d = vd_live; d != NULL; d = d->next) {
    if (d == handle) {
      pthread_mutex_unlock(&vd_lock);
      return d;
    }
  }
  vd_stats[VS_BAD_HANDLES]++;
  pthread_mutex_unlock(&vd_lock);
  return NULL;
}

/* Called by CloseHandle (hcs_twin.c): 1 when handle was a virtual disk of this twin. */
int twin_virtdisk_close_handle(void *handle) {
  disk_t *found = NULL;
  pthread_mutex_lock(&vd_lock);
  for (disk_t **p = &vd_live; *p != NULL; p = &(*p)->next) {
    if (*p == handle) {
      found = *p;
      *p = found->next;
      vd_stats[VS_LIVE_HANDLES]--;
      break;
    }
  }
  pthread_mutex_unlock(&vd_lock);
  if (found == NULL) return 0;
  if (found->attached_temporarily) {
    /* Without ATTACH_VIRTUAL_DISK_FLAG_PERMANENT_LIFETIME the disk goes with its last handle. */
    forward(VD_DETACH, found->path, NULL, 0, NULL);
  }
  found->magic = 0;
  free(found->path);
  free(found);
  return 1;
}

/* For storage_twin.c: the path of a live disk handle, copied (caller frees), or NULL (and a misuse
 * counted) when the handle is not one. */
wchar_t *twin_virtdisk_path(void *handle) {
  wchar_t *path = NULL;
  pthread_mutex_lock(&vd_lock);
  for (disk_t *d = vd_live; d != NULL; d = d->next) {
    if (d == handle) {
      path = wdup_vd(d->path);
      break;
    }
  }
  if (path == NULL) vd_stats[VS_BAD_HANDLES]++;
  pthread_mutex_unlock(&vd_lock);
  return path;
}

EXPORT DWORD CreateVirtualDisk(twin_storage_type *type, const wchar_t *path, uint32_t access,
                               void *securityDescriptor, uint32_t flags, uint32_t providerFlags,
                               twin_create_params *params, void *overlapped, void **handle) {
  (void)securityDescriptor;
  if (handle == NULL || path == NULL || params == NULL || overlapped != NULL) {
    return ERROR_INVALID_PARAMETER;
  }
  *handle = NULL;
  if (!valid_type(type, 1) || params->Version != CREATE_VERSION_2 || access != ACCESS_NONE ||
      flags != 0 || providerFlags != 0) {
    return ERROR_INVALID_PARAMETER;
  }
  /* A typed request must name the type the file's name makes. */
  if (type->DeviceId != DEVICE_UNKNOWN && type->DeviceId != device_of_name(path)) {
    return ERROR_INVALID_PARAMETER;
  }
  if (params->Version2.PhysicalSectorSizeInBytes != 0 &&
      params->Version2.PhysicalSectorSizeInBytes != 512 &&
      params->Version2.PhysicalSectorSizeInBytes != 4096) {
    return ERROR_INVALID_PARAMETER;
  }
  DWORD code;
  if (params->Version2.ParentPath != NULL) {
    const twin_storage_type *parentType = &params->Version2.ParentVirtualStorageType;
    if (!valid_type(parentType, 1)) return ERROR_INVALID_PARAMETER;
    /* The backend holds the parent's declared device against the file (0: read it). */
    code = forward(VD_CREATE_DIFFERENCING, path, params->Version2.ParentPath,
                   parentType->DeviceId, NULL);
  } else {
    code = forward(VD_CREATE_DYNAMIC, path, NULL, params->Version2.MaximumSize, NULL);
  }
  if (code == ERROR_SUCCESS) *handle = new_handle(path);
  return code;
}

EXPORT DWORD OpenVirtualDisk(twin_storage_type *type, const wchar_t *path, uint32_t access,
                             uint32_t flags, twin_open_params *params, void **handle) {
  (void)flags;
  if (handle == NULL || path == NULL) return ERROR_INVALID_PARAMETER;
  *handle = NULL;
  if (!valid_type(type, 1)) return ERROR_INVALID_PARAMETER;
  if (params != NULL && params->Version == OPEN_VERSION_2 && access != ACCESS_NONE) {
    return ERROR_INVALID_PARAMETER;
  }
  DWORD code = forward(VD_OPEN, path, NULL, 0, NULL);
  if (code == ERROR_SUCCESS) *handle = new_handle(path);
  return code;
}

EXPORT DWORD AttachVirtualDisk(void *handle, void *securityDescriptor, uint32_t flags,
                               uint32_t providerFlags, twin_attach_params *params,
                               void *overlapped) {
  (void)securityDescriptor;
  disk_t *d = live_disk(handle);
  if (d == NULL) return ERROR_INVALID_HANDLE;
  if (overlapped != NULL || providerFlags != 0) return ERROR_INVALID_PARAMETER;
  if (params != NULL && params->Version != ATTACH_VERSION_1 && params->Version != ATTACH_VERSION_2) {
    return ERROR_INVALID_PARAMETER;
  }
  /* A restricted range is only asked for with its flag; go-winio and hcsshim attach it all. */
  if (params != NULL && params->Version == ATTACH_VERSION_2 &&
      (params->Version2.RestrictedOffset != 0 || params->Version2.RestrictedLength != 0)) {
    return ERROR_INVALID_PARAMETER;
  }
  DWORD code = forward(VD_ATTACH, d->path, NULL, 0, NULL);
  if (code == ERROR_SUCCESS && (flags & ATTACH_FLAG_PERMANENT_LIFETIME) == 0) {
    d->attached_temporarily = 1;
  }
  return code;
}

EXPORT DWORD DetachVirtualDisk(void *handle, uint32_t flags, uint32_t providerFlags) {
  disk_t *d = live_disk(handle);
  if (d == NULL) return ERROR_INVALID_HANDLE;
  if (flags != 0 || providerFlags != 0) return ERROR_INVALID_PARAMETER;
  DWORD code = forward(VD_DETACH, d->path, NULL, 0, NULL);
  if (code == ERROR_SUCCESS) d->attached_temporarily = 0;
  return code;
}

EXPORT DWORD GetVirtualDiskInformation(void *handle, uint32_t *infoSize, twin_get_info *info,
                                       uint32_t *sizeUsed) {
  disk_t *d = live_disk(handle);
  if (d == NULL) return ERROR_INVALID_HANDLE;
  if (infoSize == NULL || info == NULL || *infoSize < sizeof(twin_get_info)) {
    if (infoSize != NULL) *infoSize = sizeof(twin_get_info);
    return infoSize == NULL || info == NULL ? ERROR_INVALID_PARAMETER : ERROR_INSUFFICIENT_BUFFER;
  }
  if (info->Version != GET_INFO_PROVIDER_SUBTYPE && info->Version != GET_INFO_PARENT_LOCATION) {
    return ERROR_NOT_SUPPORTED; /* the twin answers only what the adapter asks */
  }
  twin_vd_reply reply;
  reply.text[0] = L'\0';
  DWORD code = forward(VD_PARENT, d->path, NULL, 0, &reply);
  if (code != ERROR_SUCCESS) return code;
  int differencing = reply.text[0] != L'\0';
  if (info->Version == GET_INFO_PROVIDER_SUBTYPE) {
    info->ProviderSubtype = differencing ? SUBTYPE_DIFFERENCING : SUBTYPE_DYNAMIC;
    if (sizeUsed != NULL) *sizeUsed = (uint32_t)(offsetof(twin_get_info, ProviderSubtype) + 4);
    return ERROR_SUCCESS;
  }
  /* ParentLocation: only a differencing disk has one. */
  if (!differencing) return ERROR_VHD_INVALID_TYPE;
  uint32_t needed = (uint32_t)(offsetof(twin_get_info, ParentLocation.ParentLocationBuffer) +
                               (wcslen(reply.text) + 1) * sizeof(wchar_t));
  if (*infoSize < needed) {
    *infoSize = needed;
    return ERROR_INSUFFICIENT_BUFFER;
  }
  info->ParentLocation.ParentResolved = 1;
  memcpy(info->ParentLocation.ParentLocationBuffer, reply.text,
         (wcslen(reply.text) + 1) * sizeof(wchar_t));
  if (sizeUsed != NULL) *sizeUsed = needed;
  return ERROR_SUCCESS;
}

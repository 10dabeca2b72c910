package dev.hcsorchestrator.host.hcs;

/**
 * virtdisk.dll: CreateVirtualDisk for VHDX files. virtdisk returns Win32 error codes (not
 * HRESULTs); a failure is a {@link HcsException} whose HRESULT is {@code HRESULT_FROM_WIN32} of
 * that code (for example 0x80070050 for ERROR_FILE_EXISTS) or the virtdisk code as is (0xC03Axxxx),
 * see {@link HResults#fromWin32}.
 */
public interface VirtualDisks {

  /** CreateVirtualDisk, version 2, no parent: a dynamic VHDX of {@code maximumSizeBytes}. */
  void createDynamicDisk(String path, long maximumSizeBytes);

  /** CreateVirtualDisk, version 2, with ParentPath: a differencing VHDX over {@code parentPath}. */
  void createDifferencingDisk(String path, String parentPath);
}

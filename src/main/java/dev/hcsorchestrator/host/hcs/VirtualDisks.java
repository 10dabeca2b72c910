package dev.hcsorchestrator.host.hcs;

import java.util.Optional;

/**
 * virtdisk.dll for VHD and VHDX files, addressed by path: each method opens what it needs and
 * closes every handle before it returns (an attachment outlives its handle: it is made with a
 * permanent lifetime and ends with {@link #detach}). virtdisk returns Win32 error codes (not
 * HRESULTs); a failure is a {@link HcsException} whose HRESULT is {@code HRESULT_FROM_WIN32} of
 * that code (for example 0x80070050 for ERROR_FILE_EXISTS, 0x80070003 for ERROR_PATH_NOT_FOUND,
 * 0x80070005 for ERROR_ACCESS_DENIED) or the virtdisk code as is (0xC03Axxxx, e.g.
 * ERROR_VHD_PARENT_VHD_NOT_FOUND or ERROR_VIRTDISK_NOT_VIRTUAL_DISK), see {@link
 * HResults#fromWin32}.
 */
public interface VirtualDisks {

  /**
   * CreateVirtualDisk, version 2, no parent: a dynamic disk of {@code maximumSizeBytes}, of the
   * format its name says ({@link VirtualDiskFormat#forNewDisk}).
   */
  void createDynamicDisk(String path, long maximumSizeBytes);

  /**
   * CreateVirtualDisk, version 2, with ParentPath: a differencing disk over {@code parentPath}, a
   * {@code .vhd}, {@code .vhdx} or {@code .avhdx} whose format is read from the file ({@link
   * VirtualDiskFormat#ofFile}), not assumed.
   */
  void createDifferencingDisk(String path, String parentPath);

  /**
   * OpenVirtualDisk (information only) and GetVirtualDiskInformation: GET_VIRTUAL_DISK_INFO_
   * PROVIDER_SUBTYPE, and for a differencing disk GET_VIRTUAL_DISK_INFO_PARENT_LOCATION. The path
   * of the parent as virtdisk resolved it; empty for a disk without a parent. Walked repeatedly, it
   * gives a differencing chain as Windows sees it.
   */
  Optional<String> parentPath(String path);
}

#pragma once
// HostFs: the one door to /proc, /sys, /etc and /var/lib/vtune. Every probe and applier
// reads and writes through it, rooted at a prefix: "/" on the live host, a snapshot or
// fixture tree under --root. Paths given to it are always absolute host paths
// ("/proc/cpuinfo"); the root is applied inside. Modelled on ninja's DiskInterface.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace vtune {

enum class EntryKind { File, Dir, Link, Other };

struct DirEntry {
  std::string name;
  EntryKind kind = EntryKind::Other;  // as lstat sees it
  bool is_dir = false;                // following a link: sysfs class entries are links to dirs
};

// The const (reading) members may be called from several threads at once: probes read
// many-NIC hosts in parallel.
class HostFs {
 public:
  virtual ~HostFs() = default;

  // Whole contents of a regular file (procfs and sysfs files included). Refuses FIFOs and
  // devices, and caps the size, so a hostile tree cannot hang or exhaust a probe.
  virtual Result<std::string> read_file(std::string_view path) const = 0;
  // Entries of a directory, sorted by name, without "." and "..".
  virtual Result<std::vector<DirEntry>> list_dir(std::string_view path) const = 0;
  // The target of a symbolic link, as stored.
  virtual Result<std::string> read_link(std::string_view path) const = 0;
  virtual bool exists(std::string_view path) const = 0;
  // Writes to an existing file (a sysctl or sysfs attribute); never creates one.
  virtual Result<void> write_file(std::string_view path, std::string_view data) = 0;
  // Creates or atomically replaces a file (temp file, fsync, rename, fsync of the directory).
  virtual Result<void> replace_file(std::string_view path, std::string_view data,
                                    unsigned mode) = 0;
  virtual Result<void> make_dirs(std::string_view path, unsigned mode) = 0;
  // Creates a symbolic link (snapshots use it); backends without links refuse.
  virtual Result<void> make_link(std::string_view path, std::string_view target) {
    return errno_error("symlink", describe(path), EOPNOTSUPP);
  }
  // Where `path` really is, for messages: "/proc/cpuinfo" or "fixtures/x/proc/cpuinfo".
  virtual std::string describe(std::string_view path) const = 0;
};

// A snapshot keeps an empty directory (an unloaded module's /sys/module/X, a queue without
// files) by putting this file in it, because git does not track empty directories. Under
// --root, list_dir does not show it.
inline constexpr std::string_view kEmptyDirMarker = ".vtune-keep";

// Files no larger than this are read whole; larger ones fail with EFBIG.
inline constexpr size_t kMaxHostFileBytes = 16u << 20;

// The real filesystem under `root`. Symbolic links resolve inside the root (openat2 with
// RESOLVE_IN_ROOT), so a snapshot's absolute links cannot reach the live host.
std::unique_ptr<HostFs> make_disk_host_fs(std::string root);

}  // namespace vtune

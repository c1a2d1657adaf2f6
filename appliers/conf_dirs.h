#pragma once
// The drop-in directory convention shared by systemd-sysctl and kmod: the same file name in
// an earlier directory hides it in every later one, a symlink to /dev/null hides it without
// replacing it, and the surviving files are applied in lexicographic order of their names
// whatever directory they sit in.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/host_fs.h"

namespace vtune {

struct ConfFile {
  std::string name;  // "90-local.conf"
  std::string path;  // "/etc/sysctl.d/90-local.conf"
};

struct ConfFileList {
  std::vector<ConfFile> files;          // in application order
  std::vector<std::string> masked;      // paths of /dev/null links that hid a name
  std::vector<std::string> unreadable;  // directories that exist but could not be listed
};

// Files ending in `suffix` in `dirs` (highest precedence first). A missing directory is
// normal and silent.
ConfFileList list_conf_files(const HostFs& fs, std::span<const std::string_view> dirs,
                             std::string_view suffix);

}  // namespace vtune

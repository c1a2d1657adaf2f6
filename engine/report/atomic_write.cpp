#include "engine/report/atomic_write.h"

#include <filesystem>
#include <system_error>

#include "engine/core/host_fs.h"

namespace vtune {

Result<void> write_file_atomically(const std::string& path, std::string_view text) {
  if (path.empty()) return SysError{ENOENT, path, "write"};
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(path, ec);
  if (ec) return SysError{ec.value(), path, "write"};
  return make_disk_host_fs("/")->replace_file(absolute.string(), text, 0644);
}

}  // namespace vtune

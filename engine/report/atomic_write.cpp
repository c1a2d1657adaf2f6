#include "engine/report/atomic_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace vtune {
namespace {

std::string directory_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

Result<void> write_all(int fd, std::string_view text, const std::string& name) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("write", name);
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

// Writes, syncs and closes the temporary file (closing it in every case), then renames it.
// The caller unlinks the temporary file when this fails: rename is the last step, so a
// failure always leaves it behind.
Result<void> fill_close_rename(int fd, const std::string& tmp, const std::string& path,
                               std::string_view text) {
  Result<void> done = write_all(fd, text, tmp);
  // mkstemp creates the file 0600; the reports are meant for other readers.
  if (done && ::fchmod(fd, 0644) != 0) done = errno_error("chmod", tmp);
  if (done && ::fsync(fd) != 0) done = errno_error("fsync", tmp);
  if (::close(fd) != 0 && done) done = errno_error("close", tmp);
  if (done && ::rename(tmp.c_str(), path.c_str()) != 0) done = errno_error("rename", path);
  return done;
}

}  // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view text) {
  if (path.empty() || path.back() == '/') return SysError{EISDIR, path, "write"};
  const std::string dir = directory_of(path);
  std::string tmp = path + ".tmp.XXXXXX";
  std::vector<char> name(tmp.begin(), tmp.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return errno_error("create temporary file in", dir);
  tmp = name.data();

  if (Result<void> done = fill_close_rename(fd, tmp, path, text); !done) {
    ::unlink(tmp.c_str());
    return done;
  }
  // Make the rename itself durable: without this a crash can bring the old file back.
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return errno_error("open", dir);
  int rc = ::fsync(dfd);
  int err = errno;
  ::close(dfd);
  if (rc != 0) return errno_error("fsync", dir, err);
  return {};
}

}  // namespace vtune

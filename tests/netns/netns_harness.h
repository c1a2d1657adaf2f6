#pragma once
// What every real-kernel test needs: a check that counts failures, a skip that ctest reports
// (exit 77), a command that must succeed, and a private network namespace to work in. The
// namespace (and a sysfs mounted for it) vanishes with the process, so the machine's own
// interfaces and mounts are never touched. For the tests that run programs (vtune, losetup):
// a program run without a shell with its output captured, a temporary directory, and a loop
// device that is detached (its queue settings put back first) however the test ends.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

extern char** environ;

namespace vtune::netns {

inline int failures = 0;

inline void check(bool ok, const std::string& what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAIL", what.c_str());
  if (!ok) ++failures;
}

[[noreturn]] inline void skip(const std::string& why) {
  std::printf("SKIP: %s\n", why.c_str());
  std::exit(77);
}

// A set-up command that must work: a failure ends the test (it is not a skip).
inline void run(const std::string& cmd) {
  if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0) {
    std::printf("FAIL: %s\n", cmd.c_str());
    std::exit(1);
  }
}

enum class Sysfs { Host, Private };

// Moves the process into a network namespace of its own; with Sysfs::Private also into a
// mount namespace whose /sys lists only this namespace's devices.
inline void enter_private_namespace(Sysfs sysfs = Sysfs::Host) {
  int flags = CLONE_NEWNET | (sysfs == Sysfs::Private ? CLONE_NEWNS : 0);
  if (::unshare(flags) != 0) {
    int err = errno;
    if (err == EPERM || err == EINVAL || err == ENOSYS)
      skip(std::string("needs root and network namespaces (unshare: ") + std::strerror(err) + ")");
    std::printf("FAIL: unshare: %s\n", std::strerror(err));
    std::exit(1);
  }
  if (sysfs == Sysfs::Host) return;
  // Private first, so the sysfs mount below never propagates to the host's mount table.
  if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    skip(std::string("cannot make mounts private (") + std::strerror(errno) + ")");
  // sysfs lists the network devices of the namespace that mounted it.
  if (::mount("sysfs", "/sys", "sysfs", 0, nullptr) != 0)
    skip(std::string("cannot mount a namespace-local sysfs (") + std::strerror(errno) + ")");
}

// A file's exact bytes; nullopt when it cannot be read.
inline std::optional<std::string> read_bytes(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

// One write(2) of `text`, as `echo text > path` would do it: true when the kernel took it.
inline bool write_bytes(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = ::write(fd, text.data(), text.size());
  ::close(fd);
  return n == static_cast<ssize_t>(text.size());
}

// A directory of its own under $TMPDIR (or /tmp), removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "vtune-netns") {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + tag + ".XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) {
      std::printf("FAIL: mkdtemp %s: %s\n", tmpl.c_str(), std::strerror(errno));
      std::exit(1);
    }
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// How a program ended and what it printed.
struct Ran {
  int exit_code = -1;  // -1 when it was killed by a signal
  int signal = 0;      // the signal that killed it, else 0
  std::string out, err;
};

// The absolute path of a program: $PATH first, then the sbin directories root's tools live
// in (ctest may run with a user's PATH).
inline std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin";
  std::stringstream dirs(path);
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0) return dir + "/" + name;
  return "";
}

// Runs argv[0] (found by find_program) without a shell: stdin from /dev/null (so never a
// TTY), stdout and stderr into files it reads back afterwards (a detached grandchild that
// keeps them open cannot hold the caller up), the environment with `env` ("NAME=value")
// added or replacing.
inline Ran run_program(const std::vector<std::string>& argv,
                       const std::vector<std::string>& env = {}) {
  Ran r;
  std::string exe = find_program(argv.at(0));
  if (exe.empty()) {
    r.err = argv[0] + ": not found";
    return r;
  }
  TempDir out_dir("vtune-run");
  std::string out_path = out_dir / "out", err_path = out_dir / "err";
  std::vector<std::string> envs;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    bool replaced = false;
    for (const std::string& add : env)
      replaced = replaced || kv.substr(0, kv.find('=') + 1) == add.substr(0, add.find('=') + 1);
    if (!replaced) envs.push_back(kv);
  }
  envs.insert(envs.end(), env.begin(), env.end());
  std::vector<char*> cargv, cenv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (const std::string& e : envs) cenv.push_back(const_cast<char*>(e.c_str()));
  cenv.push_back(nullptr);
  std::fflush(stdout);
  pid_t pid = ::fork();
  if (pid < 0) {
    r.err = std::string("fork: ") + std::strerror(errno);
    return r;
  }
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execve(exe.c_str(), cargv.data(), cenv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  r.out = read_bytes(out_path).value_or("");
  r.err = read_bytes(err_path).value_or("");
  return r;
}

inline std::string trim_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// A loop device over a sparse file of its own. Its queue settings (scheduler, read_ahead_kb,
// nr_requests) live in global sysfs and outlive the attachment, so the guard puts back what
// it found before it detaches; a static guard also does so when the test calls exit().
class LoopDevice {
 public:
  // Attaches a fresh device, or skips the test when the machine has no loop support.
  void attach(const std::string& dir) {
    std::string image = dir + "/loop.img";
    int fd = ::open(image.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || ::ftruncate(fd, 64 << 20) != 0) skip("cannot create a sparse image in " + dir);
    ::close(fd);
    Ran r = run_program({"losetup", "-f", "--show", image});
    if (r.exit_code != 0 || r.out.rfind("/dev/loop", 0) != 0)
      skip("no loop device (losetup: " + trim_newline(r.err) + ")");
    dev_ = trim_newline(r.out);
    name_ = dev_.substr(5);
    for (const char* f : {"scheduler", "read_ahead_kb", "nr_requests"})
      if (std::optional<std::string> v = read_bytes(queue(f))) saved_.emplace_back(f, *v);
  }
  ~LoopDevice() { detach(); }
  void detach() {
    if (dev_.empty()) return;
    restore();
    Ran r = run_program({"losetup", "-d", dev_});
    if (r.exit_code != 0)
      std::printf("FAIL: losetup -d %s: %s\n", dev_.c_str(), trim_newline(r.err).c_str());
    dev_.clear();
  }
  // The queue settings found at attach, the scheduler first (switching it resets
  // nr_requests).
  void restore() const {
    for (const auto& [file, value] : saved_) {
      std::string v = value;
      if (std::string(file) == "scheduler") {
        size_t open = v.find('['), close = v.find(']');
        if (open == std::string::npos || close == std::string::npos) continue;
        v = v.substr(open + 1, close - open - 1);
      }
      if (read_bytes(queue(file)) != value) (void)write_bytes(queue(file), v);
    }
  }
  const std::string& name() const { return name_; }
  std::string queue(const std::string& file) const {
    return "/sys/block/" + name_ + "/queue/" + file;
  }

 private:
  std::string dev_, name_;
  std::vector<std::pair<std::string, std::string>> saved_;
};

// The exit code: 0 when every check passed.
inline int finish() {
  std::printf("%d failure(s): %s\n", failures, failures == 0 ? "PASS" : "FAILED");
  return failures == 0 ? 0 : 1;
}

}  // namespace vtune::netns

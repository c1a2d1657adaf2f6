#pragma once
// What every real-kernel test needs: a check that counts failures, a skip that ctest reports
// (exit 77), a command that must succeed, and a private network namespace to work in. The
// namespace (and a sysfs mounted for it) vanishes with the process, so the machine's own
// interfaces and mounts are never touched.
#include <sched.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

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

// The exit code: 0 when every check passed.
inline int finish() {
  std::printf("%d failure(s): %s\n", failures, failures == 0 ? "PASS" : "FAILED");
  return failures == 0 ? 0 : 1;
}

}  // namespace vtune::netns

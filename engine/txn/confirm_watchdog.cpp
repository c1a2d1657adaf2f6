#include "engine/txn/confirm_watchdog.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <string_view>

namespace vtune {
namespace {

std::vector<char*> c_argv(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (std::string& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

// Runs argv (no shell), waits, and returns its exit status.
Result<int> run_and_wait(std::vector<std::string> args) {
  std::vector<char*> argv = c_argv(args);
  pid_t pid = ::fork();
  if (pid < 0) return errno_error("fork", args[0]);
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
    }
    ::execve(argv[0], argv.data(), environ);
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return errno_error("waitpid", args[0]);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

bool systemd_available() {
  struct stat st {};
  return ::stat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> watchdog_rollback_argv(const WatchdogRequest& req) {
  std::vector<std::string> a = {req.self, "rollback", req.id, "--unconfirmed", "--yes"};
  a.insert(a.end(), req.extra.begin(), req.extra.end());
  return a;
}

std::vector<std::string> systemd_run_argv(const WatchdogRequest& req, long seconds) {
  std::vector<std::string> a = {req.systemd_run,
                                "--quiet",
                                "--collect",
                                "--on-active=" + std::to_string(seconds) + "s",
                                "--unit=vtune-confirm-" + req.id,
                                "--timer-property=AccuracySec=1s"};
  std::vector<std::string> cmd = watchdog_rollback_argv(req);
  a.insert(a.end(), cmd.begin(), cmd.end());
  return a;
}

Result<std::string> start_confirm_watchdog(const WatchdogRequest& req) {
  long seconds = std::max<long>(1, static_cast<long>(req.deadline - std::time(nullptr)));
  if (req.use_systemd) {
    Result<int> rc = run_and_wait(systemd_run_argv(req, seconds));
    if (!rc) return rc.error();
    if (*rc != 0)
      return SysError{0, req.systemd_run, "systemd-run exited " + std::to_string(*rc) + ":"};
    return "systemd timer vtune-confirm-" + req.id + ".timer";
  }
  // Everything the grandchild needs is built before fork: after it, only async-signal-safe
  // calls (the parent may have threads).
  std::vector<std::string> args = watchdog_rollback_argv(req);
  std::vector<char*> argv = c_argv(args);
  // The crash tests' failpoint is for the apply, not for the watchdog's rollback.
  std::vector<char*> envp;
  for (char** e = environ; *e; ++e)
    if (std::string_view(*e).substr(0, 16) != "VTUNE_FAILPOINT=") envp.push_back(*e);
  envp.push_back(nullptr);
  std::time_t deadline = req.deadline;
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return errno_error("pipe", "");
  pid_t child = ::fork();
  if (child < 0) return errno_error("fork", req.self);
  if (child == 0) {
    ::close(pipefd[0]);
    ::setsid();
    pid_t grandchild = ::fork();
    if (grandchild != 0) {
      long g = grandchild;
      (void)!::write(pipefd[1], &g, sizeof g);
      ::_exit(grandchild < 0 ? 1 : 0);
    }
    ::close(pipefd[1]);
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, STDIN_FILENO);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      if (null > STDERR_FILENO) ::close(null);
    }
    if (::chdir("/") != 0) ::_exit(1);
    for (;;) {
      std::time_t now = std::time(nullptr);
      if (now >= deadline) break;
      struct timespec ts {
        static_cast<time_t>(deadline - now), 0
      };
      ::nanosleep(&ts, nullptr);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  long grandchild = -1;
  ssize_t n;
  while ((n = ::read(pipefd[0], &grandchild, sizeof grandchild)) < 0 && errno == EINTR) {
  }
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (n != sizeof grandchild || grandchild <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return SysError{0, req.self, "could not start the detached watchdog for"};
  return "detached process " + std::to_string(grandchild);
}

}  // namespace vtune

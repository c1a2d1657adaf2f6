#pragma once
// The commit-confirmed watchdog: something that outlives the `vtune apply` that started it
// (and the SSH session around it) and, at the deadline, runs
//   <self> rollback <id> --unconfirmed --yes [--root R] [--state-dir D]
// which rolls the transaction back unless it was confirmed (it re-reads the journal under
// the lock). Where systemd runs (/run/systemd/system exists): a transient timer,
//   systemd-run --on-active=<S>s --unit=vtune-confirm-<id> --quiet <self> rollback ...
// Elsewhere: a detached process (fork, setsid, fork; stdio on /dev/null) that sleeps until
// the deadline and then execs the same command. No shell either way (execve).
#include <ctime>
#include <string>
#include <vector>

#include "engine/core/result.h"

namespace vtune {

struct WatchdogRequest {
  std::string self;  // the vtune binary (/proc/self/exe resolved)
  std::string id;
  std::time_t deadline = 0;        // epoch seconds
  std::vector<std::string> extra;  // "--root", R, "--state-dir", D, ...
  bool use_systemd = false;        // decided by the caller (systemd_available())
  std::string systemd_run = "/usr/bin/systemd-run";
};

bool systemd_available();  // /run/systemd/system is a directory
// The command the watchdog runs at the deadline (argv, self first).
std::vector<std::string> watchdog_rollback_argv(const WatchdogRequest& req);
// The systemd-run argv for the transient timer.
std::vector<std::string> systemd_run_argv(const WatchdogRequest& req, long seconds);

// Starts it; returns what was started, for the report ("systemd timer vtune-confirm-X",
// "detached process 1234").
Result<std::string> start_confirm_watchdog(const WatchdogRequest& req);

}  // namespace vtune

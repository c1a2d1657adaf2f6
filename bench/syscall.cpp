// sys.syscall: ns per syscall(SYS_getppid), a system call that does almost nothing, so the
// figure is the cost of entering and leaving the kernel (mitigations included).
// sys.ctxswitch: ns per round trip of one byte over a pair of pipes between two threads,
// pinned to the same CPU (each round trip is two context switches) or to two CPUs.
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "bench/families.h"
#include "bench/fd.h"
#include "bench/threads.h"

namespace vtune::bench {
namespace {

class SyscallSession final : public Session {
 public:
  Sample measure(double seconds) override {
    double ns = 0, wall_ns = 0, on_cpu = 0;
    run_pinned({usable_cpus()[0]}, [&](size_t) {
      constexpr int kBatch = 4096;
      uint64_t calls = 0;
      double c0 = thread_cpu_seconds();
      Clock::time_point t0 = Clock::now();
      do {
        for (int i = 0; i < kBatch; ++i) syscall(SYS_getppid);
        calls += kBatch;
      } while (seconds_since(t0) < seconds);
      double el = seconds_since(t0), cpu = thread_cpu_seconds() - c0;
      ns = cpu * 1e9 / double(calls);
      wall_ns = el * 1e9 / double(calls);
      on_cpu = cpu / el;
    });
    // Over the thread's CPU time (user and system), as mem.latency: time preempted is no cost
    // of the call.
    return {ns, {{"wall_ns_per_call", "ns/call", wall_ns}, {"on_cpu", "fraction", on_cpu}}};
  }
};

// Closes a pipe's write end when its thread leaves, normally or by an exception, so the
// other side reads end-of-file instead of blocking for ever.
struct CloseOnExit {
  UniqueFd& f;
  ~CloseOnExit() { f.reset(); }
};

void write_byte(int fd) {
  char c = 'x';
  while (write(fd, &c, 1) != 1)
    if (errno != EINTR) throw sys_error("pipe write");
}
bool read_byte(int fd) {
  char c;
  for (;;) {
    ssize_t n = read(fd, &c, 1);
    if (n == 1) return c == 'x';
    if (n == 0) return false;
    if (errno != EINTR) throw sys_error("pipe read");
  }
}

class CtxSwitchSession final : public Session {
 public:
  explicit CtxSwitchSession(const Params& p) {
    const std::string& placement = param_text(p, "placement");
    std::vector<int> cpus = usable_cpus();
    if (placement == "same")
      cpus_ = {cpus[0], cpus[0]};
    else if (placement == "different")
      cpus_ = {cpus[0], cpus.size() > 1 ? cpus[1] : cpus[0]};
    else
      throw BenchError("placement must be same or different, not " + placement);
  }

  Sample measure(double seconds) override {
    int a[2], b[2];
    if (pipe(a) != 0) throw sys_error("pipe");
    UniqueFd ping[2] = {UniqueFd(a[0]), UniqueFd(a[1])};
    if (pipe(b) != 0) throw sys_error("pipe");
    UniqueFd pong[2] = {UniqueFd(b[0]), UniqueFd(b[1])};
    uint64_t trips = 0;
    double el = 0;
    run_pinned(cpus_, [&](size_t i) {
      if (i == 1) {
        CloseOnExit done{pong[1]};
        while (read_byte(ping[0].get())) write_byte(pong[1].get());
        return;
      }
      CloseOnExit done{ping[1]};
      Clock::time_point t0 = Clock::now();
      do {
        for (int k = 0; k < 256; ++k) {
          write_byte(ping[1].get());
          if (!read_byte(pong[0].get())) throw BenchError("the echo thread stopped");
        }
        trips += 256;
      } while (seconds_since(t0) < seconds);
      el = seconds_since(t0);
    });
    return {el * 1e9 / double(trips), {}};
  }

 private:
  std::vector<int> cpus_;
};

}  // namespace

std::unique_ptr<Session> make_sys_syscall(const Params&, const Env&) {
  return std::make_unique<SyscallSession>();
}
std::unique_ptr<Session> make_sys_ctxswitch(const Params& p, const Env&) {
  return std::make_unique<CtxSwitchSession>(p);
}

}  // namespace vtune::bench

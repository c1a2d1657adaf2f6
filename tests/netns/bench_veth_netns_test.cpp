// The network benchmarks with path=veth on the real kernel, inside a private network
// namespace (the "tuned" one; it vanishes with the process): each runs across a veth pair
// to a peer namespace of its own, and afterwards neither the pair nor the peer namespace is
// left behind, after a successful run and after a refused one (CAP_NET_ADMIN dropped).
#include <dirent.h>
#include <linux/capability.h>
#include <net/if.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "bench/registry.h"
#include "bench/runner.h"
#include "bench/veth_path.h"
#include "engine/core/memory_host_fs.h"
#include "tests/netns/netns_harness.h"

using namespace vtune;
using namespace vtune::netns;

namespace {

// The interfaces of this thread's network namespace whose names start with "vtb".
std::vector<std::string> bench_links() {
  std::vector<std::string> out;
  struct if_nameindex* all = if_nameindex();
  for (struct if_nameindex* i = all; i && i->if_index != 0; ++i)
    if (std::string(i->if_name).rfind("vtb", 0) == 0) out.push_back(i->if_name);
  if (all) if_freenameindex(all);
  return out;
}

// Descriptors of this process that hold a network namespace ("net:[...]").
int netns_fds() {
  int n = 0;
  DIR* d = opendir("/proc/self/fd");
  while (dirent* e = d ? readdir(d) : nullptr) {
    char target[256] = {};
    std::string p = std::string("/proc/self/fd/") + e->d_name;
    if (readlink(p.c_str(), target, sizeof target - 1) > 0 &&
        std::string(target).rfind("net:[", 0) == 0)
      ++n;
  }
  if (d) closedir(d);
  return n;
}

void drop_net_admin_on_this_thread() {
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  syscall(SYS_capget, &hdr, data);
  for (auto& d : data) {
    d.effective &= ~(1u << CAP_NET_ADMIN);
    d.permitted &= ~(1u << CAP_NET_ADMIN);
  }
  if (syscall(SYS_capset, &hdr, data) != 0) check(false, "capset drops CAP_NET_ADMIN");
}

}  // namespace

int main() {
  enter_private_namespace();
  check(bench_links().empty(), "no vtb* link before");
  const int fds_before = netns_fds();

  {
    bench::VethPath path;
    std::vector<std::string> links = bench_links();
    check(links.size() == 1 && links[0] == path.local_name(),
          "while the session lives: its end " + path.local_name() + " is here, the peer is not");
    bool peer_there = false;
    path.in_peer([&] {
      std::vector<std::string> l = bench_links();
      peer_there = l.size() == 1 && l[0] == path.peer_name();
    });
    check(peer_there, "the peer end " + path.peer_name() + " is in the peer namespace");
    check(netns_fds() == fds_before + 1, "one descriptor holds the peer namespace");
  }
  check(bench_links().empty(), "the pair is gone with the session");
  check(netns_fds() == fds_before, "the peer namespace's descriptor is closed");

  MemoryHostFs fs;
  bench::Env env{fs, "/tmp"};
  bench::RunOptions ro;
  ro.reps = 2;
  ro.seconds = 0.2;
  ro.warmup_seconds = 0.05;
  for (const char* name : {"net.tcp_rr", "net.tcp_crr", "net.tcp_stream"}) {
    const bench::BenchmarkSpec& spec = *bench::find_benchmark(name);
    bench::Params p = bench::default_params(spec);
    p["path"] = "veth";
    try {
      bench::BenchResult r = bench::run_benchmark(spec, p, env, ro);
      check(r.summary.min > 0, std::string(name) + " path=veth: " +
                                   std::to_string(r.summary.median) + " " + spec.unit);
    } catch (const std::exception& e) {
      check(false, std::string(name) + " path=veth: " + e.what());
    }
    check(bench_links().empty() && netns_fds() == fds_before,
          std::string(name) + ": nothing left behind");
  }

  // Without CAP_NET_ADMIN (capabilities are per thread): the pair cannot be made, the error
  // says why, and the namespace already made is dropped.
  std::string refused;
  std::thread t([&] {
    drop_net_admin_on_this_thread();
    try {
      bench::VethPath path;
    } catch (const bench::BenchError& e) {
      refused = e.what();
    }
  });
  t.join();
  check(refused.find("CAP_NET_ADMIN") != std::string::npos,
        "without CAP_NET_ADMIN: a BenchError naming it (" + refused + ")");
  check(bench_links().empty() && netns_fds() == fds_before, "refused: nothing left behind");
  return failures == 0 ? 0 : 1;
}

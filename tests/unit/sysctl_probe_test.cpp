#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/probes.h"
#include "probes/sysctl_reader.h"

using namespace vtune;

namespace {

struct SysctlRun {
  Facts facts = Json::object();
  Warnings warnings;
};

SysctlRun run_sysctl(HostBackend& backend) {
  SysctlRun run;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, run.warnings);
  kSysctlProbe.collect(ctx, run.facts);
  return run;
}

}  // namespace

TEST_CASE("valid_sysctl_key accepts dotted lowercase keys only") {
  CHECK(valid_sysctl_key("net.ipv4.tcp_rmem"));
  CHECK(valid_sysctl_key("fs.file-max"));
  CHECK(valid_sysctl_key("vm.swappiness"));
  CHECK(valid_sysctl_key("kernel"));
  CHECK_FALSE(valid_sysctl_key(""));
  CHECK_FALSE(valid_sysctl_key(".net.core"));
  CHECK_FALSE(valid_sysctl_key("net.core."));
  CHECK_FALSE(valid_sysctl_key("net..core"));
  CHECK_FALSE(valid_sysctl_key("net/core/somaxconn"));
  CHECK_FALSE(valid_sysctl_key("net.core.SOMAXCONN"));
  CHECK_FALSE(valid_sysctl_key("net.core.somaxconn "));
  CHECK_FALSE(valid_sysctl_key("../../etc/shadow"));
}

TEST_CASE("sysctl_path maps dots to /proc/sys directories") {
  CHECK(sysctl_path("net.ipv4.tcp_rmem") == "/proc/sys/net/ipv4/tcp_rmem");
  CHECK(sysctl_path("fs.file-max") == "/proc/sys/fs/file-max");
  CHECK(sysctl_path("kernel.pid_max") == "/proc/sys/kernel/pid_max");
}

TEST_CASE("normalize_sysctl_value collapses blanks and trims") {
  CHECK(normalize_sysctl_value("4096\t131072\t6291456\n") == "4096 131072 6291456");
  CHECK(normalize_sysctl_value("  32768 \t 60999  ") == "32768 60999");
  CHECK(normalize_sysctl_value("reno cubic bbr\n") == "reno cubic bbr");
  CHECK(normalize_sysctl_value("1\n") == "1");
  CHECK(normalize_sysctl_value("") == "");
  CHECK(normalize_sysctl_value(" \t\n") == "");
  // Multi-line values keep their lines; blanks around the line break are dropped.
  CHECK(normalize_sysctl_value("a \t\n\tb  c\n") == "a\nb c");
}

TEST_CASE("read_sysctl reads, normalises and reports errors with errno") {
  MemoryHostFs fs;
  fs.add_file("/proc/sys/net/ipv4/tcp_wmem", "4096\t16384\t4194304\n");
  fs.add_error("/proc/sys/net/core/rmem_max", EACCES);

  Result<std::string> wmem = read_sysctl(fs, "net.ipv4.tcp_wmem");
  REQUIRE(wmem.ok());
  CHECK(*wmem == "4096 16384 4194304");

  Result<std::string> denied = read_sysctl(fs, "net.core.rmem_max");
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().err == EACCES);

  Result<std::string> missing = read_sysctl(fs, "net.core.nonexistent");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().err == ENOENT);

  Result<std::string> bad = read_sysctl(fs, "net..core");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().err == EINVAL);
}

TEST_CASE("watched_sysctls are valid, unique and exclude write-only keys") {
  std::span<const std::string_view> keys = watched_sysctls();
  CHECK(keys.size() == 34);
  std::set<std::string_view> unique(keys.begin(), keys.end());
  CHECK(unique.size() == keys.size());
  for (std::string_view k : keys) CHECK_MESSAGE(valid_sysctl_key(k), std::string(k));
  CHECK(unique.count("vm.drop_caches") == 0);
  CHECK(unique.count("net.ipv4.tcp_available_congestion_control") == 1);
}

TEST_CASE("sysctl probe: missing keys are absent, unreadable keys warn") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/sys/vm/swappiness", "60\n");
  fs->add_file("/proc/sys/net/ipv4/tcp_rmem", "4096\t131072\t6291456\n");
  fs->add_error("/proc/sys/net/core/somaxconn", EACCES);
  HostBackend backend("/mem", std::move(fs));
  SysctlRun run = run_sysctl(backend);

  Json s = run.facts["sysctl"];  // a copy: a missing key reads as null
  REQUIRE(s.is_object());
  CHECK(s.size() == 2);
  CHECK(s["vm.swappiness"] == "60");
  CHECK(s["net.ipv4.tcp_rmem"] == "4096 131072 6291456");
  CHECK_FALSE(s.contains("net.core.somaxconn"));
  REQUIRE(run.warnings.items().size() == 1);
  CHECK(run.warnings.items()[0].path == "mem:/proc/sys/net/core/somaxconn");
}

namespace {

// The values a Debian 12 install shows, and what differs per fixture host.
struct HostSysctls {
  const char* host;
  const char* syn_backlog;
  const char* inotify_watches;
  const char* numa_balancing;
  const char* ip_forward;
  const char* available_cc;
  const char* tw_buckets;
  const char* conntrack_max;  // nullptr: nf_conntrack not loaded
};

constexpr HostSysctls kHosts[] = {
    {"vmware-guest", "512", "66690", "0", "0", "reno cubic", "65536", nullptr},
    {"kvm-guest", "1024", "133383", "0", "0", "reno cubic", "65536", nullptr},
    {"baremetal-2s", "4096", "1048576", "1", "0", "reno cubic bbr", "262144", "262144"},
    {"kvm-host", "4096", "1048576", "0", "1", "reno cubic", "262144", nullptr},
    {"container-host", "4096", "533535", "0", "1", "reno cubic", "65536", "131072"},
};

}  // namespace

TEST_CASE("sysctl probe on the fixture hosts") {
  for (const HostSysctls& h : kHosts) {
    CAPTURE(h.host);
    HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + h.host);
    SysctlRun run = run_sysctl(backend);
    CHECK(run.warnings.empty());
    Json s = run.facts["sysctl"];  // a copy: a missing key reads as null
    REQUIRE(s.is_object());
    CHECK(s.size() == watched_sysctls().size() - (h.conntrack_max ? 0 : 1));
    CHECK(s["net.core.rmem_max"] == "212992");
    CHECK(s["net.core.wmem_max"] == "212992");
    CHECK(s["net.ipv4.tcp_rmem"] == "4096 131072 6291456");
    CHECK(s["net.ipv4.tcp_wmem"] == "4096 16384 4194304");
    CHECK(s["net.core.somaxconn"] == "4096");
    CHECK(s["net.ipv4.tcp_max_syn_backlog"] == h.syn_backlog);
    CHECK(s["net.core.netdev_max_backlog"] == "1000");
    CHECK(s["net.ipv4.ip_local_port_range"] == "32768 60999");
    CHECK(s["net.ipv4.tcp_tw_reuse"] == "2");
    CHECK(s["net.ipv4.tcp_fin_timeout"] == "60");
    CHECK(s["fs.file-max"] == "9223372036854775807");
    CHECK(s["fs.nr_open"] == "1073741816");
    CHECK(s["net.core.default_qdisc"] == "pfifo_fast");
    CHECK(s["net.ipv4.tcp_congestion_control"] == "cubic");
    CHECK(s["net.ipv4.tcp_available_congestion_control"] == h.available_cc);
    CHECK(s["net.ipv4.tcp_ecn"] == "2");
    CHECK(s["net.core.rps_sock_flow_entries"] == "0");
    CHECK(s["vm.swappiness"] == "60");
    CHECK(s["vm.dirty_background_ratio"] == "10");
    CHECK(s["vm.dirty_ratio"] == "20");
    CHECK(s["vm.max_map_count"] == "65530");
    CHECK(s["kernel.numa_balancing"] == h.numa_balancing);
    CHECK(s["fs.inotify.max_user_instances"] == "128");
    CHECK(s["fs.inotify.max_user_watches"] == h.inotify_watches);
    CHECK(s["net.ipv4.ip_forward"] == h.ip_forward);
    CHECK(s["kernel.pid_max"] == "4194304");
    CHECK(s["net.ipv4.tcp_slow_start_after_idle"] == "1");
    CHECK(s["net.ipv4.tcp_syncookies"] == "1");
    CHECK(s["net.ipv4.tcp_notsent_lowat"] == "4294967295");
    CHECK(s["net.ipv4.tcp_mtu_probing"] == "0");
    CHECK(s["net.ipv4.tcp_fastopen"] == "1");
    CHECK(s["net.ipv4.tcp_max_tw_buckets"] == h.tw_buckets);
    CHECK(s["net.ipv4.tcp_keepalive_time"] == "7200");
    if (h.conntrack_max)
      CHECK(s["net.netfilter.nf_conntrack_max"] == h.conntrack_max);
    else
      CHECK_FALSE(s.contains("net.netfilter.nf_conntrack_max"));
  }
}

#include <doctest/doctest.h>

#include <algorithm>

#include "appliers/sysctl_conf.h"
#include "appliers/sysctl_provenance.h"
#include "engine/core/memory_host_fs.h"

using namespace vtune;

TEST_CASE("sysctl.conf: syntax") {
  SysctlConfParse p = parse_sysctl_conf(
      "# comment\n"
      "; also a comment\n"
      "\n"
      "net.core.somaxconn = 4096\n"
      "  vm.swappiness=10  \n"
      "net/ipv4/tcp_rmem =\t4096   87380\t6291456\r\n"
      "-net.ipv4.conf.eth9.rp_filter = 1\n"
      "net.ipv4.conf.*.rp_filter = 2\n"
      "-net.ipv4.conf.lo.rp_filter\n"
      "kernel.domainname = a#b\n"
      "this line has no equals sign\n"
      " = 5\n");
  REQUIRE(p.entries.size() == 7);
  CHECK(p.entries[0].key == "net.core.somaxconn");
  CHECK(p.entries[0].value == "4096");
  CHECK(p.entries[0].line == 4);
  CHECK(p.entries[1].key == "vm.swappiness");
  CHECK(p.entries[1].value == "10");
  CHECK(p.entries[2].key == "net.ipv4.tcp_rmem");
  CHECK(p.entries[2].value == "4096 87380 6291456");
  CHECK(p.entries[3].ignore_failure);
  CHECK(p.entries[3].key == "net.ipv4.conf.eth9.rp_filter");
  CHECK(p.entries[4].glob);
  CHECK_FALSE(p.entries[5].value);  // exclusion
  CHECK(p.entries[5].key == "net.ipv4.conf.lo.rp_filter");
  CHECK(p.entries[6].value == "a#b");  // no trailing comments in sysctl.d
  REQUIRE(p.problems.size() == 2);
  CHECK(p.problems[0].line == 11);
  CHECK(p.problems[1].line == 12);
}

TEST_CASE("sysctl.conf: key normalisation swaps separators like systemd") {
  CHECK(normalize_sysctl_key("net.core.somaxconn") == "net.core.somaxconn");
  CHECK(normalize_sysctl_key("net/core/somaxconn") == "net.core.somaxconn");
  CHECK(normalize_sysctl_key("/net/core/somaxconn") == "net.core.somaxconn");
  CHECK(normalize_sysctl_key("net/ipv4/conf/eth0.100/rp_filter") ==
        "net.ipv4.conf.eth0/100.rp_filter");
  CHECK(normalize_sysctl_key("net.ipv4.conf.eth0/100.rp_filter") ==
        "net.ipv4.conf.eth0/100.rp_filter");
}

namespace {

MemoryHostFs layered_host() {
  MemoryHostFs fs;
  fs.add_file("/usr/lib/sysctl.d/50-default.conf",
              "net.core.somaxconn = 128\nvm.swappiness = 60\nkernel.pid_max = 4194304\n");
  fs.add_file("/usr/lib/sysctl.d/60-vendor.conf", "vm.swappiness = 30\n");
  // Same name in /etc masks the vendor file entirely.
  fs.add_file("/etc/sysctl.d/60-vendor.conf", "vm.dirty_ratio = 20\n");
  // A /dev/null link masks without replacing.
  fs.add_link("/run/sysctl.d/50-default.conf", "/dev/null");
  fs.add_file("/usr/local/lib/sysctl.d/70-site.conf", "net.core.somaxconn = 1024\n");
  fs.add_file("/etc/sysctl.d/80-app.conf", "net.core.somaxconn = 4096\n");
  fs.add_file("/etc/sysctl.d/README", "net.core.somaxconn = 1\n");  // not *.conf
  fs.add_link("/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");
  fs.add_file("/etc/sysctl.conf", "# the admin's file\nnet.core.somaxconn = 8192\n");
  return fs;
}

}  // namespace

TEST_CASE("sysctl provenance: precedence, masking, /etc/sysctl.conf last") {
  MemoryHostFs fs = layered_host();
  SysctlConfigIndex index = SysctlConfigIndex::build(fs);
  CHECK(index.files() == std::vector<std::string>{"/etc/sysctl.d/60-vendor.conf",
                                                  "/usr/local/lib/sysctl.d/70-site.conf",
                                                  "/etc/sysctl.d/80-app.conf", "/etc/sysctl.conf"});

  SysctlProvenance somaxconn = index.lookup("net.core.somaxconn");
  REQUIRE(somaxconn.winner);
  CHECK(somaxconn.winner->file == "/etc/sysctl.conf");
  CHECK(somaxconn.winner->line == 2);
  CHECK(somaxconn.winner->value == "8192");
  REQUIRE(somaxconn.conflicts.size() == 2);  // the masked 50-default.conf is not applied
  CHECK(somaxconn.conflicts[0].file == "/usr/local/lib/sysctl.d/70-site.conf");
  CHECK(somaxconn.conflicts[0].value == "1024");
  CHECK(somaxconn.conflicts[1].file == "/etc/sysctl.d/80-app.conf");

  // 60-vendor.conf in /usr/lib is hidden by the /etc file of the same name.
  CHECK_FALSE(index.lookup("vm.swappiness").winner);
  CHECK(index.lookup("vm.dirty_ratio").winner->file == "/etc/sysctl.d/60-vendor.conf");
  CHECK_FALSE(index.lookup("kernel.pid_max").winner);
  CHECK_FALSE(index.lookup("net.ipv4.tcp_rmem").winner);
}

TEST_CASE("sysctl provenance: equal values are not conflicts, whitespace and numbers normalised") {
  MemoryHostFs fs;
  fs.add_file("/usr/lib/sysctl.d/10-a.conf", "net.ipv4.tcp_rmem = 4096 87380 6291456\n");
  fs.add_file("/etc/sysctl.d/20-b.conf", "net/ipv4/tcp_rmem=4096\t87380   6291456\n");
  fs.add_file("/etc/sysctl.d/30-c.conf", "net.ipv4.tcp_rmem = 4096 65536 134217728\n");
  fs.add_file("/run/sysctl.d/40-d.conf", "net.ipv4.tcp_rmem = 4096 65536 0134217728\n");
  SysctlProvenance p = sysctl_provenance(fs, "net.ipv4.tcp_rmem");
  REQUIRE(p.winner);
  CHECK(p.winner->file == "/run/sysctl.d/40-d.conf");
  REQUIRE(p.conflicts.size() == 2);
  CHECK(p.conflicts[0].file == "/usr/lib/sysctl.d/10-a.conf");
  CHECK(p.conflicts[0].line == 1);
  CHECK(p.conflicts[0].value == "4096 87380 6291456");
  CHECK(p.conflicts[1].file == "/etc/sysctl.d/20-b.conf");

  Persisted persisted = to_persisted(p);
  CHECK(persisted.value == "4096 65536 0134217728");
  CHECK(persisted.file == "/run/sysctl.d/40-d.conf");
  CHECK(persisted.line == 1);
  CHECK(persisted.conflicts.size() == 2);
}

TEST_CASE("sysctl provenance: an explicit key beats globs; exclusions unset") {
  MemoryHostFs fs;
  fs.add_file("/etc/sysctl.d/10-rp.conf",
              "net.ipv4.conf.eth0.rp_filter = 1\n"
              "-net.ipv4.conf.lo.rp_filter\n");
  fs.add_file("/etc/sysctl.d/90-glob.conf", "net.ipv4.conf.*.rp_filter = 2\n");
  SysctlConfigIndex index = SysctlConfigIndex::build(fs);
  SysctlProvenance eth0 = index.lookup("net.ipv4.conf.eth0.rp_filter");
  REQUIRE(eth0.winner);
  CHECK(eth0.winner->value == "1");  // although the glob comes later
  CHECK(eth0.conflicts.empty());
  SysctlProvenance eth1 = index.lookup("net.ipv4.conf.eth1.rp_filter");
  REQUIRE(eth1.winner);
  CHECK(eth1.winner->file == "/etc/sysctl.d/90-glob.conf");
  CHECK_FALSE(index.lookup("net.ipv4.conf.lo.rp_filter").winner);
}

TEST_CASE("sysctl provenance: unreadable files are reported, not fatal") {
  MemoryHostFs fs;
  fs.add_file("/etc/sysctl.d/10-ok.conf", "vm.swappiness = 10\nnonsense\n");
  fs.add_error("/etc/sysctl.d/20-secret.conf", EACCES);
  SysctlConfigIndex index = SysctlConfigIndex::build(fs);
  SysctlProvenance p = index.lookup("vm.swappiness");
  REQUIRE(p.winner);
  CHECK(p.winner->value == "10");
  REQUIRE(p.unreadable.size() == 1);
  CHECK(p.unreadable[0].find("20-secret.conf") != std::string::npos);
  REQUIRE(index.problems().size() == 1);
  CHECK(index.problems()[0].file == "/etc/sysctl.d/10-ok.conf");
  CHECK(index.problems()[0].line == 2);
}

TEST_CASE("sysctl provenance: no configuration at all") {
  MemoryHostFs fs;
  SysctlProvenance p = sysctl_provenance(fs, "vm.swappiness");
  CHECK_FALSE(p.winner);
  CHECK(p.conflicts.empty());
  CHECK(p.unreadable.empty());
  Persisted persisted = to_persisted(p);
  CHECK_FALSE(persisted.value);
  CHECK(persisted.file.empty());
}

TEST_CASE("sysctl provenance: baremetal-2s fixture") {
  auto fs = make_disk_host_fs(VTUNE_FIXTURES_DIR "/hosts/baremetal-2s");
  SysctlConfigIndex index = SysctlConfigIndex::build(*fs);
  SysctlProvenance p = index.lookup("net.core.somaxconn");
  REQUIRE(p.winner);
  CHECK(p.winner->file == "/etc/sysctl.d/90-local.conf");
  CHECK(p.winner->value == "4096");
  REQUIRE(p.conflicts.size() == 1);
  CHECK(p.conflicts[0].file == "/etc/sysctl.d/10-tuning.conf");
  CHECK(p.conflicts[0].line == 2);
  CHECK(p.conflicts[0].value == "1024");
  // 99-sysctl.conf links to ../sysctl.conf, which is applied once, last.
  CHECK(index.files().back() == "/etc/sysctl.conf");
  CHECK(std::count(index.files().begin(), index.files().end(), "/etc/sysctl.d/99-sysctl.conf") ==
        0);
  CHECK(index.lookup("kernel.pid_max").winner->file == "/usr/lib/sysctl.d/50-pid-max.conf");
}

TEST_CASE("sysctl provenance: kvm-host fixture masks the vendor pid_max file") {
  auto fs = make_disk_host_fs(VTUNE_FIXTURES_DIR "/hosts/kvm-host");
  SysctlConfigIndex index = SysctlConfigIndex::build(*fs);
  CHECK_FALSE(index.lookup("kernel.pid_max").winner);  // run/sysctl.d/50-pid-max.conf -> /dev/null
  SysctlProvenance numa = index.lookup("kernel.numa_balancing");
  REQUIRE(numa.winner);
  CHECK(numa.winner->file == "/usr/local/lib/sysctl.d/60-kvm-host.conf");
  CHECK(numa.winner->value == "1");
}

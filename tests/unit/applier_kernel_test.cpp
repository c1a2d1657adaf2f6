// Sysctl, sysfs and modprobe appliers: read, validate, equal and persisted on fixture hosts
// and on in-memory hosts for the failures a fixture tree cannot give.
#include <doctest/doctest.h>

#include <memory>

#include "appliers/modprobe_conf.h"
#include "appliers/registry.h"
#include "appliers/sysfs_applier.h"
#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/collect.h"

#include "tests/unit/applier_test_hosts.h"

using namespace vtune;
using namespace vtune::test;

TEST_CASE("sysctl applier: baremetal-2s") {
  FixtureHost host("baremetal-2s");
  const Applier& a = host.set.applier_for(KnobKind::Sysctl);

  Result<KnobValue> somaxconn = a.read(knob("sysctl:net.core.somaxconn"));
  REQUIRE(somaxconn);
  CHECK(somaxconn->value == "4096");
  CHECK(a.equal(knob("sysctl:net.core.somaxconn"), somaxconn->value, 4096));
  CHECK(a.equal(knob("sysctl:net.core.somaxconn"), somaxconn->value, "4096"));
  CHECK_FALSE(a.equal(knob("sysctl:net.core.somaxconn"), somaxconn->value, 65535));

  Knob rmem = knob("sysctl:net.ipv4.tcp_rmem");
  Result<KnobValue> tcp_rmem = a.read(rmem);
  REQUIRE(tcp_rmem);
  CHECK(tcp_rmem->value == "4096 131072 6291456");
  CHECK(tcp_rmem->raw == "4096\t131072\t6291456");  // the kernel's tabs
  CHECK(a.equal(rmem, tcp_rmem->value, Json::array({4096, 131072, 6291456})));
  CHECK(a.equal(rmem, tcp_rmem->value, "4096  131072 6291456"));
  CHECK_FALSE(a.equal(rmem, tcp_rmem->value, Json::array({4096, 65536, 134217728})));

  std::optional<Persisted> p = a.persisted(knob("sysctl:net.core.somaxconn"));
  REQUIRE(p);
  CHECK(p->value == "4096");
  CHECK(p->file == "/etc/sysctl.d/90-local.conf");
  CHECK(p->line == 2);
  REQUIRE(p->conflicts.size() == 1);
  CHECK(p->conflicts[0].file == "/etc/sysctl.d/10-tuning.conf");
  CHECK(p->conflicts[0].value == "1024");
  // Asking again uses the same index.
  CHECK(a.persisted(knob("sysctl:kernel.pid_max"))->file == "/usr/lib/sysctl.d/50-pid-max.conf");
  CHECK_FALSE(a.persisted(knob("sysctl:vm.swappiness"))->value);
}

TEST_CASE("sysctl applier: validate enforces kernel limits") {
  MemoryHost host;
  host.fs.add_file("/proc/sys/net/ipv4/ip_unprivileged_port_start", "1024\n");
  const Applier& a = host.set.applier_for(KnobKind::Sysctl);
  auto problem = [&](const char* k, const Json& v) { return a.validate(knob(k), v); };

  CHECK_FALSE(problem("sysctl:net.core.somaxconn", 65535));
  CHECK_FALSE(problem("sysctl:net.core.somaxconn", 2147483647));
  CHECK(problem("sysctl:net.core.somaxconn", 2147483648LL));
  CHECK(problem("sysctl:net.core.somaxconn", "many"));
  CHECK_FALSE(problem("sysctl:fs.nr_open", 1048576));
  CHECK_FALSE(problem("sysctl:fs.nr_open", 2147483584));
  CHECK(problem("sysctl:fs.nr_open", 2147483585LL));
  CHECK(problem("sysctl:fs.nr_open", 63));
  CHECK_FALSE(problem("sysctl:kernel.pid_max", 4194304));
  CHECK(problem("sysctl:kernel.pid_max", 4194305));
  CHECK(problem("sysctl:vm.swappiness", 201));

  CHECK_FALSE(problem("sysctl:net.ipv4.tcp_rmem", Json::array({4096, 65536, 134217728})));
  CHECK_FALSE(problem("sysctl:net.ipv4.tcp_wmem", "4096 65536 134217728"));
  CHECK(problem("sysctl:net.ipv4.tcp_rmem", Json::array({4096, 65536}))->find("three") !=
        std::string::npos);
  CHECK(problem("sysctl:net.ipv4.tcp_wmem", "4096 1024 8192")->find("ascending") !=
        std::string::npos);
  CHECK(problem("sysctl:net.ipv4.tcp_rmem", "0 1 2"));

  CHECK_FALSE(problem("sysctl:net.ipv4.ip_local_port_range", "1024 65535"));
  CHECK_FALSE(problem("sysctl:net.ipv4.ip_local_port_range", Json::array({32768, 60999})));
  CHECK(problem("sysctl:net.ipv4.ip_local_port_range", "0 100"));
  CHECK(problem("sysctl:net.ipv4.ip_local_port_range", "2000 1000"));
  CHECK(problem("sysctl:net.ipv4.ip_local_port_range", "1024 65536"));
  CHECK(problem("sysctl:net.ipv4.ip_local_port_range", "1000 2000")->find("straddle") !=
        std::string::npos);

  CHECK(problem("sysctl:vm.swappiness", Json::object({{"a", 1}})));
  CHECK(problem("sysctl:vm.swappiness", ""));
  CHECK_FALSE(problem("sysctl:net.core.default_qdisc", "fq"));
  CHECK(a.validate(Knob{KnobKind::Sysctl, "../../etc", ""}, 1));
}

TEST_CASE("sysctl applier: rps_sock_flow_entries reads back rounded to a power of two") {
  MemoryHost host;
  const Applier& a = host.set.applier_for(KnobKind::Sysctl);
  Knob k = knob("sysctl:net.core.rps_sock_flow_entries");
  CHECK(a.equal(k, "32768", 20000));
  CHECK(a.equal(k, "32768", 32768));
  CHECK_FALSE(a.equal(k, "16384", 20000));
  CHECK(a.validate(k, (1LL << 29) + 1));
}

TEST_CASE("sysctl applier: read failures carry errno and path") {
  MemoryHost host;
  host.fs.add_error("/proc/sys/kernel/secret", EACCES);
  const Applier& a = host.set.applier_for(KnobKind::Sysctl);
  Result<KnobValue> denied = a.read(knob("sysctl:kernel.secret"));
  REQUIRE_FALSE(denied);
  CHECK(denied.error().err == EACCES);
  CHECK(denied.error().path.find("/proc/sys/kernel/secret") != std::string::npos);
  Result<KnobValue> missing = a.read(knob("sysctl:net.core.no_such_key"));
  REQUIRE_FALSE(missing);
  CHECK(missing.error().err == ENOENT);
  Result<KnobValue> invalid = a.read(Knob{KnobKind::Sysctl, "net/../../etc", ""});
  REQUIRE_FALSE(invalid);
  CHECK(invalid.error().err == EINVAL);
}

TEST_CASE("sysfs applier: bracket choices on baremetal-2s") {
  FixtureHost host("baremetal-2s");
  const Applier& a = host.set.applier_for(KnobKind::Sysfs);
  Knob sched = knob("sysfs:/sys/block/nvme0n1/queue/scheduler");
  Result<KnobValue> v = a.read(sched);
  REQUIRE(v);
  CHECK(v->value == "none");
  CHECK(v->raw == "[none] mq-deadline");
  CHECK(a.equal(sched, v->value, "none"));
  CHECK_FALSE(a.equal(sched, v->value, "mq-deadline"));
  CHECK_FALSE(a.validate(sched, "mq-deadline"));
  std::optional<std::string> bfq = a.validate(sched, "bfq");
  REQUIRE(bfq);
  CHECK(bfq->find("not offered") != std::string::npos);

  Knob thp = knob("sysfs:/sys/kernel/mm/transparent_hugepage/enabled");
  CHECK(a.read(thp)->value == "madvise");
  CHECK_FALSE(a.validate(thp, "never"));
  CHECK(a.validate(thp, "sometimes"));

  CHECK(a.read(knob("sysfs:/sys/block/nvme0n1/queue/no_such_file")).error().err == ENOENT);
}

TEST_CASE("sysfs applier: a glob reads equal only when every match is") {
  FixtureHost host("baremetal-2s");
  const Applier& a = host.set.applier_for(KnobKind::Sysfs);
  Knob gov = knob("sysfs:/sys/devices/system/cpu/cpufreq/policy*/scaling_governor");
  Result<std::vector<std::string>> paths = expand_sysfs(host.backend.fs(), gov.subject);
  REQUIRE(paths);
  CHECK(paths->size() == host.facts["cpu"]["threads"].get<size_t>());
  CHECK(paths->front() == "/sys/devices/system/cpu/cpufreq/policy0/scaling_governor");
  Result<KnobValue> v = a.read(gov);
  REQUIRE(v);
  CHECK(v->value == "powersave");
  CHECK(a.equal(gov, v->value, "powersave"));
  CHECK_FALSE(a.equal(gov, v->value, "performance"));

  MemoryHost mem;
  mem.fs.add_file("/sys/devices/system/cpu/cpufreq/policy0/scaling_governor", "performance\n");
  mem.fs.add_file("/sys/devices/system/cpu/cpufreq/policy1/scaling_governor", "powersave\n");
  mem.fs.add_file("/sys/devices/system/cpu/cpufreq/boost", "1\n");
  const Applier& m = mem.set.applier_for(KnobKind::Sysfs);
  Result<KnobValue> mixed = m.read(gov);
  REQUIRE(mixed);
  REQUIRE(mixed->value.is_object());
  CHECK(mixed->value["/sys/devices/system/cpu/cpufreq/policy1/scaling_governor"] == "powersave");
  CHECK_FALSE(m.equal(gov, mixed->value, "performance"));
  CHECK(m.equal(gov, Json::object({{"/a", "performance"}, {"/b", "performance"}}), "performance"));

  Result<KnobValue> none =
      m.read(knob("sysfs:/sys/devices/system/cpu/cpufreq/policy*/energy_bias"));
  REQUIRE_FALSE(none);
  CHECK(none.error().err == ENOENT);
}

TEST_CASE("sysfs applier: unreadable attribute") {
  MemoryHost mem;
  mem.fs.add_error("/sys/kernel/mm/transparent_hugepage/defrag", EACCES);
  const Applier& a = mem.set.applier_for(KnobKind::Sysfs);
  Knob k = knob("sysfs:/sys/kernel/mm/transparent_hugepage/defrag");
  Result<KnobValue> v = a.read(k);
  REQUIRE_FALSE(v);
  CHECK(v.error().err == EACCES);
  CHECK(a.validate(k, "never"));
  CHECK_FALSE(a.read(Knob{KnobKind::Sysfs, "/sys/../etc/shadow", ""}));
}

TEST_CASE("modprobe.d: syntax") {
  ModprobeConfParse p = parse_modprobe_conf(
      "# comment\n"
      "options vmw-pvscsi cmd_per_lun=254 ring_pages=32\n"
      "blacklist pcspkr\n"
      "options e1000e InterruptThrottleRate=3000,3000 \\\n"
      "   debug\n"
      "options foo msg=\"a b\"\n"
      "options\n"
      "options bar =1\n"
      "options baz x=\"unterminated\n");
  REQUIRE(p.options.size() == 5);
  CHECK(p.options[0].module == "vmw_pvscsi");
  CHECK(p.options[0].param == "cmd_per_lun");
  CHECK(p.options[0].value == "254");
  CHECK(p.options[1].value == "32");
  CHECK(p.options[2].line == 4);
  CHECK(p.options[2].value == "3000,3000");
  CHECK(p.options[3].param == "debug");
  CHECK(p.options[3].line == 4);
  CHECK(p.options[3].value.empty());
  CHECK(p.options[4].value == "a b");
  REQUIRE(p.problems.size() == 3);
  CHECK(p.problems[0].line == 7);
  CHECK(p.problems[1].line == 8);
  CHECK(p.problems[2].line == 9);
}

TEST_CASE("modprobe applier: vmware-guest") {
  FixtureHost host("vmware-guest");
  const Applier& a = host.set.applier_for(KnobKind::Modprobe);
  Knob lun = knob("modprobe:vmw_pvscsi:cmd_per_lun");
  Knob ring = knob("modprobe:vmw_pvscsi:ring_pages");
  CHECK(a.read(lun)->value == "254");
  Result<KnobValue> pages = a.read(ring);
  REQUIRE(pages);
  CHECK(pages->value == "8");
  CHECK(a.equal(lun, "254", 254));
  CHECK_FALSE(a.equal(ring, pages->value, 32));  // persisted, not yet loaded
  std::optional<Persisted> p = a.persisted(ring);
  REQUIRE(p);
  CHECK(p->value == "32");
  CHECK(p->file == "/etc/modprobe.d/vmw_pvscsi.conf");
  CHECK(p->line == 3);
  CHECK(p->conflicts.empty());
  // A module that is not loaded has no runtime value.
  Result<KnobValue> absent = a.read(knob("modprobe:nvme_core:io_timeout"));
  REQUIRE(absent);
  CHECK(absent->value.is_null());
  CHECK_FALSE(a.persisted(knob("modprobe:nvme_core:io_timeout"))->value);
}

TEST_CASE("modprobe applier: precedence, conflicts, booleans, malformed lines") {
  MemoryHost mem;
  mem.fs.add_file("/sys/module/kvm_intel/parameters/nested", "Y\n");
  mem.fs.add_error("/sys/module/kvm_intel/parameters/ept", EACCES);
  mem.fs.add_file("/lib/modprobe.d/10-vendor.conf", "options kvm_intel nested=0\n");
  mem.fs.add_file("/etc/modprobe.d/10-vendor.conf", "options kvm-intel nested=1\n");  // masks
  mem.fs.add_file("/lib/modprobe.d/20-dist.conf", "options kvm_intel nested=0 ept=1\n");
  mem.fs.add_file("/etc/modprobe.d/30-local.conf",
                  "options kvm_intel\n"
                  "options kvm_intel =oops\n"
                  "options kvm_intel nested=1\n");
  mem.fs.add_link("/run/modprobe.d/20-dist.conf", "/dev/null");
  mem.fs.add_file("/etc/modprobe.d/40-more.conf", "options kvm_intel nested=0\n");
  const Applier& a = mem.set.applier_for(KnobKind::Modprobe);
  Knob nested = knob("modprobe:kvm_intel:nested");

  Result<KnobValue> v = a.read(nested);
  REQUIRE(v);
  CHECK(v->value == "Y");
  CHECK(a.equal(nested, v->value, true));
  CHECK(a.equal(nested, v->value, 1));
  CHECK(a.equal(nested, v->value, "y"));
  CHECK_FALSE(a.equal(nested, v->value, "N"));
  CHECK_FALSE(a.equal(nested, Json(nullptr), "Y"));

  Result<KnobValue> ept = a.read(knob("modprobe:kvm_intel:ept"));
  REQUIRE_FALSE(ept);
  CHECK(ept.error().err == EACCES);

  std::optional<Persisted> p = a.persisted(nested);
  REQUIRE(p);
  CHECK(p->value == "0");
  CHECK(p->file == "/etc/modprobe.d/40-more.conf");
  REQUIRE(p->conflicts.size() == 2);  // 20-dist.conf is masked, the malformed lines skipped
  CHECK(p->conflicts[0].file == "/etc/modprobe.d/10-vendor.conf");
  CHECK(p->conflicts[1].file == "/etc/modprobe.d/30-local.conf");
  CHECK(p->conflicts[1].line == 3);

  CHECK_FALSE(a.validate(nested, 1));
  CHECK(a.validate(nested, "a\"b"));
  CHECK(a.validate(nested, Json(nullptr)));
}

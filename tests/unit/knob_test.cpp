#include <doctest/doctest.h>

#include "appliers/knob.h"

using namespace vtune;

TEST_CASE("knob: canonical strings round-trip") {
  const char* knobs[] = {
      "sysctl:net.core.rmem_max",
      "sysctl:fs.file-max",
      "sysfs:/sys/block/sda/queue/scheduler",
      "sysfs:/sys/devices/system/cpu/cpufreq/policy*/scaling_governor",
      "sysfs:/sys/bus/pci/devices/0000:18:00.0/sriov_numvfs",
      "ethtool:eno1:ring.rx",
      "ethtool:eno1:coalesce.rx_usecs",
      "ethtool:eno1:channels.combined",
      "ethtool:eno1:feature.rx-gro",
      "ethtool:eno1:feature.tx-udp_tnl-segmentation",
      "irq_affinity:eno1:3",
      "rps:eno1:3",
      "rps_flow:eno1:0",
      "xps:ens2f0:47",
      "daemon_json:log-opts.max-size",
      "daemon_json:default-ulimits.nofile.Soft",
      "daemon_json:a\\.b.c",
      "modprobe:vmw_pvscsi:cmd_per_lun",
      "vmx:/vmfs/volumes/datastore1/web01/web01.vmx:ethernet0.virtualDev",
      "vmx:/vmfs/volumes/datastore1/web01/web01.vmx:scsi0:1.virtualSSD",
  };
  for (const char* text : knobs) {
    CAPTURE(text);
    KnobParse p = parse_knob(text);
    REQUIRE_MESSAGE(p, p.error);
    CHECK(format_knob(*p.knob) == text);
    CHECK(knob_well_formed(*p.knob));
  }
}

TEST_CASE("knob: parts") {
  Knob k = *parse_knob("ethtool:eno1:ring.rx").knob;
  CHECK(k.kind == KnobKind::Ethtool);
  CHECK(k.subject == "eno1");
  CHECK(k.field == "ring.rx");

  k = *parse_knob("rps:eno1:12").knob;
  CHECK(k.kind == KnobKind::Rps);
  CHECK(knob_queue(k) == 12);

  // The .vmx key may hold ':' itself; the path ends at the first ".vmx:".
  k = *parse_knob("vmx:/vm/db01.vmx:scsi0:1.virtualSSD").knob;
  CHECK(k.subject == "/vm/db01.vmx");
  CHECK(k.field == "scsi0:1.virtualSSD");

  k = *parse_knob("sysctl:net.ipv4.tcp_rmem").knob;
  CHECK(k.subject == "net.ipv4.tcp_rmem");
  CHECK(k.field.empty());
}

TEST_CASE("knob: daemon.json key paths escape dots") {
  CHECK(daemon_json_path("log-opts.max-size") == std::vector<std::string>{"log-opts", "max-size"});
  CHECK(daemon_json_path("a\\.b.c") == std::vector<std::string>{"a.b", "c"});
  CHECK(daemon_json_path("back\\\\slash") == std::vector<std::string>{"back\\slash"});
  CHECK(format_daemon_json_path({"a.b", "c\\d"}) == "a\\.b.c\\\\d");
  CHECK(daemon_json_path(format_daemon_json_path({"x.y.z", "w"})) ==
        std::vector<std::string>{"x.y.z", "w"});
  CHECK(daemon_json_path("a..b").empty());
  CHECK(daemon_json_path("a.").empty());
  CHECK(daemon_json_path("a\\x").empty());
}

TEST_CASE("knob: rejects malformed knobs with a message") {
  struct Bad {
    const char* text;
    const char* says;
  };
  const Bad bad[] = {
      {"net.core.rmem_max", "KIND:"},
      {"sysctls:net.core.rmem_max", "unknown knob kind 'sysctls'"},
      {"sysctl:net..core", "invalid sysctl key"},
      {"sysctl:Net.Core", "invalid sysctl key"},
      {"sysctl:", "invalid sysctl key"},
      {"sysfs:/proc/sys/vm/swappiness", "must start with /sys/"},
      {"sysfs:/sys/block/../../etc/shadow", "'..'"},
      {"sysfs:/sys//block", "empty path component"},
      {"sysfs:/sys/block/sda/", "empty path component"},
      {"ethtool:eno1", "IF:GROUP.NAME"},
      {"ethtool:eno1:ring", "GROUP.NAME"},
      {"ethtool:eno1:ring.huge", "unknown ring field"},
      {"ethtool:eno1:channels.all", "unknown channels field"},
      {"ethtool:eno1:offload.tso", "unknown ethtool group"},
      {"ethtool:averyveryverylongname:ring.rx", "invalid interface name"},
      {"ethtool:e/1:ring.rx", "invalid interface name"},
      {"rps:eno1", "rps:IF:QUEUE"},
      {"rps:eno1:-1", "invalid queue index"},
      {"xps:eno1:01", "invalid queue index"},
      {"irq_affinity:eno1:x", "invalid queue index"},
      {"daemon_json:", "invalid daemon.json key path"},
      {"daemon_json:log-opts..max-size", "invalid daemon.json key path"},
      {"modprobe:vmw_pvscsi", "modprobe:MODULE:PARAM"},
      {"modprobe:vmw pvscsi:x", "invalid module name"},
      {"modprobe:vmw_pvscsi:", "invalid module parameter"},
      {"vmx:/vm/web01:numvcpus", "vmx:/PATH.vmx:KEY"},
      {"vmx:web01.vmx:numvcpus", "absolute"},
      {"vmx:/vm/web01.vmx:bad key", "invalid .vmx key"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.text);
    KnobParse p = parse_knob(b.text);
    CHECK_FALSE(p);
    CHECK_MESSAGE(p.error.find(b.says) != std::string::npos, p.error);
  }
}

TEST_CASE("knob: a hand-built knob is checked before use") {
  CHECK_FALSE(knob_well_formed(Knob{KnobKind::Sysfs, "/sys/../etc/passwd", ""}));
  CHECK_FALSE(knob_well_formed(Knob{KnobKind::Sysctl, "vm.swappiness", "extra"}));
  CHECK(knob_well_formed(Knob{KnobKind::Modprobe, "vmw_pvscsi", "ring_pages"}));
}

TEST_CASE("knob: knob_problem names what is wrong with a knob built from parts") {
  struct Bad {
    Knob knob;
    const char* says;
  };
  const Bad bad[] = {
      {{KnobKind::Ethtool, "", "ring.rx"}, "invalid interface name ''"},
      {{KnobKind::Rps, "eno1", ""}, "invalid queue index ''"},
      {{KnobKind::Xps, "a:b", "0"}, "invalid interface name 'a:b'"},
      {{KnobKind::Sysctl, "vm.swappiness", "x"}, "has no field"},
      {{KnobKind::DaemonJson, "a..b", ""}, "invalid daemon.json key path"},
      {{KnobKind::Modprobe, "", "x"}, "invalid module name"},
      // parse_knob cuts a vmx knob at the first ".vmx:": such a path would not read back.
      {{KnobKind::Vmx, "/vm/a.vmx:b/c.vmx", "numvcpus"}, "holds \".vmx:\""},
      {{KnobKind::Vmx, "/vm/a.txt", "numvcpus"}, "vmx:/PATH.vmx:KEY"},
      {{KnobKind::Vmx, "/vm/a.vmx", ""}, "invalid .vmx key"},
  };
  for (const Bad& b : bad) {
    CAPTURE(format_knob(b.knob));
    std::optional<std::string> why = knob_problem(b.knob);
    REQUIRE(why);
    CHECK_MESSAGE(why->find(b.says) != std::string::npos, *why);
    CHECK_FALSE(knob_well_formed(b.knob));
  }
  // Every well-formed knob reads back from its display form, ':' and escaped dots included.
  for (const Knob& k : {Knob{KnobKind::Vmx, "/vm/A.VMX", "scsi0:1.virtualSSD"},
                        Knob{KnobKind::DaemonJson, "runtimes.io\\.containerd\\.runc\\.v2", ""},
                        Knob{KnobKind::Sysfs, "/sys/devices/pci0000:00/0000:00:17.0/x", ""},
                        Knob{KnobKind::IrqAffinity, "eno1", "12"}}) {
    CAPTURE(format_knob(k));
    REQUIRE_FALSE(knob_problem(k));
    KnobParse p = parse_knob(format_knob(k));
    REQUIRE_MESSAGE(p, p.error);
    CHECK(*p.knob == k);
  }
}

TEST_CASE("knob: report areas") {
  auto area = [](const char* text) { return knob_area_name(knob_area(*parse_knob(text).knob)); };
  CHECK(area("sysctl:net.core.somaxconn") == "network");
  CHECK(area("sysctl:fs.nr_open") == "network");
  CHECK(area("sysctl:vm.swappiness") == "memory");
  CHECK(area("sysctl:kernel.numa_balancing") == "memory");
  CHECK(area("sysctl:fs.inotify.max_user_watches") == "containers");
  CHECK(area("sysctl:kernel.pid_max") == "containers");
  CHECK(area("sysctl:kernel.sched_autogroup_enabled") == "cpu");
  CHECK(area("sysfs:/sys/block/nvme0n1/queue/scheduler") == "storage");
  CHECK(area("sysfs:/sys/kernel/mm/transparent_hugepage/enabled") == "memory");
  CHECK(area("sysfs:/sys/devices/system/cpu/cpufreq/policy*/scaling_governor") == "cpu");
  CHECK(area("sysfs:/sys/devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/"
             "queue/nr_requests") == "storage");
  CHECK(area("sysfs:/sys/firmware/acpi/interrupts/gpe00") == "other");
  CHECK(area("ethtool:eno1:ring.rx") == "network");
  CHECK(area("xps:eno1:0") == "network");
  CHECK(area("daemon_json:live-restore") == "containers");
  CHECK(area("modprobe:vmw_pvscsi:cmd_per_lun") == "storage");
  CHECK(area("modprobe:kvm-intel:nested") == "virt");
  CHECK(area("vmx:/vm/a.vmx:numvcpus") == "vmx");
}

TEST_CASE("knob: kind names") {
  for (KnobKind k : kAllKnobKinds) CHECK(knob_kind_from_name(knob_kind_name(k)) == k);
  CHECK_FALSE(knob_kind_from_name("sysctl "));
}

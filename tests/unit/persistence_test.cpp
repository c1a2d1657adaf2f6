// plan_persistence: what each renderer writes for a small set of applied settings, the
// notes about files that still override vtune's, stable ordering, and nothing planned for a
// kind nothing was applied of.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "appliers/persist_boot.h"
#include "appliers/persistence.h"
#include "engine/core/memory_host_fs.h"

#include "tests/unit/applier_test_hosts.h"

using namespace vtune;
using namespace vtune::test;

namespace {

struct PersistHost {
  MemoryHostFs fs;
  Facts facts = Json::object();
  std::unique_ptr<EthtoolPort> ethtool = make_snapshot_ethtool(fs);
  ApplierContext ctx{fs, *ethtool, facts};
  PersistRecord record{"20240501T120000Z-1234", "2024-05-01T12:00:00Z", std::nullopt};

  PersistPlan plan(const std::vector<AppliedSetting>& applied,
                   std::string_view state = "/var/lib/vtune") {
    return plan_persistence(applied, "web", ctx, state, record);
  }
};

AppliedSetting applied(const std::string& k, Json value) {
  return AppliedSetting{knob(k), std::move(value), Target{}, "test.rule"};
}

const PersistFile* find_file(const PersistPlan& p, std::string_view path) {
  for (const PersistFile& f : p.files)
    if (f.path == path) return &f;
  return nullptr;
}

std::vector<std::string> paths(const PersistPlan& p) {
  std::vector<std::string> out;
  for (const PersistFile& f : p.files) out.push_back(f.path);
  return out;
}

constexpr std::string_view kSysctlHeader =
    "# Written by vtune, last for profile web: the sysctl values it applied,\n"
    "# set again at every boot by systemd-sysctl. vtune owns this file; `vtune rollback` puts\n"
    "# back what was here before. 90- sorts after the distribution's files and most local\n"
    "# ones, so these values win over theirs (vtune apply --persist names any that still\n"
    "# override one).\n";

constexpr std::string_view kUdevHeader =
    "# Written by vtune, last for profile web: the disk and NIC attributes it applied,\n"
    "# set again by udev whenever the device appears. vtune owns this file; `vtune rollback`\n"
    "# puts back what was here before.\n";

}  // namespace

TEST_CASE("persistence: sysctls go to 90-vtune.conf, sorted by key") {
  PersistHost h;
  PersistPlan p =
      h.plan({applied("sysctl:net.ipv4.tcp_rmem", Json::array({4096, 131072, 6291456})),
              applied("sysctl:net.core.somaxconn", 4096), applied("sysctl:vm.swappiness", "10")});
  CHECK(paths(p) ==
        std::vector<std::string>{"/etc/sysctl.d/90-vtune.conf", "/var/lib/vtune/profile.json"});
  const PersistFile* f = find_file(p, "/etc/sysctl.d/90-vtune.conf");
  REQUIRE(f);
  CHECK(f->bytes == std::string(kSysctlHeader) +
                        "net.core.somaxconn = 4096\n"
                        "net.ipv4.tcp_rmem = 4096 131072 6291456\n"
                        "vm.swappiness = 10\n");
  CHECK(f->mode == 0644);
  CHECK(p.links.empty());
  CHECK(p.notes.empty());
  CHECK(find_file(p, "/var/lib/vtune/profile.json")->bytes ==
        "{\n"
        "  \"schema_version\": 1,\n"
        "  \"profile\": \"web\",\n"
        "  \"time\": \"2024-05-01T12:00:00Z\",\n"
        "  \"transaction\": \"20240501T120000Z-1234\"\n"
        "}\n");
}

TEST_CASE("persistence: a later sysctl.d file that sets the key differently is named") {
  PersistHost h;
  h.fs.add_file("/etc/sysctl.d/99-local.conf",
                "# local\nfs.file-max = 1\nnet.core.somaxconn = 128\n");
  h.fs.add_file("/usr/lib/sysctl.d/50-default.conf", "net.core.somaxconn = 64\n");  // before ours
  h.fs.add_file("/etc/sysctl.d/95-same.conf", "net.core.somaxconn=4096\n");         // agrees
  h.fs.add_file("/run/sysctl.d/97-glob.conf", "net.core.* = 7\n");  // a glob never overrides
  h.fs.add_file("/etc/sysctl.conf", "-vm.swappiness\n");            // applied last
  h.fs.add_link("/etc/sysctl.d/99-sysctl.conf", "../sysctl.conf");  // Debian: not twice
  PersistPlan p =
      h.plan({applied("sysctl:net.core.somaxconn", 4096), applied("sysctl:vm.swappiness", 10)});
  CHECK(p.notes == std::vector<std::string>{
                       "net.core.somaxconn: /etc/sysctl.d/99-local.conf:3 sets 128, which "
                       "overrides 90-vtune.conf at boot",
                       "vm.swappiness: /etc/sysctl.conf:1 excludes the key, so 90-vtune.conf "
                       "does not set it at boot"});
}

TEST_CASE("persistence: an earlier run's keys stay in 90-vtune.conf unless set again") {
  PersistHost h;
  h.fs.add_file(
      "/etc/sysctl.d/90-vtune.conf",
      "# Written by vtune, last for profile db\nvm.swappiness = 1\nnet.core.somaxconn = 1\n");
  PersistPlan p = h.plan({applied("sysctl:net.core.somaxconn", 4096)});
  CHECK(find_file(p, "/etc/sysctl.d/90-vtune.conf")->bytes ==
        std::string(kSysctlHeader) + "net.core.somaxconn = 4096\nvm.swappiness = 1\n");
  CHECK(p.notes.empty());  // our own file is not an override
}

TEST_CASE("persistence: disk and NIC attributes become udev rules, by the stablest name") {
  PersistHost h;
  h.fs.add_file("/sys/block/sda/dev", "8:0\n");
  h.fs.add_file("/run/udev/data/b8:0",
                "S:disk/by-id/wwn-0x5000c500a1b2c3d4\nE:ID_WWN=0x5000c500a1b2c3d4\n"
                "E:ID_SERIAL=ST4000NM0035_ZC1234\n");
  h.fs.add_file("/sys/block/vdb/dev", "252:16\n");
  h.fs.add_file("/run/udev/data/b252:16", "E:ID_WWN=0x1\n");  // no serial: the WWN
  h.facts["disks"] = Json::array({{{"name", "nvme0n1"}, {"wwn", "eui.0025388b71b0c5a1"}}});
  h.facts["nics"] = Json::array({{{"name", "eth0"}, {"mac", "52:54:00:12:34:56"}}});
  PersistPlan p = h.plan({applied("sysfs:/sys/block/sda/queue/nr_requests", 256),
                          applied("sysfs:/sys/block/sda/queue/scheduler", "mq-deadline"),
                          applied("sysfs:/sys/block/sdc/device/queue_depth", 64),
                          applied("sysfs:/sys/block/vdb/queue/read_ahead_kb", 4096),
                          applied("sysfs:/sys/block/nvme0n1/queue/scheduler", "none"),
                          applied("sysfs:/sys/class/net/eth0/tx_queue_len", 10000),
                          applied("sysfs:/sys/class/net/eth1/gro_flush_timeout", 20000)});
  CHECK(paths(p) == std::vector<std::string>{"/etc/udev/rules.d/90-vtune.rules",
                                             "/var/lib/vtune/profile.json"});
  CHECK(
      find_file(p, "/etc/udev/rules.d/90-vtune.rules")->bytes ==
      std::string(kUdevHeader) +
          "ACTION==\"add\", SUBSYSTEM==\"net\", ATTR{address}==\"52:54:00:12:34:56\", "
          "ENV{DEVTYPE}==\"\", ATTR{tx_queue_len}=\"10000\"\n"
          "ACTION==\"add\", SUBSYSTEM==\"net\", KERNEL==\"eth1\", "
          "ATTR{gro_flush_timeout}=\"20000\"\n"
          "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{ID_SERIAL}==\"ST4000NM0035_ZC1234\", "
          "ENV{DEVTYPE}==\"disk\", ATTR{queue/scheduler}=\"mq-deadline\"\n"
          "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{ID_SERIAL}==\"ST4000NM0035_ZC1234\", "
          "ENV{DEVTYPE}==\"disk\", ATTR{queue/nr_requests}=\"256\"\n"
          "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{ID_WWN}==\"0x1\", "
          "ENV{DEVTYPE}==\"disk\", ATTR{queue/read_ahead_kb}=\"4096\"\n"
          "ACTION==\"add|change\", SUBSYSTEM==\"block\", ENV{ID_WWN}==\"eui.0025388b71b0c5a1\", "
          "ENV{DEVTYPE}==\"disk\", ATTR{queue/scheduler}=\"none\"\n"
          "ACTION==\"add|change\", SUBSYSTEM==\"block\", KERNEL==\"sdc\", "
          "ENV{DEVTYPE}==\"disk\", ATTR{device/queue_depth}=\"64\"\n");
  CHECK(p.links.empty());
}

TEST_CASE("persistence: ethtool, IRQ, RPS/XPS and non-device sysfs go to boot.json") {
  PersistHost h;
  PersistPlan p =
      h.plan({applied("xps:eth0:0", "1"), applied("ethtool:eth0:ring.rx", 4096),
              applied("rps:eth0:0", "ff"), applied("ethtool:eth0:channels.combined", 8),
              applied("irq_affinity:eth0:1", "2"),
              applied("sysfs:/sys/kernel/mm/transparent_hugepage/enabled", "madvise"),
              applied("ethtool:eth0:feature.rx-gro", true), applied("rps_flow:eth0:0", 4096),
              applied("modprobe:kvm:nested", 1), applied("daemon_json:debug", true)});
  CHECK(paths(p) == std::vector<std::string>{"/etc/systemd/system/vtune-apply.service",
                                             "/var/lib/vtune/boot.json",
                                             "/var/lib/vtune/profile.json"});
  CHECK(find_file(p, "/etc/systemd/system/vtune-apply.service")->bytes == boot_unit_text());
  CHECK(find_file(p, "/var/lib/vtune/boot.json")->bytes ==
        R"({
  "schema_version": 1,
  "profile": "web",
  "settings": [
    {
      "knob": "sysfs:/sys/kernel/mm/transparent_hugepage/enabled",
      "value": "madvise"
    },
    {
      "knob": "ethtool:eth0:channels.combined",
      "value": 8
    },
    {
      "knob": "ethtool:eth0:feature.rx-gro",
      "value": true
    },
    {
      "knob": "ethtool:eth0:ring.rx",
      "value": 4096
    },
    {
      "knob": "irq_affinity:eth0:1",
      "value": "2"
    },
    {
      "knob": "rps:eth0:0",
      "value": "ff"
    },
    {
      "knob": "rps_flow:eth0:0",
      "value": 4096
    },
    {
      "knob": "xps:eth0:0",
      "value": "1"
    }
  ]
}
)");
  REQUIRE(p.links.size() == 1);
  CHECK(p.links[0].path == "/etc/systemd/system/multi-user.target.wants/vtune-apply.service");
  CHECK(p.links[0].target == "/etc/systemd/system/vtune-apply.service");
  CHECK(p.notes.empty());
}

TEST_CASE("persistence: the packaged unit is enabled, not copied; earlier boot settings stay") {
  PersistHost h;
  h.fs.add_file("/lib/systemd/system/vtune-apply.service", std::string(boot_unit_text()));
  h.record.previous_boot =
      R"({"schema_version":1,"profile":"db","settings":[{"knob":"ethtool:eth0:ring.rx","value":512},)"
      R"({"knob":"ethtool:eth1:ring.tx","value":1024},{"knob":"not a knob","value":1}]})";
  PersistPlan p = h.plan({applied("ethtool:eth0:ring.rx", 4096)}, "/tmp/state");
  CHECK(paths(p) == std::vector<std::string>{"/tmp/state/boot.json", "/tmp/state/profile.json"});
  Json boot = Json::parse(find_file(p, "/tmp/state/boot.json")->bytes);
  CHECK(boot["settings"] == Json::parse(R"([{"knob":"ethtool:eth0:ring.rx","value":4096},
                                            {"knob":"ethtool:eth1:ring.tx","value":1024}])"));
  REQUIRE(p.links.size() == 1);
  CHECK(p.links[0].target == "/lib/systemd/system/vtune-apply.service");
  REQUIRE(p.notes.size() == 1);
  CHECK(p.notes[0].find("/tmp/state") != std::string::npos);

  // Enabled already: no link is planned again.
  h.fs.add_link("/etc/systemd/system/multi-user.target.wants/vtune-apply.service",
                "/lib/systemd/system/vtune-apply.service");
  CHECK(h.plan({applied("ethtool:eth0:ring.rx", 4096)}).links.empty());
}

TEST_CASE("persistence: nothing is planned for what was not applied; the order is stable") {
  PersistHost h;
  CHECK(h.plan({}).files.empty());
  PersistPlan own =
      h.plan({applied("modprobe:kvm:nested", 1), applied("vmx:/vm/a.vmx:numvcpus", 2)});
  CHECK(paths(own) == std::vector<std::string>{"/var/lib/vtune/profile.json"});
  CHECK(own.links.empty());

  std::vector<AppliedSetting> set = {
      applied("rps:eth0:1", "3"), applied("sysfs:/sys/block/sda/queue/scheduler", "none"),
      applied("sysctl:vm.swappiness", 10), applied("ethtool:eth0:ring.rx", 4096),
      applied("sysctl:net.core.somaxconn", 4096)};
  PersistPlan a = h.plan(set);
  std::reverse(set.begin(), set.end());
  PersistPlan b = h.plan(set);
  CHECK(paths(a) ==
        std::vector<std::string>{"/etc/sysctl.d/90-vtune.conf", "/etc/udev/rules.d/90-vtune.rules",
                                 "/etc/systemd/system/vtune-apply.service",
                                 "/var/lib/vtune/boot.json", "/var/lib/vtune/profile.json"});
  REQUIRE(paths(a) == paths(b));
  for (size_t i = 0; i < a.files.size(); ++i) CHECK(a.files[i].bytes == b.files[i].bytes);
}

TEST_CASE("persistence: the unit in packaging/ is the one vtune installs") {
  std::ifstream in(VTUNE_SOURCE_DIR "/packaging/vtune-apply.service", std::ios::binary);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == boot_unit_text());
  CHECK(text.str().find("ExecStart=/usr/bin/vtune apply --boot\n") != std::string::npos);
  CHECK(text.str().find("Type=oneshot\n") != std::string::npos);
  CHECK(text.str().find("RemainAfterExit=yes\n") != std::string::npos);
  CHECK(text.str().find("WantedBy=multi-user.target\n") != std::string::npos);
}

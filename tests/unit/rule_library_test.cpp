// The shipped rule library (rules/*.vtr): it checks clean, covers every PRACTICES.md entry,
// documents every rule, evaluates without errors on every fixture host, and gives the
// expected advice where a fixture host was built to provoke it.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/warnings.h"
#include "engine/facts/host_backend.h"
#include "engine/lang/evaluate.h"
#include "engine/lang/library.h"
#include "engine/report/rules_markdown.h"
#include "probes/collect.h"
#include "probes/sysctl_reader.h"

namespace vtune {
namespace {

const lang::RuleLibrary& shipped_library() {
  static const lang::RuleLibrary lib = [] {
    const std::string dir = std::string(VTUNE_SOURCE_DIR) + "/rules";
    // With the conflict finder, as `vtune lint` checks it.
    lang::CheckOptions options;
    options.conflicts = true;
    Result<lang::RuleLibrary> loaded =
        lang::load_library(std::span<const std::string>(&dir, 1), options);
    REQUIRE_MESSAGE(loaded.ok(), "cannot read " << dir);
    return std::move(loaded).value();
  }();
  return lib;
}

Facts host_facts(const std::string& host, std::vector<std::string> vmx_files = {}) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host);
  ProbeOptions options;
  options.vmx_files = std::move(vmx_files);
  Warnings warnings;
  return collect_facts(backend.host(), options, warnings);
}

const char* const kHosts[] = {"vmware-guest", "kvm-guest",      "baremetal-2s",
                              "kvm-host",     "container-host", "this-machine"};

struct Outcome {
  lang::Evaluation eval;

  // With every rule selected, profile variants set one knob several times: `rule` picks one.
  const lang::Setting* setting(std::string_view knob, std::string_view rule = {}) const {
    for (const lang::Setting& s : eval.settings)
      if (format_knob(s.knob) == knob && (rule.empty() || s.rule == rule)) return &s;
    return nullptr;
  }
  std::vector<const lang::Setting*> settings_of(std::string_view rule) const {
    std::vector<const lang::Setting*> out;
    for (const lang::Setting& s : eval.settings)
      if (s.rule == rule) out.push_back(&s);
    return out;
  }
  std::vector<std::string> advice(std::string_view rule) const {
    std::vector<std::string> out;
    for (const lang::Advisory& a : eval.advisories)
      if (a.rule == rule) out.push_back(a.text);
    return out;
  }
  bool advised(std::string_view rule, std::string_view needle) const {
    for (const std::string& t : advice(rule))
      if (t.find(needle) != std::string::npos) return true;
    return false;
  }
};

Outcome evaluate_host(const std::string& host, std::vector<std::string> vmx_files = {}) {
  const lang::RuleLibrary& lib = shipped_library();
  return {lang::evaluate_all(lib, host_facts(host, std::move(vmx_files)), {})};
}

std::string value_of(const Outcome& o, std::string_view knob, std::string_view rule = {}) {
  const lang::Setting* s = o.setting(knob, rule);
  return s ? s->value : "<no setting for " + std::string(knob) + ">";
}

}  // namespace

TEST_CASE("rule library: lints clean, conflicts included") {
  const lang::RuleLibrary& lib = shipped_library();
  INFO(render_diagnostics(lib.diagnostics, lib.sources));
  CHECK(lib.checked);
  CHECK_FALSE(lib.diagnostics.has_errors());
  CHECK(lib.rules.size() >= 60);
}

TEST_CASE("rule library: every sysctl a rule sets or reads is a watched fact") {
  // So `vtune facts` shows the current value of every key the library talks about.
  std::span<const std::string_view> watched = watched_sysctls();
  for (const std::string& key : shipped_library().sysctl_keys)
    CHECK_MESSAGE(std::find(watched.begin(), watched.end(), key) != watched.end(), key);
}

TEST_CASE("rule library: every PRACTICES.md entry is encoded") {
  std::set<std::string> encoded;
  for (const lang::RuleDecl* r : shipped_library().rules) encoded.insert(r->attrs.practice);
  std::vector<std::string> wanted;
  for (int i = 1; i <= 11; ++i) wanted.push_back("V" + std::to_string(i));
  for (int i = 1; i <= 12; ++i) wanted.push_back("N" + std::to_string(i));
  for (int i = 1; i <= 5; ++i) wanted.push_back("S" + std::to_string(i));
  for (int i = 1; i <= 5; ++i) wanted.push_back("M" + std::to_string(i));
  for (int i = 1; i <= 4; ++i) wanted.push_back("C" + std::to_string(i));
  for (int i = 1; i <= 3; ++i) wanted.push_back("A" + std::to_string(i));
  for (const std::string& p : wanted) {
    INFO("practice " << p);
    CHECK(encoded.count(p) == 1);
  }
  // And nothing claims an entry that does not exist.
  for (const std::string& p : encoded) {
    INFO("practice " << p);
    CHECK(std::find(wanted.begin(), wanted.end(), p) != wanted.end());
  }
}

TEST_CASE("rule library: every rule is documented") {
  const std::set<std::string> known_tags = {
      "base",   "web",  "network",  "throughput", "latency",      "storage",   "memory",
      "cpu",    "virt", "kvm-host", "guest",      "vmware",       "kvm-guest", "container",
      "docker", "vmx",  "big-data", "compliance", "anti-practice"};
  for (const lang::RuleDecl* r : shipped_library().rules) {
    INFO("rule " << r->id);
    CHECK_FALSE(r->title.empty());
    CHECK_FALSE(r->attrs.severity.empty());
    CHECK_FALSE(r->attrs.reference.empty());
    CHECK_FALSE(r->attrs.rationale.empty());
    CHECK_FALSE(r->attrs.practice.empty());
    CHECK_FALSE(r->attrs.disruption.empty());
    CHECK(r->attrs.reboot.has_value());
    CHECK_FALSE(r->attrs.tags.empty());
    for (const std::string& t : r->attrs.tags) {
      INFO("tag " << t);
      CHECK(known_tags.count(t) == 1);
    }
  }
}

TEST_CASE("rule library: every rule evaluates on every fixture host") {
  for (const char* host : kHosts) {
    Outcome o = evaluate_host(host);
    for (const lang::EvalError& e : o.eval.errors) {
      INFO("host " << host << ", rule " << e.rule);
      FAIL_CHECK(e.message);
    }
  }
}

TEST_CASE("rule library: vmware-guest gets paravirtual device advice and PVSCSI queues") {
  Outcome o = evaluate_host("vmware-guest");
  // V4: the emulated e1000 NIC, and only it.
  CHECK(o.advised("virt.v4-vmxnet3", "ens224"));
  CHECK_FALSE(o.advised("virt.v4-vmxnet3", "ens192"));
  // V8: module parameters for vmw_pvscsi, persisted through modprobe.d.
  CHECK(value_of(o, "modprobe:vmw_pvscsi:cmd_per_lun") == "254");
  CHECK(value_of(o, "modprobe:vmw_pvscsi:ring_pages") == "32");
  // S4 within the adapter limit; S1 for the PVSCSI disks although they report rotational,
  // and never S2.
  CHECK(value_of(o, "sysfs:/sys/block/sda/device/queue_depth") == "64");
  CHECK(value_of(o, "sysfs:/sys/block/sdb/queue/scheduler") == "none");
  CHECK(o.settings_of("storage.s2-scheduler-rotational").empty());
  // irqbalance runs there, so no hand pinning (N8).
  CHECK(o.settings_of("nic.n8-irq-affinity").empty());
}

TEST_CASE("rule library: kvm-guest gets virtio advice and multiqueue settings") {
  Outcome o = evaluate_host("kvm-guest");
  CHECK(o.advised("virt.v7-virtio-disk", "sda"));
  CHECK_FALSE(o.advised("virt.v7-virtio-disk", "vda"));
  CHECK(value_of(o, "sysfs:/sys/block/vda/queue/scheduler") == "none");
  // virtio-scsi is paravirtual too (its host driver, not the PCI function's virtio-pci).
  CHECK(value_of(o, "sysfs:/sys/block/sdb/queue/scheduler") == "none");
  // The emulated AHCI disk spins; dm-0 lists only "none" and gets no scheduler at all.
  CHECK(value_of(o, "sysfs:/sys/block/sda/queue/scheduler") == "mq-deadline");
  CHECK(o.setting("sysfs:/sys/block/dm-0/queue/scheduler") == nullptr);
  // N5: 4 of 8 channels in use, 8 CPUs, no NUMA node reported: all 8.
  CHECK(value_of(o, "ethtool:eth0:channels.combined") == "8");
  // N8 pins queue interrupts only: the config vector (index 0) is left alone.
  CHECK(o.setting("irq_affinity:eth0:0") == nullptr);
  CHECK(value_of(o, "irq_affinity:eth0:1") == "0");
}

TEST_CASE("rule library: baremetal-2s schedulers, rings and channels") {
  Outcome o = evaluate_host("baremetal-2s");
  // S1/S2: already compliant values are still desired settings.
  CHECK(value_of(o, "sysfs:/sys/block/nvme0n1/queue/scheduler") == "none");
  CHECK(value_of(o, "sysfs:/sys/block/nvme1n1/queue/scheduler") == "none");
  CHECK(value_of(o, "sysfs:/sys/block/sda/queue/scheduler") == "mq-deadline");
  // N5: mlx5 uses 8 of 48 channels; node 1 has 48 CPUs.
  CHECK(value_of(o, "ethtool:ens2f0:channels.combined") == "48");
  // ixgbe already uses all 64 of its channels.
  CHECK(o.setting("ethtool:eno1:channels.combined") == nullptr);
  // N10: rings grow to min(max, 4096).
  CHECK(value_of(o, "ethtool:eno1:ring.rx") == "4096");
  CHECK(value_of(o, "ethtool:ens2f0:ring.rx") == "4096");
  // N8 with irqbalance off: the mlx5 completion vectors go to node 1's CPUs in order, after
  // the async vector (index 0).
  CHECK(value_of(o, "irq_affinity:ens2f0:1") == "24");
  CHECK(value_of(o, "irq_affinity:ens2f0:25") == "72");
  // M4: the powersave governor is replaced.
  CHECK(value_of(o, "sysfs:/sys/devices/system/cpu/cpufreq/policy*/scaling_governor") ==
        "performance");
  // The IOMMU is on: no V3/N12 advice.
  CHECK(o.advice("nic.n12-sriov-iommu").empty());
}

TEST_CASE("rule library: kvm-host gets the IOMMU advice and KVM memory policy") {
  Outcome o = evaluate_host("kvm-host");
  CHECK(o.advised("virt.v3-iommu-intel", "intel_iommu=on iommu=pt"));
  // N12: enp1s0f0 can do SR-IOV but has no VFs enabled: no reboot advice unless VFs are
  // wanted (the virtualization-host profile's sriov_wanted).
  CHECK(o.advice("nic.n12-sriov-iommu").empty());
  lang::ParamValues wanted{{"sriov_wanted", true}};
  lang::Evaluation with_vfs =
      lang::evaluate_all(shipped_library(), host_facts("kvm-host", {}), wanted);
  bool advised = false;
  for (const lang::Advisory& a : with_vfs.advisories)
    advised |= a.rule == "nic.n12-sriov-iommu" && a.text.find("enp1s0f0") != std::string::npos;
  CHECK(advised);
  CHECK(value_of(o, "sysfs:/sys/kernel/mm/ksm/run") == "0");
  CHECK(value_of(o, "sysctl:kernel.numa_balancing", "virt.v11-numa-balancing") == "1");
  CHECK(value_of(o, "sysfs:/sys/kernel/mm/transparent_hugepage/enabled", "virt.v11-thp-always") ==
        "always");
  bool ept_checked = false;
  for (const lang::CheckResult& c : o.eval.checks)
    if (c.rule == "virt.v2-kvm-ept") ept_checked = c.passed;
  CHECK(ept_checked);
  // A1: the cron job that drops caches is named.
  CHECK(o.advised("mem.a1-drop-caches", "/etc/cron.d/free-memory"));
}

TEST_CASE("rule library: container-host gets daemon.json settings and overlay advice") {
  Outcome o = evaluate_host("container-host");
  CHECK(value_of(o, "daemon_json:log-opts.max-size") == "100m");
  CHECK(value_of(o, "daemon_json:log-opts.max-file") == "3");
  // overlay2 is what daemon.json already says: the setting is kept, no migration advice.
  CHECK(value_of(o, "daemon_json:storage-driver") == "overlay2");
  CHECK(o.advice("docker.c1-storage-driver-migration").empty());
  CHECK(value_of(o, "daemon_json:default-ulimits.nofile.Soft") == "65536");
  CHECK(value_of(o, "daemon_json:live-restore") == "true");
  CHECK(value_of(o, "sysctl:kernel.pid_max") == "4194304");
  // C2: only the 6-layer mount is over the limit of 4.
  std::vector<std::string> overlay = o.advice("docker.c2-overlay-layers");
  REQUIRE(overlay.size() == 1);
  CHECK(overlay[0].find("6 lower layers") != std::string::npos);
  // C4: one container without a memory limit.
  CHECK(o.advice("docker.c4-memory-limits").size() == 1);
  // Bridges and veths are not links: no socket-buffer rule for a fast link, no channels.
  for (const char* rule :
       {"net.n1-rmem-max", "net.n1-wmem-max", "net.n1-tcp-rmem", "net.n1-tcp-wmem"})
    CHECK(o.settings_of(rule).empty());
  CHECK(o.settings_of("nic.n5-channels-rxtx").empty());
  // nf_conntrack is loaded (Docker's NAT): its table is raised, never lowered.
  CHECK(value_of(o, "sysctl:net.netfilter.nf_conntrack_max") == "1048576");
}

TEST_CASE("rule library: A3 checks the host's own tcp_rmem/tcp_wmem triples") {
  auto a3_failures = [](const Facts& facts) {
    std::vector<std::string> out;
    for (const lang::CheckResult& c : lang::evaluate_all(shipped_library(), facts, {}).checks)
      if (c.rule == "net.a3-kernel-limits" && !c.passed) out.push_back(c.message);
    return out;
  };
  Facts facts = host_facts("kvm-guest");
  CHECK(a3_failures(facts).empty());  // the kernel's defaults are ordered
  facts["sysctl"]["net.ipv4.tcp_rmem"] = "4096 8388608 6291456";
  std::vector<std::string> failed = a3_failures(facts);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0] ==
        "net.ipv4.tcp_rmem on this host (4096 8388608 6291456) is not ordered min <= default <= "
        "max");
}

TEST_CASE("rule library: the conntrack rule needs the module, the at-least rules never lower") {
  // No nf_conntrack on the KVM guest: the rule does not apply rather than erroring.
  CHECK(evaluate_host("kvm-guest").settings_of("net.web-conntrack-max").empty());
  // fs.file-max is a floor: the rule emits the bound, and the planner keeps baremetal-2s's
  // 2^63-1 (planner_test and rules/tests/fs.n2-file-max.json check that side).
  Outcome bare = evaluate_host("baremetal-2s");
  CHECK(value_of(bare, "sysctl:fs.file-max") == "2097152");
  for (const lang::Setting* s : bare.settings_of("fs.n2-file-max"))
    CHECK(s->bounds == Bounds{Bound::AtLeast});
  CHECK(value_of(bare, "sysctl:net.ipv4.tcp_max_tw_buckets") == "2000000");
}

TEST_CASE("rule library: db01.vmx gets the CPU hot-add advice") {
  Outcome o = evaluate_host("vmware-guest", {"/vmfs/volumes/datastore1/db01/db01.vmx",
                                             "/vmfs/volumes/datastore1/web01/web01.vmx"});
  CHECK(o.advised("vmx.v10-cpu-hotadd", "db01.vmx"));
  CHECK_FALSE(o.advised("vmx.v10-cpu-hotadd", "web01.vmx"));
  // V9 on web01 (powered off): its NICs lose wake-on-LAN and its 4 vCPUs get one socket.
  // Device types are not changed without param vmx_change_virtual_devices: the LSI
  // controller and the e1000 NIC get advice instead.
  const std::string web01 = "vmx:/vmfs/volumes/datastore1/web01/web01.vmx:";
  CHECK(value_of(o, web01 + "ethernet0.wakeOnPcktRcv") == "FALSE");
  CHECK(value_of(o, web01 + "cpuid.coresPerSocket") == "4");
  CHECK(value_of(o, web01 + "ethernet1.wakeOnPcktRcv") == "FALSE");
  CHECK(o.setting(web01 + "scsi0.virtualDev") == nullptr);
  CHECK(o.setting(web01 + "ethernet1.virtualDev") == nullptr);
  CHECK(o.advised("vmx.v9-pvscsi-advice", "web01.vmx: scsi0.virtualDev is lsilogic"));
  CHECK(o.advised("vmx.v9-vmxnet3-advice", "web01.vmx: ethernet1.virtualDev is e1000"));
  // db01 is powered on (db01.vmx.lck beside it): nothing in its file is edited.
  for (const lang::Setting& s : o.eval.settings)
    CHECK(format_knob(s.knob).find("db01.vmx") == std::string::npos);
}

TEST_CASE("rule library: docs/rules.md is the current `vtune rules --format md`") {
  std::ifstream in(std::string(VTUNE_SOURCE_DIR) + "/docs/rules.md");
  std::stringstream text;
  text << in.rdbuf();
  const bool current = text.str() == render_rules_markdown(shipped_library());
  CHECK_MESSAGE(
      current,
      "docs/rules.md is stale: regenerate it with `vtune rules --format md > docs/rules.md`");
}

}  // namespace vtune

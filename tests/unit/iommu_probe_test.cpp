#include <doctest/doctest.h>

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/iommu_cmdline.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

struct NoCpuid final : CpuidSource {
  CpuidInfo read() const override { return {}; }
};

struct MemHost {
  MemoryHostFs fs;
  NoCpuid cpuid;
  Warnings warnings;
  Json run() {
    auto ethtool = make_snapshot_ethtool(fs);
    auto devices = make_sysfs_device_source(fs);
    Host host{fs, cpuid, *ethtool, *devices, false};
    ProbeOptions options;
    ProbeContext ctx(host, options, warnings);
    Facts facts = Json::object();
    kIommuProbe.collect(ctx, facts);
    return facts["iommu"];
  }
};

Json run_fixture(std::string_view name, Warnings& warnings) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + std::string(name));
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, warnings);
  Facts facts = Json::object();
  kIommuProbe.collect(ctx, facts);
  return facts["iommu"];
}

Json cmdline(Json intel, Json amd, Json iommu) {
  Json c = Json::object();
  c["intel_iommu"] = intel;
  c["amd_iommu"] = amd;
  c["iommu"] = iommu;
  return c;
}

// The hosts without an IOMMU all look the same to this probe.
void check_iommu_off(std::string_view host) {
  CAPTURE(host);
  Warnings w;
  Json iommu = run_fixture(host, w);
  CHECK(w.empty());
  CHECK(iommu["enabled"] == false);
  CHECK(iommu["units"] == Json::array());
  CHECK(iommu["groups"] == 0);
  CHECK(iommu["passthrough"] == false);
  CHECK(iommu["cmdline"] == cmdline(nullptr, nullptr, nullptr));
}

}  // namespace

TEST_CASE("kernel cmdline words, with the kernel's quoting") {
  auto words = parse_cmdline(
      "BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 ro quiet dyndbg=\"file ec.c +p\" "
      "intel_iommu=on\n");
  REQUIRE(words.size() == 5);
  CHECK(words[0].first == "BOOT_IMAGE");
  CHECK(words[0].second == "/boot/vmlinuz-6.1.0-18-amd64");
  CHECK(words[1].first == "ro");
  CHECK_FALSE(words[1].second);
  CHECK(words[3].first == "dyndbg");
  CHECK(words[3].second == "file ec.c +p");
  CHECK(words[4].second == "on");
  CHECK(parse_cmdline("").empty());
  CHECK(parse_cmdline("   \n").empty());
  CHECK(parse_cmdline("a=\"unterminated").at(0).second == "unterminated");
}

TEST_CASE("iommu cmdline switches") {
  IommuCmdline c = parse_iommu_cmdline("root=/dev/sda1 intel_iommu=on,sm_on iommu=pt quiet");
  CHECK(c.intel_iommu == "on,sm_on");
  CHECK_FALSE(c.amd_iommu);
  CHECK(c.iommu == "pt");
  CHECK(c.passthrough);

  CHECK_FALSE(parse_iommu_cmdline("intel_iommu=on").passthrough);
  CHECK(parse_iommu_cmdline("amd_iommu=on iommu.passthrough=1").passthrough);
  CHECK(parse_iommu_cmdline("amd_iommu=on iommu.passthrough=1").amd_iommu == "on");
  // The later of pt/nopt wins, as in the kernel's iommu_setup().
  CHECK_FALSE(parse_iommu_cmdline("iommu=pt iommu=nopt").passthrough);
  CHECK(parse_iommu_cmdline("iommu=force,pt").passthrough);
  // A bare "iommu" word carries no value; "--" hands the rest to init.
  CHECK_FALSE(parse_iommu_cmdline("iommu").iommu);
  CHECK_FALSE(parse_iommu_cmdline("ro -- iommu=pt").passthrough);
  CHECK_FALSE(parse_iommu_cmdline("myiommu=pt").passthrough);
}

TEST_CASE("iommu probe: AMD units and groups") {
  MemHost h;
  h.fs.add_file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz amd_iommu=on\n");
  h.fs.add_link("/sys/class/iommu/ivhd0", "../../devices/pci0000:00/0000:00:00.2/iommu/ivhd0");
  for (int g = 0; g < 3; ++g)
    h.fs.add_file("/sys/kernel/iommu_groups/" + std::to_string(g) + "/type", "DMA-FQ\n");
  Json iommu = h.run();
  CHECK(h.warnings.empty());
  CHECK(iommu["enabled"] == true);
  CHECK(iommu["units"] == Json::array({"ivhd0"}));
  CHECK(iommu["groups"] == 3);
  CHECK(iommu["passthrough"] == false);
  CHECK(iommu["cmdline"] == cmdline(nullptr, "on", nullptr));
}

TEST_CASE("iommu probe: groups without a class entry still mean enabled") {
  // Virtual IOMMUs (virtio-iommu) register groups before, or without, a class device.
  MemHost h;
  h.fs.add_file("/proc/cmdline", "ro\n");
  h.fs.add_file("/sys/kernel/iommu_groups/0/type", "DMA\n");
  Json iommu = h.run();
  CHECK(iommu["enabled"] == true);
  CHECK(iommu["units"] == Json::array());
  CHECK(iommu["groups"] == 1);
}

TEST_CASE("iommu probe: unreadable inputs are null with a warning") {
  MemHost h;
  h.fs.add_error("/proc/cmdline", EACCES);
  Json iommu = h.run();
  CHECK(iommu["passthrough"].is_null());
  CHECK(iommu["cmdline"] == cmdline(nullptr, nullptr, nullptr));
  REQUIRE(h.warnings.items().size() == 1);
  CHECK(h.warnings.items()[0].path == "mem:/proc/cmdline");
  // No sysfs at all: a kernel without IOMMU support, so a known "off".
  CHECK(iommu["enabled"] == false);
  CHECK(iommu["units"] == Json::array());
  CHECK(iommu["groups"] == 0);
}

TEST_CASE("iommu probe: a symlink loop makes enabled unknown, with warnings") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("vtune-iommu-loop-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "proc");
  fs::create_directories(root / "sys/class");
  fs::create_directories(root / "sys/kernel");
  std::ofstream(root / "proc/cmdline") << "ro iommu=pt\n";
  fs::create_symlink("iommu", root / "sys/class/iommu");
  fs::create_symlink("iommu_groups", root / "sys/kernel/iommu_groups");
  Warnings w;
  HostBackend backend(root.string());
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, w);
  Facts facts = Json::object();
  kIommuProbe.collect(ctx, facts);
  Json iommu = facts["iommu"];
  CHECK(iommu["enabled"].is_null());
  CHECK(iommu["units"].is_null());
  CHECK(iommu["groups"].is_null());
  CHECK(iommu["passthrough"] == true);
  REQUIRE(w.items().size() == 2);
  CHECK(w.items()[0].path == root.string() + "/sys/class/iommu");
  CHECK(w.items()[1].path == root.string() + "/sys/kernel/iommu_groups");
  fs::remove_all(root);
}

TEST_CASE("iommu probe: every emitted key is in its schema") {
  std::set<std::string> schema;
  for (const FactField& f : kIommuProbe.schema) schema.insert(std::string(f.path));
  Warnings w;
  Json iommu = run_fixture("baremetal-2s", w);
  std::set<std::string> emitted{"iommu"};
  for (auto it = iommu.begin(); it != iommu.end(); ++it) {
    emitted.insert("iommu." + it.key());
    if (it->is_object())
      for (auto k = it->begin(); k != it->end(); ++k)
        emitted.insert("iommu." + it.key() + "." + k.key());
  }
  CHECK(emitted == schema);
}

TEST_CASE("iommu fixture baremetal-2s") {
  Warnings w;
  Json iommu = run_fixture("baremetal-2s", w);
  CHECK(w.empty());
  CHECK(iommu["enabled"] == true);
  CHECK(iommu["units"] == Json::array({"dmar0", "dmar1"}));
  CHECK(iommu["groups"] == 112);
  CHECK(iommu["passthrough"] == true);
  CHECK(iommu["cmdline"] == cmdline("on", nullptr, "pt"));
}

TEST_CASE("iommu fixture kvm-host") {
  check_iommu_off("kvm-host");
}
TEST_CASE("iommu fixture vmware-guest") {
  check_iommu_off("vmware-guest");
}
TEST_CASE("iommu fixture kvm-guest") {
  check_iommu_off("kvm-guest");
}
TEST_CASE("iommu fixture container-host") {
  check_iommu_off("container-host");
}

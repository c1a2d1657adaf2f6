#include <doctest/doctest.h>

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/cpuinfo.h"
#include "probes/probes.h"

using namespace vtune;
using namespace std::literals;

namespace {

// Two blocks of a Xeon Gold 6248R under Debian's 6.1 kernel, which prints VMX capabilities on
// the "vmx flags" line (Linux 5.9+). The flags line here is shortened and lacks ept/vpid,
// so only the "vmx flags" line can supply them.
constexpr std::string_view kIntelCpuinfo =
    "processor\t: 0\n"
    "vendor_id\t: GenuineIntel\n"
    "cpu family\t: 6\n"
    "model\t\t: 85\n"
    "model name\t: Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz\n"
    "stepping\t: 7\n"
    "physical id\t: 0\n"
    "siblings\t: 2\n"
    "core id\t\t: 0\n"
    "cpu cores\t: 1\n"
    "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic vmx smx est tm2 ssse3\n"
    "vmx flags\t: vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb "
    "flexpriority apicv tsc_offset vtpr mtf vapic ept vpid unrestricted_guest vapic_reg vid ple "
    "shadow_vmcs pml ept_mode_based_exec tsc_scaling\n"
    "bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit\n"
    "power management:\n"
    "\n"
    "processor\t: 1\n"
    "vendor_id\t: GenuineIntel\n"
    "cpu family\t: 6\n"
    "model\t\t: 85\n"
    "model name\t: Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz\n"
    "stepping\t: 7\n"
    "physical id\t: 0\n"
    "siblings\t: 2\n"
    "core id\t\t: 0\n"
    "cpu cores\t: 1\n"
    "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic vmx smx est tm2 ssse3\n"
    "vmx flags\t: vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb "
    "flexpriority apicv tsc_offset vtpr mtf vapic ept vpid unrestricted_guest vapic_reg vid ple "
    "shadow_vmcs pml ept_mode_based_exec tsc_scaling\n"
    "bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit\n"
    "power management:\n"
    "\n";

std::string amd_block(int cpu, int core) {
  return "processor\t: " + std::to_string(cpu) +
         "\nvendor_id\t: AuthenticAMD\n"
         "model name\t: AMD EPYC 7313P 16-Core Processor\n"
         "physical id\t: 0\n"
         "siblings\t: 2\n"
         "core id\t\t: " +
         std::to_string(core) +
         "\ncpu cores\t: 2\n"
         "flags\t\t: fpu vme de pse tsc msr svm extapic npt lbrv svm_lock nrip_save\n"
         "TLB size\t: 2560 4K pages\n\n";
}

struct NoCpuid final : CpuidSource {
  CpuidInfo info;
  CpuidInfo read() const override { return info; }
};

// Runs the cpu probe over a filesystem held in memory.
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
    kCpuProbe.collect(ctx, facts);
    return facts["cpu"];
  }
  bool warned_about(std::string_view path) const {
    for (const Warning& w : warnings.items())
      if (w.path == "mem:" + std::string(path)) return true;
    return false;
  }
};

Json run_root(const std::string& root, Warnings& warnings) {
  HostBackend backend(root);
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, warnings);
  Facts facts = Json::object();
  kCpuProbe.collect(ctx, facts);
  return facts["cpu"];
}

Json run_fixture(std::string_view name, Warnings& warnings) {
  return run_root(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + std::string(name), warnings);
}

bool has(const Json& list, std::string_view s) {
  for (const Json& e : list)
    if (e == s) return true;
  return false;
}

void collect_paths(const Json& node, const std::string& prefix, std::set<std::string>& out) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string path = prefix.empty() ? it.key() : prefix + "." + it.key();
      out.insert(path);
      collect_paths(it.value(), path, out);
    }
  } else if (node.is_array()) {
    for (const Json& e : node)
      if (e.is_object()) collect_paths(e, prefix + "[]", out);
  }
}

}  // namespace

TEST_CASE("cpuinfo: blocks, fields and the vmx flags line") {
  Cpuinfo info = parse_cpuinfo(kIntelCpuinfo);
  CHECK(info.problems.empty());
  REQUIRE(info.cpus.size() == 2);
  const CpuinfoEntry& c = info.cpus[0];
  CHECK(c.processor == 0);
  CHECK(c.vendor_id == "GenuineIntel");
  CHECK(c.model_name == "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz");
  CHECK(c.physical_id == 0);
  CHECK(c.core_id == 0);
  CHECK(c.siblings == 2);
  CHECK(c.cpu_cores == 1);
  REQUIRE(c.flags);
  CHECK(c.flags->front() == "fpu");
  CHECK(has_flag(*c.flags, "vmx"));
  CHECK_FALSE(has_flag(*c.flags, "ept"));
  REQUIRE(c.vmx_flags);
  CHECK(c.vmx_flags->size() == 23);
  CHECK(has_flag(*c.vmx_flags, "ept"));
  CHECK(has_flag(*c.vmx_flags, "vpid"));
  CHECK(info.cpus[1].processor == 1);
  auto topo = cpuinfo_topology(info);
  REQUIRE(topo);
  CHECK(topo->sockets == 1);
  CHECK(topo->cores == 1);
  CHECK(topo->threads == 2);
}

TEST_CASE("cpuinfo: cores are distinct (socket, core id) pairs, not the largest id") {
  // Core ids with gaps (fused-off cores), and the same core id on two sockets.
  std::string text;
  int cpu = 0;
  for (int pkg : {0, 1})
    for (int core : {0, 4, 9}) {
      std::string b = amd_block(cpu++, core);
      b.replace(b.find("physical id\t: 0"), 15, "physical id\t: " + std::to_string(pkg));
      text += b;
    }
  Cpuinfo info = parse_cpuinfo(text);
  CHECK(info.problems.empty());
  auto topo = cpuinfo_topology(info);
  REQUIRE(topo);
  CHECK(topo->sockets == 2);
  CHECK(topo->cores == 6);
  CHECK(topo->threads == 6);
}

TEST_CASE("cpuinfo: a missing blank line still separates processors") {
  std::string text = amd_block(0, 0);
  text.pop_back();  // drop the blank line between the blocks
  text += amd_block(1, 0);
  Cpuinfo info = parse_cpuinfo(text);
  REQUIRE(info.cpus.size() == 2);
  CHECK(info.cpus[1].processor == 1);
  CHECK(cpuinfo_topology(info)->cores == 1);
}

TEST_CASE("cpuinfo: a truncated file marks the cut block and gives no topology") {
  std::string text = amd_block(0, 0) + amd_block(1, 1);
  text.resize(text.size() - 40);  // cut inside the flags line of the second block
  Cpuinfo info = parse_cpuinfo(text);
  REQUIRE(info.cpus.size() == 2);
  CHECK(info.cpus[0].complete);
  CHECK_FALSE(info.cpus[1].complete);
  CHECK_FALSE(info.cpus[1].flags);  // the cut line is dropped, not half-read
  CHECK_FALSE(info.problems.empty());
  CHECK_FALSE(cpuinfo_topology(info));

  // Cut exactly at a line end: the short block is still noticed.
  std::string at_line = amd_block(0, 0) + "processor\t: 1\nvendor_id\t: AuthenticAMD\n";
  Cpuinfo short_block = parse_cpuinfo(at_line);
  REQUIRE(short_block.cpus.size() == 2);
  CHECK_FALSE(short_block.cpus[1].complete);
  CHECK_FALSE(cpuinfo_topology(short_block));
}

TEST_CASE("cpuinfo: non-numeric ids are problems, never numbers") {
  std::string text = amd_block(0, 0);
  text.replace(text.find("core id\t\t: 0"), 12, "core id\t\t: zero");
  Cpuinfo info = parse_cpuinfo(text);
  REQUIRE(info.cpus.size() == 1);
  CHECK_FALSE(info.cpus[0].core_id);
  REQUIRE(info.problems.size() == 1);
  CHECK(info.problems[0].find("core id") != std::string::npos);
  CHECK_FALSE(cpuinfo_topology(info));
  CHECK(parse_cpuinfo("processor\t: 99999999999999999999\n").cpus[0].processor == std::nullopt);
  CHECK(parse_cpuinfo("processor\t: -1\n").cpus[0].processor == std::nullopt);
}

TEST_CASE("cpuinfo: empty and garbage input") {
  CHECK(parse_cpuinfo("").cpus.empty());
  CHECK(parse_cpuinfo("\n\n\n").cpus.empty());
  Cpuinfo junk = parse_cpuinfo("no colon here\n\0\xff:\n"sv);
  CHECK_FALSE(junk.problems.empty());
  CHECK_FALSE(cpuinfo_topology(junk));
}

TEST_CASE("cpu probe: ept and vpid come from the vmx flags line") {
  MemHost h;
  h.fs.add_file("/proc/cpuinfo", std::string(kIntelCpuinfo));
  h.fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  Json cpu = h.run();
  CHECK(cpu["vendor"] == "GenuineIntel");
  CHECK(cpu["hw_virt"] == "vt-x");
  CHECK(cpu["ept"] == true);
  CHECK(cpu["vpid"] == true);
  CHECK(cpu["npt"] == false);
  CHECK(cpu["online"] == "0-1");
  CHECK(cpu["governor"].is_null());  // no cpufreq is not an error
  CHECK(h.warnings.empty());
}

TEST_CASE("cpu probe: cpufreq driver, offered governors, intel_pstate and EPB") {
  MemHost h;
  h.fs.add_file("/proc/cpuinfo", std::string(kIntelCpuinfo));
  h.fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  const std::string policy = "/sys/devices/system/cpu/cpufreq/policy0/";
  h.fs.add_file(policy + "scaling_governor", "powersave\n");
  h.fs.add_file(policy + "scaling_driver", "intel_pstate\n");
  h.fs.add_file(policy + "scaling_available_governors", "performance powersave\n");
  h.fs.add_file("/sys/devices/system/cpu/intel_pstate/status", "active\n");
  h.fs.add_file("/sys/devices/system/cpu/intel_pstate/min_perf_pct", "24\n");
  h.fs.add_file("/sys/devices/system/cpu/intel_pstate/no_turbo", "1\n");
  h.fs.add_file("/sys/devices/system/cpu/cpu0/power/energy_perf_bias", "6\n");
  Json cpu = h.run();
  CHECK(cpu["cpufreq_driver"] == "intel_pstate");
  CHECK(cpu["governors_available"] == Json::array({"performance", "powersave"}));
  CHECK(cpu["intel_pstate"]["status"] == "active");
  CHECK(cpu["intel_pstate"]["min_perf_pct"] == 24);
  CHECK(cpu["intel_pstate"]["no_turbo"] == true);
  CHECK(cpu["energy_perf_bias"] == 6);
  CHECK(h.warnings.empty());
}

TEST_CASE("cpu probe: no cpufreq, intel_pstate or EPB is null without a warning") {
  MemHost h;
  h.fs.add_file("/proc/cpuinfo", amd_block(0, 0));
  h.fs.add_file("/sys/devices/system/cpu/online", "0\n");
  Json cpu = h.run();
  CHECK(cpu["cpufreq_driver"].is_null());
  CHECK(cpu["governors_available"].is_null());
  CHECK(cpu["intel_pstate"]["status"].is_null());
  CHECK(cpu["intel_pstate"]["min_perf_pct"].is_null());
  CHECK(cpu["energy_perf_bias"].is_null());
  CHECK(h.warnings.empty());
}

TEST_CASE("cpu probe: AMD npt from the flags line") {
  MemHost h;
  h.fs.add_file("/proc/cpuinfo", amd_block(0, 0) + amd_block(1, 0));
  h.fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  h.fs.add_file("/sys/devices/system/cpu/cpufreq/policy0/scaling_governor", "schedutil\n");
  Json cpu = h.run();
  CHECK(cpu["hw_virt"] == "amd-v");
  CHECK(cpu["npt"] == true);
  CHECK(cpu["ept"] == false);
  CHECK(cpu["vpid"] == false);
  CHECK(cpu["governor"] == "schedutil");
  CHECK(cpu["sockets"] == 1);
  CHECK(cpu["cores"] == 1);
  CHECK(cpu["threads"] == 2);
}

TEST_CASE("cpu probe: unreadable cpuinfo gives nulls and a warning, topology from sysfs") {
  MemHost h;
  h.fs.add_error("/proc/cpuinfo", EACCES);
  h.fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  for (int cpu : {0, 1}) {
    std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
    h.fs.add_file(dir + "physical_package_id", "0\n");
    h.fs.add_file(dir + "core_id", std::to_string(cpu) + "\n");
  }
  Json cpu = h.run();
  CHECK(h.warned_about("/proc/cpuinfo"));
  CHECK(cpu["vendor"].is_null());
  CHECK(cpu["model"].is_null());
  CHECK(cpu["flags"].is_null());
  CHECK(cpu["hw_virt"].is_null());
  CHECK(cpu["ept"].is_null());
  CHECK(cpu["npt"].is_null());
  CHECK(cpu["vpid"].is_null());
  CHECK(cpu["sockets"] == 1);
  CHECK(cpu["cores"] == 2);
  CHECK(cpu["threads"] == 2);
}

TEST_CASE("cpu probe: vendor falls back to CPUID when cpuinfo has none") {
  MemHost h;
  h.cpuid.info.vendor = "AuthenticAMD";
  h.fs.add_file("/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu\n\n");
  Json cpu = h.run();
  CHECK(cpu["vendor"] == "AuthenticAMD");
  CHECK(cpu["model"].is_null());
}

TEST_CASE("cpu probe: truncated cpuinfo and non-numeric sysfs topology give nulls") {
  MemHost h;
  std::string text = amd_block(0, 0) + amd_block(1, 1);
  text.resize(text.size() - 40);
  h.fs.add_file("/proc/cpuinfo", text);
  h.fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  h.fs.add_file("/sys/devices/system/cpu/cpu0/topology/physical_package_id", "0\n");
  h.fs.add_file("/sys/devices/system/cpu/cpu0/topology/core_id", "zero\n");
  Json cpu = h.run();
  CHECK(h.warned_about("/proc/cpuinfo"));
  CHECK(h.warned_about("/sys/devices/system/cpu/cpu0/topology/core_id"));
  CHECK(cpu["sockets"].is_null());
  CHECK(cpu["cores"].is_null());
  CHECK(cpu["threads"].is_null());
  // The first block is whole, so what it says still stands.
  CHECK(cpu["vendor"] == "AuthenticAMD");
  CHECK(cpu["hw_virt"] == "amd-v");
}

TEST_CASE("cpu probe: a missing topology file and a bad online list are warnings") {
  MemHost h;
  h.fs.add_file("/proc/cpuinfo", "processor\t: 0\nvendor_id\t: ARM\n\n");
  h.fs.add_file("/sys/devices/system/cpu/online", "0-1\n");
  h.fs.add_file("/sys/devices/system/cpu/cpu0/topology/physical_package_id", "0\n");
  h.fs.add_file("/sys/devices/system/cpu/cpu0/topology/core_id", "0\n");
  Json cpu = h.run();
  CHECK(h.warned_about("/sys/devices/system/cpu/cpu1/topology/physical_package_id"));
  CHECK(cpu["sockets"].is_null());

  MemHost bad;
  bad.fs.add_file("/proc/cpuinfo", std::string(kIntelCpuinfo));
  bad.fs.add_file("/sys/devices/system/cpu/online", "0-x\n");
  Json c2 = bad.run();
  CHECK(bad.warned_about("/sys/devices/system/cpu/online"));
  CHECK(c2["online"].is_null());
  CHECK(c2["threads"] == 2);  // cpuinfo alone was enough
}

TEST_CASE("cpu probe: a symlink loop is a warning naming the path, not a hang") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("vtune-cpu-loop-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "proc");
  fs::create_directories(root / "sys/devices/system/cpu/cpu0");
  std::ofstream(root / "proc/cpuinfo") << kIntelCpuinfo;
  std::ofstream(root / "sys/devices/system/cpu/online") << "0-1\n";
  fs::create_symlink("cpufreq", root / "sys/devices/system/cpu/cpu0/cpufreq");
  fs::create_directories(root / "sys/devices/system/cpu/cpufreq");
  fs::create_symlink("policy0", root / "sys/devices/system/cpu/cpufreq/policy0");
  Warnings warnings;
  Json cpu = run_root(root.string(), warnings);
  CHECK(cpu["governor"].is_null());
  bool named = false;
  for (const Warning& w : warnings.items())
    if (w.path.find("cpu0/cpufreq/scaling_governor") != std::string::npos) named = true;
  CHECK(named);
  CHECK(cpu["threads"] == 2);
  fs::remove_all(root);
}

TEST_CASE("cpu probe: every emitted key is in its schema") {
  std::set<std::string> schema;
  for (const FactField& f : kCpuProbe.schema) schema.insert(std::string(f.path));
  for (std::string_view host :
       {"vmware-guest", "kvm-guest", "baremetal-2s", "kvm-host", "container-host"}) {
    Warnings warnings;
    Facts facts = Json::object();
    facts["cpu"] = run_fixture(host, warnings);
    std::set<std::string> emitted;
    collect_paths(facts, "", emitted);
    for (const std::string& p : emitted) CHECK_MESSAGE(schema.count(p), host << ": " << p);
    for (const std::string& p : schema) CHECK_MESSAGE(emitted.count(p), host << ": " << p);
  }
}

TEST_CASE("cpu fixture vmware-guest") {
  Warnings w;
  Json cpu = run_fixture("vmware-guest", w);
  CHECK(w.empty());
  CHECK(cpu["vendor"] == "GenuineIntel");
  CHECK(cpu["model"] == "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
  CHECK(cpu["sockets"] == 1);
  CHECK(cpu["cores"] == 4);
  CHECK(cpu["threads"] == 4);
  CHECK(cpu["online"] == "0-3");
  CHECK(has(cpu["flags"], "hypervisor"));
  CHECK_FALSE(has(cpu["flags"], "vmx"));
  CHECK(cpu["hw_virt"] == "none");
  CHECK(cpu["ept"] == false);
  CHECK(cpu["npt"] == false);
  CHECK(cpu["vpid"] == false);
  CHECK(cpu["governor"].is_null());
}

TEST_CASE("cpu fixture kvm-guest") {
  Warnings w;
  Json cpu = run_fixture("kvm-guest", w);
  CHECK(w.empty());
  CHECK(cpu["vendor"] == "AuthenticAMD");
  CHECK(cpu["model"] == "AMD EPYC 7763 64-Core Processor");
  CHECK(cpu["sockets"] == 1);
  CHECK(cpu["cores"] == 8);
  CHECK(cpu["threads"] == 8);
  CHECK(cpu["online"] == "0-7");
  CHECK(has(cpu["flags"], "hypervisor"));
  CHECK_FALSE(has(cpu["flags"], "svm"));
  CHECK(cpu["hw_virt"] == "none");
  CHECK(cpu["ept"] == false);
  CHECK(cpu["npt"] == false);
  CHECK(cpu["vpid"] == false);
  CHECK(cpu["governor"].is_null());
}

TEST_CASE("cpu fixture baremetal-2s") {
  Warnings w;
  Json cpu = run_fixture("baremetal-2s", w);
  CHECK(w.empty());
  CHECK(cpu["vendor"] == "GenuineIntel");
  CHECK(cpu["model"] == "Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz");
  CHECK(cpu["sockets"] == 2);
  CHECK(cpu["cores"] == 48);
  CHECK(cpu["threads"] == 96);
  CHECK(cpu["online"] == "0-95");
  CHECK(has(cpu["flags"], "vmx"));
  CHECK_FALSE(has(cpu["flags"], "hypervisor"));
  CHECK(cpu["hw_virt"] == "vt-x");
  CHECK(cpu["ept"] == true);
  CHECK(cpu["npt"] == false);
  CHECK(cpu["vpid"] == true);
  CHECK(cpu["governor"] == "powersave");
  CHECK(cpu["cpufreq_driver"] == "intel_pstate");
  CHECK(cpu["governors_available"] == Json::array({"performance", "powersave"}));
  CHECK(cpu["intel_pstate"]["min_perf_pct"] == 30);
  CHECK(cpu["energy_perf_bias"] == 6);
}

TEST_CASE("cpu fixture kvm-host") {
  Warnings w;
  Json cpu = run_fixture("kvm-host", w);
  CHECK(w.empty());
  CHECK(cpu["vendor"] == "GenuineIntel");
  CHECK(cpu["model"] == "Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz");
  CHECK(cpu["sockets"] == 1);
  CHECK(cpu["cores"] == 16);
  CHECK(cpu["threads"] == 32);
  CHECK(cpu["online"] == "0-31");
  CHECK(has(cpu["flags"], "vmx"));
  CHECK(cpu["hw_virt"] == "vt-x");
  CHECK(cpu["ept"] == true);
  CHECK(cpu["npt"] == false);
  CHECK(cpu["vpid"] == true);
  CHECK(cpu["governor"] == "performance");
}

TEST_CASE("cpu fixture container-host") {
  Warnings w;
  Json cpu = run_fixture("container-host", w);
  CHECK(w.empty());
  CHECK(cpu["vendor"] == "AuthenticAMD");
  CHECK(cpu["model"] == "AMD EPYC 7313P 16-Core Processor");
  CHECK(cpu["sockets"] == 1);
  CHECK(cpu["cores"] == 16);
  CHECK(cpu["threads"] == 32);
  CHECK(cpu["online"] == "0-31");
  CHECK(has(cpu["flags"], "svm"));
  CHECK(cpu["hw_virt"] == "amd-v");
  CHECK(cpu["ept"] == false);
  CHECK(cpu["npt"] == true);
  CHECK(cpu["vpid"] == false);
  CHECK(cpu["governor"] == "schedutil");
}

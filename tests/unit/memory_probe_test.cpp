#include <doctest/doctest.h>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/meminfo.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

struct MemoryRun {
  Facts facts = Json::object();
  Warnings warnings;
};

MemoryRun run_memory(HostBackend& backend) {
  MemoryRun run;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, run.warnings);
  kMemoryProbe.collect(ctx, run.facts);
  return run;
}

constexpr const char* kGoodMeminfo =
    "MemTotal:        8388608 kB\n"
    "MemFree:         5201152 kB\n"
    "HugePages_Total:       4\n"
    "HugePages_Free:        3\n"
    "Hugepagesize:       2048 kB\n";

bool warned_about(const Warnings& w, const std::string& path) {
  for (const Warning& item : w.items())
    if (item.path == path) return true;
  return false;
}

}  // namespace

TEST_CASE("parse_meminfo converts kB to bytes and keeps counts") {
  Meminfo m = parse_meminfo(kGoodMeminfo);
  CHECK_FALSE(m.truncated);
  CHECK(m.bad_lines == 0);
  CHECK(m.get("MemTotal") == 8388608ull * 1024);
  CHECK(m.get("HugePages_Total") == 4u);
  CHECK(m.get("HugePages_Free") == 3u);
  CHECK(m.get("Hugepagesize") == 2048u * 1024);
  CHECK_FALSE(m.get("SwapTotal"));
}

TEST_CASE("parse_meminfo reads the per-node form") {
  Meminfo m = parse_meminfo(
      "Node 1 MemTotal:       201326592 kB\n"
      "Node 1 HugePages_Free:      0\n");
  CHECK(m.get("MemTotal") == 201326592ull * 1024);
  CHECK(m.get("HugePages_Free") == 0u);
  CHECK(m.bad_lines == 0);
}

TEST_CASE("parse_meminfo drops a cut last line and counts malformed ones") {
  Meminfo cut = parse_meminfo("MemTotal:        8388608 kB\nMemFree:    52");
  CHECK(cut.truncated);
  CHECK(cut.get("MemTotal") == 8388608ull * 1024);
  CHECK_FALSE(cut.get("MemFree"));

  Meminfo one = parse_meminfo("MemTot");
  CHECK(one.truncated);
  CHECK(one.fields.empty());

  Meminfo bad = parse_meminfo(
      "MemTotal: lots kB\n"
      "Cached: 12 MB\n"
      "Buffers: 1 2 3\n"
      ": 5 kB\n"
      "Huge: 99999999999999999999 kB\n"
      "Big: 18446744073709551615 kB\n"
      "\n"
      "Dirty: 4 kB\n");
  CHECK(bad.bad_lines == 6);
  CHECK(bad.fields.size() == 1);
  CHECK(bad.get("Dirty") == 4096u);
}

namespace {

struct HostMemory {
  const char* host;
  uint64_t total;
  const char* thp;
};

constexpr uint64_t GiB = 1024ull * 1024 * 1024;

constexpr HostMemory kHosts[] = {
    {"vmware-guest", 8 * GiB, "always"},    {"kvm-guest", 16 * GiB, "always"},
    {"baremetal-2s", 384 * GiB, "madvise"}, {"kvm-host", 128 * GiB, "always"},
    {"container-host", 64 * GiB, "always"},
};

}  // namespace

TEST_CASE("memory probe on the fixture hosts") {
  for (const HostMemory& h : kHosts) {
    CAPTURE(h.host);
    HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + h.host);
    MemoryRun run = run_memory(backend);
    CHECK(run.warnings.empty());
    Json& m = run.facts["memory"];
    CHECK(m["total"] == h.total);
    CHECK(m["hugepages"]["size"] == 2u * 1024 * 1024);
    CHECK(m["hugepages"]["total"] == 0);
    CHECK(m["hugepages"]["free"] == 0);
    CHECK(m["thp"] == h.thp);
    CHECK(m["thp_defrag"] == "madvise");
    REQUIRE(m["hugepage_pools"].size() == 2);  // 2 MiB, then 1 GiB (every CPU has pdpe1gb)
    CHECK(m["hugepage_pools"][0]["size"] == 2u * 1024 * 1024);
    CHECK(m["hugepage_pools"][1]["size"] == 1024u * 1024 * 1024);
    CHECK(m["hugepage_pools"][1]["total"] == 0);
    CHECK(m["ksm"]["run"] == 0);
    CHECK(m["ksm"]["pages_shared"] == 0);
  }
}

TEST_CASE("memory probe: unreadable meminfo gives nulls and one warning for it") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_error("/proc/meminfo", EACCES);
  fs->add_file("/sys/kernel/mm/transparent_hugepage/enabled", "always madvise [never]\n");
  fs->add_file("/sys/kernel/mm/transparent_hugepage/defrag",
               "always [defer] defer+madvise madvise never\n");
  HostBackend backend("/mem", std::move(fs));
  MemoryRun run = run_memory(backend);

  Json& m = run.facts["memory"];
  CHECK(m["total"].is_null());
  CHECK(m["hugepages"]["size"].is_null());
  CHECK(m["hugepages"]["total"].is_null());
  CHECK(m["hugepages"]["free"].is_null());
  CHECK(m["thp"] == "never");
  CHECK(m["thp_defrag"] == "defer");
  // A kernel without KSM has no ksm directory: null, and nothing to warn about.
  CHECK(m["ksm"]["run"].is_null());
  CHECK(m["ksm"]["pages_shared"].is_null());
  REQUIRE(run.warnings.items().size() == 1);
  CHECK(run.warnings.items()[0].path == "mem:/proc/meminfo");
}

TEST_CASE("memory probe: truncated meminfo keeps what is whole and names the rest") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/meminfo", "MemTotal:        8388608 kB\nMemFree:         5201152 kB\nHugeP");
  fs->add_file("/sys/kernel/mm/transparent_hugepage/enabled", "[always] madvise never\n");
  fs->add_file("/sys/kernel/mm/transparent_hugepage/defrag", "madvise never\n");  // no choice
  fs->add_file("/sys/kernel/mm/ksm/run", "one\n");
  fs->add_file("/sys/kernel/mm/ksm/pages_shared", "17\n");
  HostBackend backend("/mem", std::move(fs));
  MemoryRun run = run_memory(backend);

  Json& m = run.facts["memory"];
  CHECK(m["total"] == 8388608ull * 1024);
  CHECK(m["hugepages"]["size"].is_null());
  CHECK(m["hugepages"]["total"].is_null());
  CHECK(m["hugepages"]["free"].is_null());
  CHECK(m["thp"] == "always");
  CHECK(m["thp_defrag"].is_null());
  CHECK(m["ksm"]["run"].is_null());
  CHECK(m["ksm"]["pages_shared"] == 17);
  CHECK(warned_about(run.warnings, "mem:/proc/meminfo"));
  CHECK(warned_about(run.warnings, "mem:/sys/kernel/mm/transparent_hugepage/defrag"));
  CHECK(warned_about(run.warnings, "mem:/sys/kernel/mm/ksm/run"));
  // truncation, then one warning per missing hugepage field, then defrag, then ksm/run
  CHECK(run.warnings.items().size() == 6);
}

TEST_CASE("memory probe: an unknown THP mode is not reported as a known one") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/meminfo", kGoodMeminfo);
  fs->add_file("/sys/kernel/mm/transparent_hugepage/enabled", "always [sometimes] never\n");
  HostBackend backend("/mem", std::move(fs));
  MemoryRun run = run_memory(backend);
  Json& m = run.facts["memory"];
  CHECK(m["total"] == 8388608ull * 1024);
  CHECK(m["hugepages"]["total"] == 4);
  CHECK(m["thp"].is_null());
  CHECK(m["thp_defrag"].is_null());  // missing file
  CHECK(warned_about(run.warnings, "mem:/sys/kernel/mm/transparent_hugepage/enabled"));
  CHECK(warned_about(run.warnings, "mem:/sys/kernel/mm/transparent_hugepage/defrag"));
}

TEST_CASE("memory probe: hugepage pools of every size, smallest first") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/proc/meminfo", kGoodMeminfo);
  const std::string dir = "/sys/kernel/mm/hugepages/";
  fs->add_file(dir + "hugepages-1048576kB/nr_hugepages", "16\n");
  fs->add_file(dir + "hugepages-1048576kB/free_hugepages", "2\n");
  fs->add_file(dir + "hugepages-2048kB/nr_hugepages", "4\n");
  fs->add_file(dir + "hugepages-2048kB/free_hugepages", "3\n");
  fs->add_file(dir + "not-a-pool/nr_hugepages", "9\n");
  HostBackend backend("/mem", std::move(fs));
  MemoryRun run = run_memory(backend);
  const Json& pools = run.facts["memory"]["hugepage_pools"];
  REQUIRE(pools.size() == 2);
  CHECK(pools[0] == Json{{"size", 2097152}, {"total", 4}, {"free", 3}});
  CHECK(pools[1] == Json{{"size", 1073741824}, {"total", 16}, {"free", 2}});

  // No hugetlb at all: an empty list, not a warning.
  auto bare = std::make_unique<MemoryHostFs>();
  bare->add_file("/proc/meminfo", kGoodMeminfo);
  HostBackend none("/mem", std::move(bare));
  CHECK(run_memory(none).facts["memory"]["hugepage_pools"] == Json::array());
}

#include <doctest/doctest.h>

#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/numa_parse.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

struct NumaRun {
  Facts facts = Json::object();
  Warnings warnings;
};

NumaRun run_numa(HostBackend& backend) {
  NumaRun run;
  ProbeOptions options;
  ProbeContext ctx(backend.host(), options, run.warnings);
  kNumaProbe.collect(ctx, run.facts);
  return run;
}

NumaRun run_numa_on(std::unique_ptr<MemoryHostFs> fs) {
  HostBackend backend("/mem", std::move(fs));
  return run_numa(backend);
}

NumaRun run_numa_on_host(const std::string& host) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host);
  return run_numa(backend);
}

std::vector<int> range(int first, int last) {
  std::vector<int> out;
  for (int c = first; c <= last; ++c) out.push_back(c);
  return out;
}

constexpr uint64_t GiB = 1024ull * 1024 * 1024;
constexpr const char* kNode = "/sys/devices/system/node";

}  // namespace

TEST_CASE("numa_node_id takes nodeN entries only") {
  CHECK(numa_node_id("node0") == 0);
  CHECK(numa_node_id("node12") == 12);
  CHECK_FALSE(numa_node_id("node"));
  CHECK_FALSE(numa_node_id("online"));
  CHECK_FALSE(numa_node_id("node-1"));
  CHECK_FALSE(numa_node_id("node1a"));
  CHECK_FALSE(numa_node_id("has_cpu"));
}

TEST_CASE("parse_node_distance reads one matrix row") {
  CHECK(parse_node_distance("10 21\n") == std::vector<int>{10, 21});
  CHECK(parse_node_distance("10") == std::vector<int>{10});
  CHECK_FALSE(parse_node_distance(""));
  CHECK_FALSE(parse_node_distance("10 x"));
  CHECK_FALSE(parse_node_distance("10 -1"));
  CHECK_FALSE(parse_node_distance("10 300"));
}

TEST_CASE("numa probe: baremetal-2s has two nodes") {
  NumaRun run = run_numa_on_host("baremetal-2s");
  CHECK(run.warnings.empty());
  Json& n = run.facts["numa"];
  REQUIRE(n["nodes"].size() == 2);
  std::vector<int> cpus0 = range(0, 23), cpus1 = range(24, 47);
  for (int c : range(48, 71)) cpus0.push_back(c);
  for (int c : range(72, 95)) cpus1.push_back(c);
  CHECK(n["nodes"][0]["id"] == 0);
  CHECK(n["nodes"][0]["cpus"] == Json(cpus0));
  CHECK(n["nodes"][0]["cpulist"] == "0-23,48-71");
  CHECK(n["nodes"][0]["mem_total"] == 192 * GiB);
  CHECK(n["nodes"][1]["id"] == 1);
  CHECK(n["nodes"][1]["cpus"] == Json(cpus1));
  CHECK(n["nodes"][1]["cpulist"] == "24-47,72-95");
  CHECK(n["nodes"][1]["mem_total"] == 192 * GiB);
  CHECK(n["distances"] == Json::parse("[[10,21],[21,10]]"));
}

TEST_CASE("numa probe: single-node fixture hosts") {
  struct Host {
    const char* name;
    int last_cpu;
    uint64_t mem;
  };
  // kvm-guest has no node directory: the one node comes from cpu/online and /proc/meminfo.
  for (Host h : {Host{"vmware-guest", 3, 8 * GiB}, Host{"kvm-guest", 7, 16 * GiB},
                 Host{"kvm-host", 31, 128 * GiB}, Host{"container-host", 31, 64 * GiB}}) {
    CAPTURE(h.name);
    NumaRun run = run_numa_on_host(h.name);
    CHECK(run.warnings.empty());
    Json& n = run.facts["numa"];
    REQUIRE(n["nodes"].size() == 1);
    CHECK(n["nodes"][0]["id"] == 0);
    CHECK(n["nodes"][0]["cpus"] == Json(range(0, h.last_cpu)));
    CHECK(n["nodes"][0]["cpulist"] == "0-" + std::to_string(h.last_cpu));
    CHECK(n["nodes"][0]["mem_total"] == h.mem);
    CHECK(n["distances"] == Json::parse("[[10]]"));
  }
}

TEST_CASE("numa probe: nodes sort by number, not by name") {
  auto fs = std::make_unique<MemoryHostFs>();
  for (int id : {0, 2, 10}) {
    std::string d = std::string(kNode) + "/node" + std::to_string(id);
    fs->add_file(d + "/cpulist", std::to_string(id) + "\n");
    fs->add_file(d + "/meminfo", "Node " + std::to_string(id) + " MemTotal: 1024 kB\n");
    fs->add_file(d + "/distance", "10 20 30\n");
  }
  fs->add_file(std::string(kNode) + "/online", "0,2,10\n");
  NumaRun run = run_numa_on(std::move(fs));
  CHECK(run.warnings.empty());
  Json& n = run.facts["numa"];
  REQUIRE(n["nodes"].size() == 3);
  CHECK(n["nodes"][0]["id"] == 0);
  CHECK(n["nodes"][1]["id"] == 2);
  CHECK(n["nodes"][2]["id"] == 10);
  CHECK(n["nodes"][2]["mem_total"] == 1024u * 1024);
  CHECK(n["distances"].size() == 3);
}

TEST_CASE("numa probe: bad node files give nulls and warnings, never guesses") {
  auto fs = std::make_unique<MemoryHostFs>();
  std::string n0 = std::string(kNode) + "/node0", n1 = std::string(kNode) + "/node1";
  fs->add_error(n0 + "/cpulist", EACCES);
  fs->add_file(n0 + "/meminfo", "Node 0 MemFree: 10 kB\n");  // no MemTotal
  fs->add_file(n0 + "/distance", "10 21\n");
  fs->add_file(n1 + "/cpulist", "4-2\n");
  fs->add_file(n1 + "/meminfo", "Node 1 MemTotal: 2048 kB\n");
  fs->add_file(n1 + "/distance", "21\n");  // a short row
  NumaRun run = run_numa_on(std::move(fs));

  Json& n = run.facts["numa"];
  REQUIRE(n["nodes"].size() == 2);
  CHECK(n["nodes"][0]["cpus"].is_null());
  CHECK(n["nodes"][0]["cpulist"].is_null());
  CHECK(n["nodes"][0]["mem_total"].is_null());
  CHECK(n["nodes"][1]["cpus"].is_null());
  CHECK(n["nodes"][1]["mem_total"] == 2048u * 1024);
  CHECK(n["distances"].is_null());
  // One line per warning, so a failure shows which paths were named.
  std::string paths;
  for (const Warning& w : run.warnings.items()) paths += w.path + "\n";
  CHECK(paths == "mem:" + n0 + "/cpulist\nmem:" + n0 + "/meminfo\nmem:" + n1 +
                     "/cpulist\nmem:" + n1 + "/distance\n");
}

TEST_CASE("numa probe: the one-node fallback reports what it cannot read") {
  auto fs = std::make_unique<MemoryHostFs>();
  fs->add_file("/sys/devices/system/cpu/online", "0-3\n");
  fs->add_error("/proc/meminfo", EACCES);
  NumaRun run = run_numa_on(std::move(fs));
  Json& n = run.facts["numa"];
  REQUIRE(n["nodes"].size() == 1);
  CHECK(n["nodes"][0]["cpulist"] == "0-3");
  CHECK(n["nodes"][0]["mem_total"].is_null());
  CHECK(n["distances"] == Json::parse("[[10]]"));
  REQUIRE(run.warnings.items().size() == 1);
  CHECK(run.warnings.items()[0].path == "mem:/proc/meminfo");
}

TEST_CASE("numa probe: a node's offline CPUs are not usable CPUs") {
  // The node lists its possible CPUs; 6 and 7 are offline (hot-pluggable or offlined).
  auto fs = std::make_unique<MemoryHostFs>();
  std::string n0 = std::string(kNode) + "/node0";
  fs->add_file(n0 + "/cpulist", "0-7\n");
  fs->add_file(n0 + "/meminfo", "Node 0 MemTotal: 1024 kB\n");
  fs->add_file(n0 + "/distance", "10\n");
  fs->add_file("/sys/devices/system/cpu/online", "0-5\n");
  NumaRun run = run_numa_on(std::move(fs));
  CHECK(run.warnings.empty());
  Json& node = run.facts["numa"]["nodes"][0];
  CHECK(node["cpus"] == Json(range(0, 5)));
  CHECK(node["cpulist"] == "0-5");
  CHECK(node["offline_cpus"] == Json(std::vector<int>{6, 7}));
}

TEST_CASE("numa probe: a node with only cpumap is read from its hex words") {
  // Older kernels and some captures: node*/cpumap, 32-bit words, most significant first.
  auto fs = std::make_unique<MemoryHostFs>();
  for (int id : {0, 1}) {
    std::string d = std::string(kNode) + "/node" + std::to_string(id);
    fs->add_file(d + "/meminfo", "Node " + std::to_string(id) + " MemTotal: 1024 kB\n");
    fs->add_file(d + "/distance", id == 0 ? "10 21\n" : "21 10\n");
  }
  fs->add_file(std::string(kNode) + "/node0/cpumap", "00000000,00000000,0000ffff\n");
  fs->add_file(std::string(kNode) + "/node1/cpumap", "00000001,00000000,ffff0000\n");
  fs->add_file("/sys/devices/system/cpu/online", "0-64\n");
  NumaRun run = run_numa_on(std::move(fs));
  CHECK(run.warnings.empty());
  Json& nodes = run.facts["numa"]["nodes"];
  CHECK(nodes[0]["cpus"] == Json(range(0, 15)));
  std::vector<int> one = range(16, 31);
  one.push_back(64);
  CHECK(nodes[1]["cpus"] == Json(one));
  CHECK(nodes[1]["cpulist"] == "16-31,64");
}

TEST_CASE("numa probe: a CPU-less memory node has an empty CPU list, not an error") {
  // CXL or GPU memory: the kernel prints an empty cpulist line.
  auto fs = std::make_unique<MemoryHostFs>();
  std::string n0 = std::string(kNode) + "/node0", n1 = std::string(kNode) + "/node1";
  fs->add_file(n0 + "/cpulist", "0-3\n");
  fs->add_file(n0 + "/meminfo", "Node 0 MemTotal: 1024 kB\n");
  fs->add_file(n0 + "/distance", "10 20\n");
  fs->add_file(n1 + "/cpulist", "\n");
  fs->add_file(n1 + "/meminfo", "Node 1 MemTotal: 4096 kB\n");
  fs->add_file(n1 + "/distance", "20 10\n");
  fs->add_file("/sys/devices/system/cpu/online", "0-3\n");
  NumaRun run = run_numa_on(std::move(fs));
  CHECK(run.warnings.empty());
  Json& nodes = run.facts["numa"]["nodes"];
  CHECK(nodes[1]["cpus"] == Json::array());
  CHECK(nodes[1]["cpulist"] == "");
  CHECK(nodes[1]["offline_cpus"] == Json::array());
  CHECK(nodes[1]["mem_total"] == 4096u * 1024);
}

// Every fixture host's facts conform to the probes' schemas, and docs/facts.md is the
// current rendering of them.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "engine/facts/host_backend.h"
#include "engine/facts/schema_check.h"
#include "probes/collect.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

const char* const kFixtureHosts[] = {"vmware-guest", "kvm-guest",      "baremetal-2s",
                                     "kvm-host",     "container-host", "docker-custom-config",
                                     "this-machine"};

// Documented keys that no fixture host can show without contradicting the fixture contract
// (tests/fixtures/hosts/README.md); each is covered by its probe's unit tests instead.
const char* const kUnseenOnFixtures[] = {
    "virt.kvm.npt",             // needs an AMD KVM host (kvm_amd loaded)
    "iommu.cmdline.amd_iommu",  // needs an AMD host booted with amd_iommu=
    "unreadable",               // only when a listing is refused (hostile_input_test)
};

Facts fixture_facts(const std::string& host, std::vector<std::string> vmx = {}) {
  HostBackend backend(std::string(VTUNE_FIXTURES_DIR) + "/hosts/" + host);
  Warnings warnings;
  ProbeOptions options{std::move(vmx)};
  return collect_facts(backend.host(), options, warnings);
}

}  // namespace

TEST_CASE("schema checker flags undocumented keys and wrong types") {
  static constexpr FactField kFields[] = {
      {"t", "map", "", ""},
      {"t.n", "int", "", ""},
      {"t.list", "list<map>", "", ""},
      {"t.list[].s", "enum:a|b", "", ""},
      {"t.free", "map<string,bool>", "", ""},
  };
  static const Probe kProbe{"t", "", kFields, nullptr};
  static const Probe* const kProbes[] = {&kProbe};
  Json good = {
      {"t", {{"n", 1}, {"list", {{{"s", "a"}}, {{"s", nullptr}}}}, {"free", {{"x", true}}}}}};
  CHECK(check_facts_schema(good, kProbes).problems.empty());
  Json bad = {{"t", {{"n", "1"}, {"list", {{{"s", "c"}}}}, {"free", {{"x", 3}}}, {"extra", 1}}}};
  auto problems = check_facts_schema(bad, kProbes).problems;
  CHECK(problems.size() == 4);
}

TEST_CASE("every fixture host's facts match the documented schema") {
  std::set<std::string> seen;
  for (const char* host : kFixtureHosts) {
    CAPTURE(host);
    SchemaReport report = check_facts_schema(fixture_facts(host), all_probes());
    std::string all;
    for (const std::string& p : report.problems) all += p + "\n";
    CHECK_MESSAGE(report.problems.empty(), all);
    seen.insert(report.seen_paths.begin(), report.seen_paths.end());
  }
  SchemaReport vmx = check_facts_schema(
      fixture_facts("vmware-guest", {"/vmfs/volumes/datastore1/web01/web01.vmx",
                                     "/vmfs/volumes/datastore1/db01/db01.vmx",
                                     "/vmfs/volumes/datastore1/legacy01/legacy01.vmx"}),
      all_probes());
  CHECK(vmx.problems.empty());
  seen.insert(vmx.seen_paths.begin(), vmx.seen_paths.end());
  // Every documented key holds a value on at least one fixture host, so the fixtures
  // exercise the whole schema.
  for (const char* path : kUnseenOnFixtures) seen.insert(path);
  std::string unseen;
  for (const Probe* p : all_probes())
    for (const FactField& f : p->schema)
      if (!seen.count(std::string(f.path))) unseen += std::string(f.path) + " ";
  CHECK_MESSAGE(unseen.empty(), "documented but never seen on a fixture: " << unseen);
}

TEST_CASE("docs/facts.md is generated from the schemas") {
  std::ifstream in(std::string(VTUNE_SOURCE_DIR) + "/docs/facts.md");
  std::stringstream text;
  text << in.rdbuf();
  CHECK_MESSAGE(text.str() == render_facts_markdown(all_probes()),
                "docs/facts.md is stale: run `build/vtune facts --schema > docs/facts.md`");
}

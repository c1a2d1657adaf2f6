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
#include "engine/facts/collect.h"
#include "engine/facts/host_backend.h"
#include "engine/lang/evaluate.h"
#include "engine/lang/library.h"
#include "engine/report/rules_markdown.h"

namespace vtune {
namespace {

const lang::RuleLibrary& shipped_library() {
  static const lang::RuleLibrary lib = [] {
    const std::string dir = std::string(VTUNE_SOURCE_DIR) + "/rules";
    Result<lang::RuleLibrary> loaded = lang::load_library(std::span<const std::string>(&dir, 1));
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

const char* const kHosts[] = {"vmware-guest", "kvm-guest", "baremetal-2s", "kvm-host",
                              "container-host"};

struct Outcome {
  lang::Evaluation eval;

  const lang::Setting* setting(std::string_view knob) const {
    for (const lang::Setting& s : eval.settings)
      if (s.knob == knob) return &s;
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

std::string value_of(const Outcome& o, std::string_view knob) {
  const lang::Setting* s = o.setting(knob);
  return s ? s->value : "<no setting for " + std::string(knob) + ">";
}

}  // namespace

TEST_CASE("rule library: every file checks without errors") {
  const lang::RuleLibrary& lib = shipped_library();
  INFO(render_diagnostics(lib.diagnostics, lib.sources));
  CHECK(lib.checked);
  CHECK_FALSE(lib.diagnostics.has_errors());
  CHECK(lib.rules.size() >= 60);
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

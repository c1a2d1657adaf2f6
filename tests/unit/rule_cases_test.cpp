// The per-rule test runner (engine/rulecheck): case files parsed with positions, cases run
// through the planner on an in-memory host, mismatches explained field by field, and the
// coverage lint reports.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "engine/lang/library.h"
#include "engine/rulecheck/rule_case_coverage.h"
#include "engine/rulecheck/rule_case_runner.h"
#include "engine/rulecheck/rule_cases.h"

namespace vtune {
namespace {

const lang::RuleLibrary& library() {
  static const lang::RuleLibrary lib = [] {
    lang::RuleLibrary l = lang::build_library({{"t.vtr", R"(
param backlog = 4096
rule net.t-backlog "Deep backlog" {
  severity low
  tags [t]
  when virt.guest == false
  set sysctl "net.core.somaxconn" = param.backlog
  set sysctl "net.core.netdev_max_backlog" = param.backlog
}
rule net.t-advice "Advice" {
  severity low
  tags [t]
  for n in nics where n.driver == "e1000"
  advise "NIC {n.name} is emulated"
}
)"}});
    REQUIRE(l.checked);
    return l;
  }();
  return lib;
}

struct Outcome {
  RuleCaseRun run;
  Diagnostics diags;
  std::string text;  // every message, one per line
};

Outcome run_text(const std::string& text, const std::string& path = "tests/net.t-backlog.json") {
  Outcome o;
  std::optional<RuleCaseFile> file = parse_rule_case_file(path, text, o.diags);
  if (file) o.run = run_rule_cases(library(), *file, o.diags);
  for (const Diagnostic& d : o.diags.items()) o.text += d.code + " " + d.message + "\n";
  return o;
}

const char* kPassing = R"({
  "rule": "net.t-backlog",
  "cases": [
    {
      "name": "raises both",
      "facts": {"virt": {"guest": false},
                "sysctl": {"net.core.somaxconn": "128", "net.core.netdev_max_backlog": "4096"}},
      "expect": [
        {"state": "change", "knob": "sysctl:net.core.somaxconn", "current": "128", "desired": "4096"},
        {"state": "compliant", "knob": "sysctl:net.core.netdev_max_backlog"}
      ]
    },
    {
      "name": "params apply",
      "params": {"backlog": 128},
      "facts": {"virt": {"guest": false}, "sysctl": {"net.core.somaxconn": "128"}},
      "files": {"/proc/sys/net/core/netdev_max_backlog": "1000\n"},
      "expect": [{"state": "compliant"}, {"state": "change", "current": "1000", "desired": "128"}]
    },
    {"name": "not in a guest", "facts": {"virt": {"guest": true}},
     "expect": [{"state": "not-applicable"}]}
  ]
})";

TEST_CASE("rule cases: a correct file passes every case") {
  Outcome o = run_text(kPassing);
  INFO(o.text);
  CHECK(o.run.passed == 3);
  CHECK(o.run.failed == 0);
  CHECK(o.diags.empty());
}

TEST_CASE("rule cases: a wrong expectation names rule, case, field, expected and actual") {
  std::string text = kPassing;
  text.replace(text.find("\"desired\": \"4096\""), 17, "\"desired\": \"8192\"");
  Outcome o = run_text(text);
  CHECK(o.run.passed == 2);
  CHECK(o.run.failed == 1);
  REQUIRE(o.diags.items().size() == 2);  // the expectation, and the item it left unmatched
  const Diagnostic& d = o.diags.items()[0];
  CHECK(d.code == "VT0405");
  CHECK(d.span.line == 5);  // the line of the case's name
  CHECK(d.message.find("rule 'net.t-backlog', case 'raises both'") == 0);
  CHECK(d.message.find("desired: expected '8192', got '4096'") != std::string::npos);
  CHECK(o.diags.items()[1].message.find("unexpected item change sysctl:net.core.somaxconn") !=
        std::string::npos);
}

TEST_CASE("rule cases: an unlisted item fails unless the case is not exact") {
  const char* strict = R"({"rule": "net.t-backlog", "cases": [{"name": "one of two",
    "facts": {"virt": {"guest": false}, "sysctl": {"net.core.somaxconn": "1", "net.core.netdev_max_backlog": "1"}},
    "expect": [{"knob": "sysctl:net.core.somaxconn"}]}]})";
  Outcome o = run_text(strict);
  CHECK(o.run.failed == 1);
  CHECK(o.text.find("unexpected item change sysctl:net.core.netdev_max_backlog") !=
        std::string::npos);
  std::string loose = strict;
  loose.replace(loose.find("\"expect\""), 8, "\"exact\": false, \"expect\"");
  CHECK(run_text(loose).run.passed == 1);
}

TEST_CASE("rule cases: expectations are matched as a whole, not greedily") {
  // The first expectation fits both items; a greedy pass would give it the one the second
  // expectation needs.
  Outcome o = run_text(R"({"rule": "net.t-backlog", "cases": [{"name": "any order",
    "facts": {"virt": {"guest": false}, "sysctl": {"net.core.somaxconn": "1", "net.core.netdev_max_backlog": "1"}},
    "expect": [{"state": "change"}, {"knob": "sysctl:net.core.netdev_max_backlog"}]}]})");
  INFO(o.text);
  CHECK(o.run.passed == 1);
}

TEST_CASE("rule cases: an expectation with no item says the rule produced none") {
  Outcome o = run_text(R"({"rule": "net.t-advice", "cases": [{"name": "virtio",
    "facts": {"nics": [{"name": "eth0", "driver": "virtio_net"}]},
    "expect": [{"state": "advisory", "message_contains": "eth0"}]}]})",
                       "tests/net.t-advice.json");
  CHECK(o.run.failed == 1);
  CHECK(o.text.find("nearest item is not-applicable") != std::string::npos);
  CHECK(o.text.find("state: expected 'advisory', got 'not-applicable'") != std::string::npos);
}

TEST_CASE("rule cases: invalid JSON is reported at its line and column") {
  Outcome o = run_text("{\n  \"rule\": \"net.t-backlog\",\n  \"cases\": [,]\n}\n");
  REQUIRE(o.diags.items().size() == 1);
  const Diagnostic& d = o.diags.items()[0];
  CHECK(d.code == "VT0401");
  CHECK(d.span.line == 3);
  CHECK(d.span.column == 13);
}

TEST_CASE("rule cases: malformed fields, unknown keys and a wrong file name are errors") {
  Outcome o = run_text(R"({"rule": "net.t-backlog", "cases": [
    {"name": "a", "facts": {}, "expect": [{"state": "changed"}]},
    {"name": "b", "fact": {}, "expect": []},
    {"name": "c", "expect": [{"current": 4096}]},
    {"name": 7, "expect": []}]})",
                       "tests/other.json");
  CHECK(o.text.find("VT0402 the case file for rule 'net.t-backlog' must be named") !=
        std::string::npos);
  CHECK(o.text.find("unknown state 'changed'") != std::string::npos);
  CHECK(o.text.find("unknown key 'fact' in rule 'net.t-backlog', case 'b'") != std::string::npos);
  CHECK(o.text.find("'current' must be a string, not number") != std::string::npos);
  CHECK(o.text.find("case #4 has no \"name\"") != std::string::npos);
  CHECK(o.run.passed + o.run.failed == 0);  // no usable case was run
}

TEST_CASE("rule cases: a fact the schema does not know, or an unknown param, fails the case") {
  Outcome o = run_text(R"({"rule": "net.t-backlog", "cases": [
    {"name": "typo", "facts": {"virt": {"gest": false}}, "expect": []},
    {"name": "param", "params": {"backlogg": 1}, "facts": {}, "expect": []}]})");
  CHECK(o.run.failed == 2);
  CHECK(o.text.find("VT0404 rule 'net.t-backlog', case 'typo': facts: ") != std::string::npos);
  CHECK(o.text.find("virt.gest") != std::string::npos);
  CHECK(o.text.find("VT0404 rule 'net.t-backlog', case 'param': params: ") != std::string::npos);
}

TEST_CASE("rule cases: a case file for a rule the library lacks fails") {
  Outcome o = run_text(R"({"rule": "net.gone", "cases": [{"name": "x", "expect": []}]})",
                       "tests/net.gone.json");
  CHECK(o.run.failed == 1);
  CHECK(o.text.find("VT0403 rule 'net.gone' is not in the rule library") != std::string::npos);
}

TEST_CASE("rule cases: lint reports rules without cases and cases without rules") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "vtune-rule-cases-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "tests");
  std::ofstream(dir / "tests" / "net.t-backlog.json") << kPassing;
  std::ofstream(dir / "tests" / "net.gone.json")
      << R"({"rule": "net.gone", "cases": [{"name": "x", "expect": []}]})";
  SourceFiles sources;
  Diagnostics diags;
  check_rule_case_coverage(library(), {{dir.string()}, {}}, sources, diags);
  std::string text;
  for (const Diagnostic& d : diags.items())
    text += d.code + " " + std::string(severity_name(d.severity)) + " " + d.message + "\n";
  INFO(text);
  CHECK(diags.error_count() == 0);
  CHECK(diags.warning_count() == 2);
  CHECK(text.find("VT0406 warning rule 'net.t-advice' has no test cases") != std::string::npos);
  CHECK(text.find("VT0403 warning case file for rule 'net.gone'") != std::string::npos);

  // Beside a single rule file, cases for rules in other files are not reported.
  Diagnostics partial;
  check_rule_case_coverage(library(), {{}, {dir.string()}}, sources, partial);
  CHECK(partial.warning_count() == 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vtune

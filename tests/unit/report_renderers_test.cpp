// The compliance renderers (JUnit, SARIF, Prometheus) on hand-built plans, and the atomic
// file replacement behind `check --output`.
#include <dirent.h>
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/lang/library.h"
#include "engine/report/atomic_write.h"
#include "engine/report/plan_junit.h"
#include "engine/report/plan_prometheus.h"
#include "engine/report/plan_sarif.h"

namespace vtune {
namespace {

PlanItem item(ItemState state, std::string rule, std::string knob, std::string severity) {
  PlanItem i;
  i.state = state;
  i.rule = std::move(rule);
  i.title = "Title of " + i.rule;
  i.area = "network";
  i.severity = std::move(severity);
  i.knob = std::move(knob);
  return i;
}

// One item per state, and text that needs escaping in every format.
Plan sample_plan() {
  Plan p;
  p.profile = "web<&\"prod\">";
  p.profile_chain = {"base", p.profile};
  p.root = "/";
  p.hostname = "h1";
  p.rules_selected = p.rules_applicable = 5;

  PlanItem ok =
      item(ItemState::Compliant, "net.n1-somaxconn", "sysctl:net.core.somaxconn", "medium");
  ok.current = ok.desired = 4096;
  p.items.push_back(ok);

  PlanItem change =
      item(ItemState::Change, "net.n2-backlog", "sysctl:net.core.netdev_max_backlog", "high");
  change.current = 1000;
  change.desired = 250000;
  change.message = "raise <backlog> & \"drops\"";
  Provenance prov;
  prov.runtime = 1000;
  prov.persisted = "1000";
  prov.persisted_file = "/etc/sysctl.d/90-local.conf";
  prov.persisted_line = 3;
  change.provenance = prov;
  p.items.push_back(change);

  PlanItem advisory = item(ItemState::Advisory, "net.n3-irq", "", "high");
  advisory.message = "pin IRQs\nby hand";
  p.items.push_back(advisory);

  PlanItem na = item(ItemState::NotApplicable, "net.n4-ring", "nic:eth0:rx-ring", "low");
  na.device = "eth0";
  na.message = "virtual NIC";
  p.items.push_back(na);

  PlanItem waived = item(ItemState::Waived, "net.n2-backlog", "sysctl:net.core.rmem_max", "high");
  waived.current = 212992;
  waived.desired = 16777216;
  waived.waiver_reason = "ticket \"OPS-1\" <pending>";
  waived.waiver_expires = "2027-06-30";
  p.items.push_back(waived);

  PlanItem error =
      item(ItemState::Error, "net.n5-\"quoted\"\\rule", "sysctl:net.ipv4.tcp_rmem", "low");
  error.message = "tcp_rmem's max > rmem_max";
  p.items.push_back(error);
  return p;
}

// --- A minimal XML well-formedness checker: elements nest, attribute values are quoted,
// --- and '<' and '&' appear only as markup or entity references.
bool valid_entity(const std::string& s, size_t at) {
  static const std::regex entity("&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
  size_t end = s.find(';', at);
  return end != std::string::npos && std::regex_match(s.substr(at, end - at + 1), entity);
}

std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  size_t i = 0;
  if (xml.rfind("<?xml", 0) == 0) i = xml.find("?>") + 2;
  int roots = 0;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      if (!valid_entity(xml, i)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (xml[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(xml[i])))
        return "text outside the root at " + std::to_string(i);
      ++i;
      continue;
    }
    size_t end = i + 1;
    char quote = 0;
    for (; end < xml.size(); ++end) {
      char c = xml[end];
      if (quote) {
        if (c == quote)
          quote = 0;
        else if (c == '<')
          return "'<' in an attribute at " + std::to_string(end);
        else if (c == '&' && !valid_entity(xml, end))
          return "bad entity in attribute";
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
    }
    if (end >= xml.size()) return "unterminated tag";
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.empty()) return "empty tag";
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1))
        return "mismatched </" + tag.substr(1) + ">";
      open.pop_back();
    } else {
      bool self_closing = tag.back() == '/';
      std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
      if (open.empty() && ++roots > 1) return "two root elements";
      if (!self_closing) open.push_back(name);
    }
    i = end + 1;
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

// The element with this attribute text, e.g. attr_of(xml, "testsuite ", "tests").
std::string attr_of(const std::string& xml, const std::string& element, const std::string& attr) {
  size_t at = xml.find("<" + element);
  if (at == std::string::npos) return "<missing element>";
  size_t close = xml.find('>', at);
  size_t a = xml.find(" " + attr + "=\"", at);
  if (a == std::string::npos || a > close) return "<missing attribute>";
  a += attr.size() + 3;
  return xml.substr(a, xml.find('"', a) - a);
}

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("junit: well-formed, counts per state, escaped") {
  const std::string xml = render_plan_junit(sample_plan());
  INFO(xml);
  CHECK(xml_problem(xml) == "");
  CHECK(attr_of(xml, "testsuite ", "name") == "vtune.web&lt;&amp;&quot;prod&quot;&gt;");
  CHECK(attr_of(xml, "testsuite ", "tests") == "6");
  CHECK(attr_of(xml, "testsuite ", "failures") == "1");
  CHECK(attr_of(xml, "testsuite ", "errors") == "1");
  CHECK(attr_of(xml, "testsuite ", "skipped") == "2");
  CHECK(count_of(xml, "<testcase ") == 6);
  CHECK(count_of(xml, "<failure ") == 1);
  CHECK(count_of(xml, "<error ") == 1);
  CHECK(count_of(xml, "<skipped ") == 2);
  // The drift failure names both values; the advisory is output, not a failure.
  CHECK(attr_of(xml, "failure", "message") == "current 1000, desired 250000");
  CHECK(xml.find("raise &lt;backlog&gt; &amp; &quot;drops&quot;") != std::string::npos);
  CHECK(xml.find("<system-out>advisory: pin IRQs&#10;by hand</system-out>") != std::string::npos);
  CHECK(xml.find("classname=\"net.n3-irq\" name=\"net.n3-irq\"") != std::string::npos);
  CHECK(xml.find("waived: ticket &quot;OPS-1&quot; &lt;pending&gt; (until 2027-06-30)") !=
        std::string::npos);
  CHECK(xml.find("name=\"nic:eth0:rx-ring\"") != std::string::npos);
  CHECK(xml.find("classname=\"net.n5-&quot;quoted&quot;\\rule\"") != std::string::npos);
}

TEST_CASE("junit: control characters cannot break the document") {
  CHECK(xml_escape(std::string("a\x01"
                               "b\tc",
                               5)) ==
        "a\xEF\xBF\xBD"
        "b&#9;c");
  Plan p;
  p.profile = "p";
  PlanItem i = item(ItemState::Error, "r", "", "low");
  i.message = std::string("bad\0byte\x1b[0m", 12);
  p.items.push_back(i);
  const std::string xml = render_plan_junit(p);
  CHECK(xml_problem(xml) == "");
  CHECK(xml.find('\x1b') == std::string::npos);
  CHECK(xml.find('\0') == std::string::npos);
}

TEST_CASE("junit: an empty plan is a suite with zero tests") {
  Plan p;
  p.profile = "empty";
  const std::string xml = render_plan_junit(p);
  CHECK(xml_problem(xml) == "");
  CHECK(attr_of(xml, "testsuite ", "tests") == "0");
  CHECK(count_of(xml, "<testcase") == 0);
}

namespace {

const lang::RuleLibrary& sarif_library() {
  static const lang::RuleLibrary lib = lang::build_library({{"t.vtr", R"(
rule net.n2-backlog "Deep backlog" {
  severity high
  tags [network, web]
  practice "N2"
  reference "Kernel docs: https://docs.kernel.org/networking/scaling.html."
  rationale "Bursts overflow a short backlog."
  set sysctl "net.core.netdev_max_backlog" = 250000
}
rule net.n3-irq "IRQ affinity" {
  severity medium
  tags [network]
  reference "Red Hat tuning guide"
  advise "pin IRQs"
}
)"}});
  return lib;
}

}  // namespace

TEST_CASE("sarif: 2.1.0 structure, rule table, result levels, suppressions") {
  const lang::RuleLibrary& lib = sarif_library();
  INFO(render_diagnostics(lib.diagnostics, lib.sources));
  REQUIRE(lib.find_rule("net.n2-backlog"));
  const std::string text = render_plan_sarif(sample_plan(), lib);
  INFO(text);
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text);
  CHECK(doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc["version"] == "2.1.0");
  REQUIRE(doc["runs"].size() == 1);
  const auto& driver = doc["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "vtune");
  CHECK(driver["version"].is_string());
  CHECK_FALSE(driver.contains("informationUri"));  // vtune has no public home page yet

  const auto& rules = driver["rules"];
  std::set<std::string> ids;
  for (const auto& r : rules) {
    CHECK(ids.insert(r["id"].get<std::string>()).second);
    CHECK(r["shortDescription"]["text"].is_string());
    CHECK_FALSE(r.contains("name"));  // SARIF1001: a name equal to the id must be omitted
  }
  // Every rule the plan mentions, once (net.n2-backlog has two items).
  CHECK(ids.size() == 5);

  // Library metadata: title, rationale, URL reference, tags, practice, level by severity.
  auto backlog = std::find_if(rules.begin(), rules.end(),
                              [](const auto& r) { return r["id"] == "net.n2-backlog"; });
  REQUIRE(backlog != rules.end());
  CHECK((*backlog)["shortDescription"]["text"] == "Deep backlog");
  CHECK((*backlog)["fullDescription"]["text"] == "Bursts overflow a short backlog.");
  CHECK((*backlog)["helpUri"] == "https://docs.kernel.org/networking/scaling.html");
  CHECK((*backlog)["help"]["text"].get<std::string>().find("Kernel docs:") == 0);
  CHECK((*backlog)["properties"]["tags"] == nlohmann::ordered_json({"network", "web"}));
  CHECK((*backlog)["properties"]["practice"] == "N2");
  CHECK((*backlog)["defaultConfiguration"]["level"] == "error");
  auto irq = std::find_if(rules.begin(), rules.end(),
                          [](const auto& r) { return r["id"] == "net.n3-irq"; });
  REQUIRE(irq != rules.end());
  CHECK_FALSE(irq->contains("helpUri"));  // the reference is not a URL
  CHECK((*irq)["defaultConfiguration"]["level"] == "warning");

  // Results: change, advisory, waived, error (not compliant or not-applicable).
  const auto& results = doc["runs"][0]["results"];
  REQUIRE(results.size() == 4);
  const std::set<std::string> levels = {"none", "note", "warning", "error"};
  for (const auto& r : results) {
    size_t index = r["ruleIndex"].get<size_t>();
    REQUIRE(index < rules.size());
    CHECK(rules[index]["id"] == r["ruleId"]);
    CHECK(levels.count(r["level"].get<std::string>()) == 1);
    CHECK(r["message"]["text"].is_string());
    CHECK(r["locations"][0]["logicalLocations"][0]["kind"] == "resource");
  }
  const auto& change = results[0];
  CHECK(change["ruleId"] == "net.n2-backlog");
  CHECK(change["level"] == "error");
  CHECK(change["locations"][0]["logicalLocations"][0]["name"] ==
        "sysctl:net.core.netdev_max_backlog");
  CHECK(change["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
        "file:///etc/sysctl.d/90-local.conf");
  CHECK(change["locations"][0]["physicalLocation"]["region"]["startLine"] == 3);
  CHECK_FALSE(change.contains("suppressions"));
  CHECK(results[1]["ruleId"] == "net.n3-irq");
  CHECK(results[1]["level"] == "note");
  CHECK(results[1]["locations"][0]["logicalLocations"][0]["name"] == "net.n3-irq");
  const auto& waived = results[2];
  REQUIRE(waived["suppressions"].size() == 1);
  CHECK(waived["suppressions"][0]["kind"] == "external");
  CHECK(waived["suppressions"][0]["justification"] == "ticket \"OPS-1\" <pending>");
  // An error item of a low rule is still at least a warning; unknown rules still get a
  // descriptor built from the item.
  CHECK(results[3]["level"] == "warning");
  CHECK(rules[results[3]["ruleIndex"].get<size_t>()]["shortDescription"]["text"] ==
        "Title of net.n5-\"quoted\"\\rule");
}

TEST_CASE("sarif: severity to level") {
  CHECK(sarif_level("high") == "error");
  CHECK(sarif_level("medium") == "warning");
  CHECK(sarif_level("low") == "note");
  CHECK(sarif_level("info") == "note");
}

TEST_CASE("prometheus: every line parses, HELP and TYPE once per metric, labels escaped") {
  const std::string text = render_plan_prometheus(sample_plan(), 1700000000);
  INFO(text);
  static const std::regex sample_line(
      R"re(^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\} (-?[0-9]+(?:\.[0-9]+)?)$)re");
  static const std::regex comment_line(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$)");
  std::map<std::string, int> help, type;
  std::map<std::string, std::vector<std::string>> samples;  // metric -> "labels value"
  std::string last_typed;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, comment_line)) {
      (m[1] == "HELP" ? help : type)[m[2]]++;
      if (m[1] == "TYPE") {
        CHECK(m[3] == "gauge");
        last_typed = m[2];
      }
    } else {
      REQUIRE_MESSAGE(std::regex_match(line, m, sample_line), line);
      CHECK(m[1] == last_typed);  // samples follow their own TYPE line
      samples[m[1]].push_back(std::string(m[2]) + " " + std::string(m[3]));
    }
  }
  for (const char* metric : {"vtune_rule_compliant", "vtune_drift_items", "vtune_items",
                             "vtune_check_timestamp_seconds"}) {
    CHECK(help[metric] == 1);
    CHECK(type[metric] == 1);
  }
  const std::string profile = R"(profile="web<&\"prod\">")";
  CHECK(samples["vtune_drift_items"] ==
        std::vector<std::string>{"profile=\"web<&\\\"prod\\\">\" 1"});
  CHECK(samples["vtune_check_timestamp_seconds"] ==
        std::vector<std::string>{profile + " 1700000000"});
  // Rules sorted by id: compliant only when every item is compliant, waived or n/a.
  CHECK(samples["vtune_rule_compliant"] ==
        std::vector<std::string>{
            profile + ",rule=\"net.n1-somaxconn\" 1", profile + ",rule=\"net.n2-backlog\" 0",
            profile + ",rule=\"net.n3-irq\" 0", profile + ",rule=\"net.n4-ring\" 1",
            profile + R"(,rule="net.n5-\"quoted\"\\rule" 0)"});
  CHECK(samples["vtune_items"] ==
        std::vector<std::string>{profile + ",state=\"compliant\" 1",
                                 profile + ",state=\"change\" 1", profile + ",state=\"advisory\" 1",
                                 profile + ",state=\"not-applicable\" 1",
                                 profile + ",state=\"waived\" 1", profile + ",state=\"error\" 1",
                                 profile + ",state=\"unknown\" 0"});
  CHECK(prometheus_label_escape("a\nb\\c\"d") == R"(a\nb\\c\"d)");
  // Same plan, same output.
  CHECK(render_plan_prometheus(sample_plan(), 1700000000) == text);
}

namespace {

std::string temp_dir() {
  char name[] = "/tmp/vtune-atomic-XXXXXX";
  REQUIRE(::mkdtemp(name) != nullptr);
  return name;
}

std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") out.push_back(e->d_name);
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("atomic write: creates, replaces, leaves no temporary file") {
  const std::string dir = temp_dir();
  const std::string path = dir + "/vtune.prom";
  REQUIRE(write_file_atomically(path, "first\n").ok());
  CHECK(slurp(path) == "first\n");
  REQUIRE(write_file_atomically(path, "second, longer\n").ok());
  CHECK(slurp(path) == "second, longer\n");
  REQUIRE(write_file_atomically(path, "").ok());
  CHECK(slurp(path) == "");
  CHECK(entries(dir) == std::vector<std::string>{"vtune.prom"});
  ::unlink(path.c_str());
  ::rmdir(dir.c_str());
}

TEST_CASE("atomic write: a failure reports the path and leaves the target untouched") {
  const std::string dir = temp_dir();
  // The target is a non-empty directory: rename(2) refuses, and the temporary file goes.
  const std::string target = dir + "/out";
  REQUIRE(::mkdir(target.c_str(), 0755) == 0);
  const std::string inner = target + "/keep";
  REQUIRE(write_file_atomically(inner, "kept").ok());
  Result<void> r = write_file_atomically(target, "new");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().err != 0);
  CHECK(r.error().message().find(target) != std::string::npos);
  CHECK(entries(dir) == std::vector<std::string>{"out"});
  CHECK(slurp(inner) == "kept");

  // A missing directory fails before anything is created.
  Result<void> missing = write_file_atomically(dir + "/no/such/file", "x");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().err == ENOENT);
  CHECK_FALSE(write_file_atomically("", "x").ok());

  ::unlink(inner.c_str());
  ::rmdir(target.c_str());
  ::rmdir(dir.c_str());
}

}  // namespace vtune

// Bytes from host files and rule files that are not UTF-8, or that command a terminal, must
// not end the audit nor reach the output raw (docs/output-formats.md, "Bytes that are not
// UTF-8"); a listing that could not be read makes its rules unknown, not not-applicable.
#include <doctest/doctest.h>

#include <cerrno>
#include <string>

#include "engine/core/diagnostics.h"
#include "engine/core/ethtool_port.h"
#include "engine/core/memory_host_fs.h"
#include "engine/core/text_escape.h"
#include "engine/core/utf8_input.h"
#include "engine/core/warning_summary.h"
#include "engine/facts/json_text.h"
#include "engine/facts/probe.h"
#include "engine/facts/root_check.h"
#include "engine/facts/unreadable.h"
#include "engine/lang/library.h"
#include "engine/plan/file_errors.h"
#include "engine/plan/unknown_items.h"
#include "engine/report/diagnostic_codes.h"
#include "engine/report/facts_text.h"
#include "engine/report/plan_json.h"
#include "engine/report/plan_junit.h"
#include "engine/report/plan_prometheus.h"
#include "engine/report/plan_sarif.h"
#include "engine/report/plan_text.h"
#include "probes/probes.h"

using namespace vtune;

namespace {

const std::string kBadByte = "4096\xff";
const std::string kClear = "\x1b[2J\x1b]0;owned\x07";

PlanItem sysctl_item(ItemState state, Json current, Json desired) {
  PlanItem i;
  i.state = state;
  i.rule = "net.n2-somaxconn";
  i.title = "Deep accept queue";
  i.area = "network";
  i.severity = "medium";
  i.knob = "sysctl:net.core.somaxconn";
  i.current = std::move(current);
  i.desired = std::move(desired);
  return i;
}

Plan hostile_plan() {
  Plan p;
  p.profile = "base";
  p.profile_chain = {"base"};
  p.root = "/";
  p.hostname = "host\xfe";
  PlanItem change = sysctl_item(ItemState::Change, kBadByte + kClear, 65535);
  change.message = "why " + kClear + " \xc3";
  p.items.push_back(change);
  PlanItem err = sysctl_item(ItemState::Error, nullptr, 1);
  err.message = "cannot read \xef\xbf\xbe" + kBadByte;
  p.items.push_back(err);
  return p;
}

const lang::RuleLibrary& no_rules() {
  static const lang::RuleLibrary lib;
  return lib;
}

bool has_raw_escape(const std::string& s) {
  return s.find('\x1b') != std::string::npos || s.find('\x07') != std::string::npos;
}

}  // namespace

TEST_CASE("hostile bytes: JSON output replaces invalid UTF-8 instead of throwing") {
  Plan p = hostile_plan();
  std::string json;
  REQUIRE_NOTHROW(json = dump_json(plan_to_json(p), 2));
  CHECK_FALSE(find_invalid_utf8(json));
  CHECK(json.find("4096\xef\xbf\xbd") != std::string::npos);  // 0xFF became U+FFFD
  // JSON escapes control characters itself.
  CHECK(json.find("\\u001b[2J") != std::string::npos);
  CHECK_FALSE(has_raw_escape(json));
  Facts facts = {{"sysctl", {{"kernel.hostname", "h\xff"}}}};
  CHECK_NOTHROW((void)dump_json(facts));
}

TEST_CASE("hostile bytes: JUnit stays well-formed XML 1.0") {
  std::string xml = render_plan_junit(hostile_plan());
  CHECK_FALSE(find_invalid_utf8(xml));
  CHECK_FALSE(has_raw_escape(xml));
  CHECK(xml.find("\xef\xbf\xbe") == std::string::npos);  // U+FFFE is not an XML character
  CHECK(xml_escape("a\xff"
                   "b") ==
        "a\xef\xbf\xbd"
        "b");
  CHECK(xml_escape("\xef\xbf\xbf") == "\xef\xbf\xbd");
  CHECK(xml_escape("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("hostile bytes: SARIF and Prometheus are valid UTF-8") {
  Plan p = hostile_plan();
  CHECK_FALSE(find_invalid_utf8(render_plan_sarif(p, no_rules())));
  p.profile = "we\xffird\"\\";
  std::string prom = render_plan_prometheus(p, 0);
  CHECK_FALSE(find_invalid_utf8(prom));
  CHECK(prom.find("profile=\"we\xef\xbf\xbdird\\\"\\\\\"") != std::string::npos);
}

TEST_CASE("hostile bytes: the text plan shows escapes, never sends them") {
  std::string text = render_plan_text(hostile_plan());
  CHECK_FALSE(has_raw_escape(text));
  CHECK(text.find("\\x1b[2J") != std::string::npos);
  CHECK(text.find("4096\\xff") != std::string::npos);  // the byte, shown losslessly
  // vtune's own colours still work.
  PlanTextOptions color;
  color.color = true;
  std::string colored = render_plan_text(hostile_plan(), color);
  CHECK(colored.find("\033[33m") != std::string::npos);
  CHECK(colored.find("\x1b[2J") == std::string::npos);
}

TEST_CASE("hostile bytes: facts text escapes host values") {
  Json f = {{"kernel", {{"release", "6.8.0" + kClear}}}};
  std::string text = render_facts_text(f);
  CHECK_FALSE(has_raw_escape(text));
  CHECK(text.find("6.8.0\\x1b[2J") != std::string::npos);
}

TEST_CASE("hostile bytes: a lint excerpt escapes the source line and keeps the caret under it") {
  SourceFiles sources;
  sources.add("r.vtr", "  title \"\x1b[2J\" oops\n");
  Diagnostic d{"VT0101", Severity::Error, {"r.vtr", 1, 16, 4}, "unexpected \x1b[2J", ""};
  std::string out = render_diagnostic(d, sources);
  CHECK_FALSE(has_raw_escape(out));
  CHECK(out.find(" 1 |   title \"\\x1b[2J\" oops\n") != std::string::npos);
  // Column 16 is 'o' of "oops"; after escaping, the caret moves right by the 3 added bytes.
  INFO(out);
  CHECK(out.find("   | " + std::string(18, ' ') + "^~~~\n") != std::string::npos);
}

TEST_CASE("VT0390: a rule file that is not UTF-8 is rejected at the byte's line and column") {
  Diagnostics d;
  CHECK(require_utf8("ok.vtr", "caf\xc3\xa9\n", d));
  CHECK_FALSE(require_utf8("bad.vtr", "line one\nab \"\xff\"\n", d));
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "VT0390");
  CHECK(d.items()[0].span.line == 2);
  CHECK(d.items()[0].span.column == 5);
  CHECK(find_diagnostic_code("VT0390") != nullptr);

  lang::RuleLibrary lib =
      lang::build_library({{"bad.vtr", "rule x.y \"t\" {\n  advise \"caf\xe9\"\n}\n"}});
  CHECK_FALSE(lib.checked);
  REQUIRE(lib.diagnostics.has_errors());
  CHECK(lib.diagnostics.items()[0].code == "VT0390");
  CHECK(lib.diagnostics.items()[0].span.line == 2);
  CHECK(lib.diagnostics.items()[0].span.column == 14);
}

TEST_CASE("exit codes: unknown is an incomplete audit, below error and drift") {
  Plan p;
  p.items.push_back(sysctl_item(ItemState::Compliant, 1, 1));
  CHECK(plan_exit_code(p) == 0);
  p.items.push_back(sysctl_item(ItemState::Unknown, nullptr, 1));
  CHECK(plan_exit_code(p) == kExitIncomplete);
  CHECK(kExitIncomplete == 4);
  CHECK(p.counts().unknown == 1);
  CHECK(p.counts().total() == 2);
  p.items.push_back(sysctl_item(ItemState::Change, 1, 2));
  CHECK(plan_exit_code(p) == kExitDrift);
  p.items.push_back(sysctl_item(ItemState::Error, nullptr, 2));
  CHECK(plan_exit_code(p) == kExitError);
  CHECK(item_state_name(ItemState::Unknown) == "unknown");
}

TEST_CASE("unknown items: each renderer shows the state") {
  Plan p;
  p.profile = "base";
  PlanItem u = sysctl_item(ItemState::Unknown, nullptr, 1);
  u.message = "not checkable here: open /proc/sys/net/core/somaxconn: Permission denied";
  p.items.push_back(u);
  Json j = plan_to_json(p);
  CHECK(j["summary"]["unknown"] == 1);
  CHECK(j["items"][0]["state"] == "unknown");
  std::string xml = render_plan_junit(p);
  CHECK(xml.find("<skipped message=\"unknown: not checkable here") != std::string::npos);
  std::string sarif = render_plan_sarif(p, no_rules());
  CHECK(sarif.find("\"kind\": \"open\"") != std::string::npos);
  std::string prom = render_plan_prometheus(p, 0);
  CHECK(prom.find("state=\"unknown\"} 1") != std::string::npos);
  CHECK(prom.find("rule=\"net.n2-somaxconn\"} 0") != std::string::npos);
  std::string text = render_plan_text(p);
  CHECK(text.find("unknown") != std::string::npos);
  CHECK(plan_summary_line(p).find("1 unknown") != std::string::npos);
}

TEST_CASE("daemon.json that does not parse is one error item with its position") {
  std::vector<PlanItem> items;
  const std::string why =
      "cannot read the current value: /etc/docker/daemon.json:3:5: error[VT0301]: expected '}'";
  for (const char* knob :
       {"daemon_json:storage-driver", "daemon_json:log-driver", "daemon_json:log-opts.max-size"}) {
    PlanItem i = sysctl_item(ItemState::Error, nullptr, 0);
    i.rule = "docker.c1";
    i.knob = knob;
    i.message = why;
    items.push_back(i);
  }
  items.push_back(sysctl_item(ItemState::Compliant, 1, 1));
  merge_file_errors(items);
  REQUIRE(items.size() == 2);
  CHECK(items[0].state == ItemState::Error);
  CHECK(items[0].knob.empty());  // no "- -> 0"
  CHECK(items[0].desired.is_null());
  CHECK(items[0].message.find("daemon.json:3:5") != std::string::npos);
  CHECK(items[0].message.find("3 settings wait on it") != std::string::npos);
  CHECK(items[1].state == ItemState::Compliant);
}

TEST_CASE("an unreadable /sys/class/net is unknown, not an empty NIC list") {
  MemoryHostFs fs;
  fs.add_error("/sys/class/net", EACCES);
  struct NoCpuid final : CpuidSource {
    CpuidInfo read() const override { return {}; }
  } cpuid;
  auto ethtool = make_snapshot_ethtool(fs);
  auto devices = make_sysfs_device_source(fs);
  Host host{fs, cpuid, *ethtool, *devices, false};
  ProbeOptions options;
  Warnings warnings;
  ProbeContext ctx(host, options, warnings);
  Facts facts = Json::object();
  kNicProbe.collect(ctx, facts);
  CHECK(facts["nics"].is_null());
  REQUIRE(unreadable_reason(facts, "nics"));
  CHECK(unreadable_reason(facts, "nics")->find("Permission denied") != std::string::npos);
  CHECK_FALSE(warnings.empty());

  // A rule that iterates over nics becomes one unknown item; one that does not is untouched.
  lang::RuleLibrary lib = lang::build_library({{"t.vtr",
                                                "rule nic.t-ring \"ring\" {\n"
                                                "  for n in nics where n.ring.rx_max != null\n"
                                                "  advise \"grow {n.name}\"\n"
                                                "}\n"
                                                "rule mem.t-thp \"thp\" {\n"
                                                "  when memory.thp == \"always\"\n"
                                                "  advise \"thp\"\n"
                                                "}\n"}});
  INFO(render_diagnostics(lib.diagnostics, lib.sources));
  REQUIRE(lib.checked);
  REQUIRE(lib.find_rule("nic.t-ring"));
  CHECK(fact_roots_read(*lib.find_rule("nic.t-ring")).count("nics") == 1);
  std::vector<PlanItem> items;
  PlanItem na;
  na.state = ItemState::NotApplicable;
  na.rule = "nic.t-ring";
  items.push_back(na);
  na.rule = "mem.t-thp";
  items.push_back(na);
  mark_unknown_items(items, lib, facts);
  REQUIRE(items.size() == 2);
  CHECK(items[0].state == ItemState::Unknown);
  CHECK(items[0].message.find("nics") != std::string::npos);
  CHECK(items[1].state == ItemState::NotApplicable);
}

TEST_CASE("an empty or wrong --root is refused, a snapshot is not") {
  MemoryHostFs empty;
  std::optional<std::string> why = unusable_root_reason(empty);
  REQUIRE(why);
  CHECK(why->find("vtune snapshot") != std::string::npos);

  MemoryHostFs hollow;  // proc/ and sys/ exist, but nothing in them can be read
  hollow.add_file("/proc/version", "Linux\n");
  hollow.add_file("/sys/kernel/mm/transparent_hugepage/enabled", "[never]\n");
  CHECK(unusable_root_reason(hollow));

  MemoryHostFs host;
  host.add_file("/proc/meminfo", "MemTotal: 1024 kB\n");
  CHECK_FALSE(unusable_root_reason(host));
}

TEST_CASE("permission refusals are named once per path pattern") {
  Warnings w;
  for (int irq = 0; irq < 48; ++irq)
    w.add("/proc/irq/" + std::to_string(irq) + "/smp_affinity_list",
          "open /proc/irq/" + std::to_string(irq) + "/smp_affinity_list: Permission denied");
  w.add("/proc/1/environ", "open /proc/1/environ: Permission denied");
  w.add("/sys/class/net/eth0/speed", "not a speed");
  std::vector<Warning> s = summarize_warnings(w);
  REQUIRE(s.size() == 3);
  CHECK(s[0].path == "/proc/irq/*/smp_affinity_list");
  CHECK(s[0].message == "permission denied, 48 files");
  CHECK(s[1].path == "/proc/1/environ");  // alone: kept as it was
  CHECK(s[2].message == "not a speed");
  CHECK(path_pattern("/proc/12/task/7/stat") == "/proc/*/task/*/stat");
}

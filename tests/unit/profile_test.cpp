// Profiles: parsing one file, include chains and merging, validation against synthetic rule
// libraries, rule selection and waiver matching.
#include <doctest/doctest.h>

#include <algorithm>

#include "engine/core/memory_host_fs.h"
#include "engine/lang/library.h"
#include "engine/profile/nearest.h"
#include "engine/profile/profile_file.h"
#include "engine/profile/profile_loader.h"
#include "engine/profile/selection.h"
#include "engine/profile/validate.h"
#include "engine/report/diagnostic_codes.h"

using namespace vtune;

namespace {

const Diagnostic* find_code(const Diagnostics& d, std::string_view code) {
  for (const Diagnostic& x : d.items())
    if (x.code == code) return &x;
  return nullptr;
}

std::string codes(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.items()) out += x.code + " " + x.message + "\n";
  return out;
}

std::vector<ParamSpec> specs() {
  return {
      {"somaxconn", "int", Json(4096), {"rules/network.vtr", 3, 1, 5}},
      {"socket_buffer_max", "size", Json(134217728), {"rules/network.vtr", 1, 1, 5}},
      {"link_floor", "rate", Json(10'000'000'000), {"rules/network.vtr", 2, 1, 5}},
      {"fin_timeout", "duration", Json(15'000'000'000), {"rules/network.vtr", 4, 1, 5}},
      {"dirty_ratio", "percent", Json(2000), {"rules/memory.vtr", 1, 1, 5}},
      {"pin_irqs", "bool", Json(false), {"rules/network.vtr", 5, 1, 5}},
      {"scheduler", "string", Json("mq-deadline"), {"rules/storage.vtr", 1, 1, 5}},
      {"ratio", "float", Json(0.5), {"rules/memory.vtr", 2, 1, 5}},
      {"port_range", "list<int>", Json::array({1024, 65535}), {"rules/network.vtr", 6, 1, 5}},
  };
}

std::vector<RuleSummary> rules() {
  return {
      {"net.socket-buffers", {"web", "network", "throughput"}, {}},
      {"net.somaxconn", {"web", "base"}, {}},
      {"nic.coalesce-adaptive", {"network", "latency"}, {}},
      {"vm.swappiness-low", {"base", "memory"}, {}},
      {"guest.vmxnet3", {"virt", "guest", "vmware"}, {}},
  };
}

ProfileFile parse_ok(std::string_view text, Diagnostics& d) {
  std::optional<ProfileFile> f = parse_profile_file(text, "/p/test.toml", d);
  REQUIRE(f);
  return *f;
}

// Loads `name` from an in-memory search path /p holding `files` (name -> text).
std::optional<Profile> load_from(const std::vector<std::pair<std::string, std::string>>& files,
                                 std::string_view name, Diagnostics& d) {
  MemoryHostFs fs;
  for (const auto& [n, text] : files) fs.add_file("/p/" + n + ".toml", text);
  ProfileLoader loader(fs, {"/p"});
  return loader.load(name, d);
}

Profile profile_with(std::string_view text) {
  Diagnostics d;
  std::optional<Profile> p = load_from({{"t", std::string(text)}}, "t", d);
  INFO(codes(d));
  REQUIRE(p);
  return *p;
}

}  // namespace

TEST_CASE("profile: a complete file parses into its fields") {
  Diagnostics d;
  ProfileFile f = parse_ok(R"(
[profile]
name = "test"
summary = "Web front ends"
include = ["base", "network"]
persist = true
[rules]
tags = ["web", "network"]
enable = ["guest.vmxnet3"]
disable = ["vm.swappiness-low"]
[params]
somaxconn = 65535
socket_buffer_max = "256MiB"
[[waivers]]
rule = "nic.coalesce-adaptive"
knob = "ethtool:eno1:*"
device = "eno*"
reason = "the vendor tool manages coalescing"
expires = 2027-06-30
[verify]
benchmarks = ["net.tcp_rr", "net.accept_burst"]
max_regression = "5%"
repetitions = 7
)",
                           d);
  INFO(codes(d));
  CHECK(d.empty());
  CHECK(f.name == "test");
  CHECK(f.summary == "Web front ends");
  REQUIRE(f.includes.size() == 2);
  CHECK(f.includes[1].name == "network");
  CHECK(f.includes[1].where.line == 5);
  CHECK(f.persist == true);
  CHECK(f.tags.size() == 2);
  CHECK(f.enable[0].name == "guest.vmxnet3");
  CHECK(f.disable[0].name == "vm.swappiness-low");
  // toml++ keeps a table's keys sorted, so params come by name; the spans keep the order.
  REQUIRE(f.params.size() == 2);
  CHECK(f.params[1].first == "somaxconn");
  CHECK(f.params[1].second.value == 65535);
  CHECK(f.params[1].second.where.line == 12);
  CHECK(f.params[1].second.where.column == 1);
  CHECK(f.params[1].second.where.length == 9);
  CHECK(f.params[0].second.value == "256MiB");
  REQUIRE(f.waivers.size() == 1);
  CHECK(f.waivers[0].knob == "ethtool:eno1:*");
  CHECK(f.waivers[0].device == "eno*");
  CHECK(f.waivers[0].expires == Date{2027, 6, 30});
  REQUIRE(f.benchmarks);
  CHECK(f.benchmarks->size() == 2);
  CHECK(f.max_regression == 500);
  CHECK(f.repetitions == 7);
}

TEST_CASE("profile: bad TOML is one diagnostic at toml++'s line and column") {
  Diagnostics d;
  CHECK_FALSE(
      parse_profile_file("[profile]\nsummary = \"x\"\ninclude = [\"base\"\n", "/p/t.toml", d));
  REQUIRE(d.items().size() == 1);
  const Diagnostic& e = d.items()[0];
  CHECK(e.code == "VT0201");
  CHECK(e.span.file == "/p/t.toml");
  // The array is still open at the line break after "base": toml++ stops right there.
  CHECK(e.span.line == 3);
  CHECK(e.span.column == 19);

  Diagnostics d2;
  CHECK_FALSE(parse_profile_file("[profile]\nsummary = \"unterminated\n", "/p/t.toml", d2));
  REQUIRE(d2.items().size() == 1);
  CHECK(d2.items()[0].span.line == 2);

  Diagnostics d3;
  CHECK_FALSE(parse_profile_file("[profile]\nsummary = 'a'\nsummary = 'b'\n", "/p/t.toml", d3));
  REQUIRE(d3.items().size() == 1);
  CHECK(d3.items()[0].span.line == 3);
  CHECK(d3.items()[0].span.column == 11);

  // toml++ itself rejects a day the month does not have.
  Diagnostics d4;
  CHECK_FALSE(
      parse_profile_file("[profile]\nsummary = 'x'\n[[waivers]]\nrule = 'a'\n"
                         "reason = 'r'\nexpires = 2027-02-30\n",
                         "/p/t.toml", d4));
  REQUIRE(d4.items().size() == 1);
  CHECK(d4.items()[0].code == "VT0201");
  CHECK(d4.items()[0].span.line == 6);
  CHECK(d4.items()[0].message.find("day") != std::string::npos);
}

TEST_CASE("profile: unknown keys and tables are errors naming the nearest key") {
  Diagnostics d;
  parse_ok("[profile]\nsumary = \"x\"\n[param]\nsomaxconn = 1\n[verify]\nrepetition = 3\n", d);
  std::vector<Diagnostic> unknown;
  for (const Diagnostic& x : d.items())
    if (x.code == "VT0204") unknown.push_back(x);
  REQUIRE(unknown.size() == 3);
  d.sort();
  CHECK(unknown[0].message == "unknown key 'param' in the profile");
  CHECK(unknown[0].hint == "did you mean 'params'?");
  CHECK(unknown[0].span.line == 3);
  CHECK(unknown[0].span.column == 2);
  CHECK(unknown[1].message == "unknown key 'sumary' in [profile]");
  CHECK(unknown[1].hint == "did you mean 'summary'?");
  CHECK(unknown[1].span.line == 2);
  CHECK(unknown[2].hint == "did you mean 'repetitions'?");
  // The misspelt summary also leaves the profile without one.
  CHECK(find_code(d, "VT0206"));
}

TEST_CASE("profile: wrong value types and a missing [profile] are reported") {
  Diagnostics d;
  parse_ok(
      "[profile]\nsummary = \"x\"\ninclude = \"base\"\npersist = \"yes\"\n"
      "[rules]\ntags = [\"web\", 3]\n",
      d);
  std::vector<std::string> types;
  for (const Diagnostic& x : d.items())
    if (x.code == "VT0205") types.push_back(x.message);
  REQUIRE(types.size() == 3);
  CHECK(types[0] == "'include' must be an array of strings, not a string");
  CHECK(types[1] == "'persist' must be true or false, not a string");
  CHECK(types[2] == "entries of 'tags' must be strings, not an integer");

  Diagnostics d2;
  parse_ok("[rules]\ntags = [\"web\"]\n", d2);
  REQUIRE(find_code(d2, "VT0206"));
  CHECK(find_code(d2, "VT0206")->span.line == 1);  // the whole file: 1:1
}

TEST_CASE("profile: waivers need a rule and a reason, and a real date") {
  Diagnostics d;
  ProfileFile f = parse_ok(R"([profile]
summary = "x"
[[waivers]]
rule = "a.b"
reason = "   "
[[waivers]]
reason = "no rule"
[[waivers]]
rule = "a.b"
reason = "bad date"
expires = "2027-02-30"
[[waivers]]
rule = "a.b"
reason = "a time"
expires = 2027-02-03T10:00:00
[[waivers]]
rule = "a.b"
reason = "quoted but fine"
expires = "2028-02-29"
)",
                           d);
  CHECK(f.waivers.size() == 1);
  CHECK(f.waivers[0].expires == Date{2028, 2, 29});
  std::vector<std::pair<std::string, uint32_t>> got;
  for (const Diagnostic& x : d.items()) got.emplace_back(x.code, x.span.line);
  CHECK(got == std::vector<std::pair<std::string, uint32_t>>{
                   {"VT0206", 5}, {"VT0206", 6}, {"VT0211", 11}, {"VT0211", 15}});
}

TEST_CASE("profile: dates are calendar days") {
  CHECK(parse_date("2024-02-29") == Date{2024, 2, 29});
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("1900-02-29"));
  CHECK(parse_date("2000-02-29"));
  CHECK_FALSE(parse_date("2027-13-01"));
  CHECK_FALSE(parse_date("2027-6-30"));
  CHECK_FALSE(parse_date("+027-06-30"));
  CHECK(format_date({2027, 6, 3}) == "2027-06-03");
}

TEST_CASE("profile: [verify] names known benchmarks and sane limits") {
  Diagnostics d;
  ProfileFile f = parse_ok(R"([profile]
summary = "x"
[verify]
benchmarks = ["net.tcp_rr", "net.tcp-rr", "disk.iops"]
max_regression = 5
repetitions = 2
)",
                           d);
  REQUIRE(f.benchmarks);
  CHECK(f.benchmarks->size() == 1);
  std::vector<Diagnostic> bench;
  for (const Diagnostic& x : d.items())
    if (x.code == "VT0213") bench.push_back(x);
  REQUIRE(bench.size() == 2);
  CHECK(bench[0].message == "unknown benchmark 'net.tcp-rr'");
  CHECK(bench[0].hint == "did you mean 'net.tcp_rr'?");
  CHECK(bench[0].span.line == 4);
  CHECK(bench[0].span.column == 29);
  CHECK(bench[1].hint.find("known benchmarks") != std::string::npos);
  int verify_errors = 0;
  for (const Diagnostic& x : d.items()) verify_errors += x.code == "VT0214";
  CHECK(verify_errors == 2);
  CHECK_FALSE(f.max_regression);
  CHECK_FALSE(f.repetitions);

  Diagnostics d2;
  ProfileFile g = parse_ok("[profile]\nsummary='x'\n[verify]\nmax_regression = \"250%\"\n", d2);
  CHECK(find_code(d2, "VT0214"));
}

TEST_CASE("profile: include chains merge parents first, later includes win") {
  Diagnostics d;
  std::optional<Profile> p = load_from(
      {
          {"base", R"([profile]
summary = "base"
[rules]
tags = ["base"]
disable = ["guest.vmxnet3"]
[params]
somaxconn = 1024
pin_irqs = false
[[waivers]]
rule = "net.somaxconn"
reason = "from base"
[verify]
benchmarks = ["cpu.int"]
repetitions = 3
)"},
          {"net", R"([profile]
summary = "net"
include = ["base"]
persist = true
[rules]
tags = ["network", "base"]
[params]
somaxconn = 2048
scheduler = "none"
)"},
          {"other", R"([profile]
summary = "other"
include = ["base"]
[params]
scheduler = "bfq"
)"},
          {"web", R"([profile]
summary = "web"
include = ["net", "other"]
[rules]
tags = ["web"]
enable = ["guest.vmxnet3"]
disable = ["vm.swappiness-low"]
[params]
pin_irqs = true
[verify]
max_regression = "3%"
)"},
      },
      "web", d);
  INFO(codes(d));
  REQUIRE(p);
  CHECK(d.empty());
  std::vector<std::string> chain;
  for (const ChainEntry& c : p->chain) chain.push_back(c.name);
  // The diamond's shared parent appears once, before both children.
  CHECK(chain == std::vector<std::string>{"base", "net", "other", "web"});
  CHECK(p->chain.back().file == "/p/web.toml");
  CHECK(p->name == "web");
  CHECK(p->includes == std::vector<std::string>{"net", "other"});
  std::vector<std::string> tags;
  for (const ProfileRef& t : p->tags) tags.push_back(t.name);
  CHECK(tags == std::vector<std::string>{"base", "network", "web"});
  // A child overrides a parent; of two includes, the later wins.
  CHECK(p->params.at("somaxconn").value == 2048);
  CHECK(p->params.at("somaxconn").where.file == "/p/net.toml");
  CHECK(p->params.at("scheduler").value == "bfq");
  CHECK(p->params.at("pin_irqs").value == true);
  CHECK(p->params.at("pin_irqs").where.file == "/p/web.toml");
  // web's enable overrides base's disable.
  CHECK(p->enable.size() == 1);
  REQUIRE(p->disable.size() == 1);
  CHECK(p->disable[0].name == "vm.swappiness-low");
  CHECK(p->waivers.size() == 1);
  CHECK(p->persist);
  CHECK(p->verify.benchmarks.size() == 1);
  CHECK(p->verify.repetitions == 3);
  CHECK(p->verify.max_regression == 300);
}

TEST_CASE("profile: include cycles are errors that name the cycle") {
  Diagnostics d;
  std::optional<Profile> p = load_from(
      {
          {"a", "[profile]\nsummary = 'a'\ninclude = ['b']\n"},
          {"b", "[profile]\nsummary = 'b'\ninclude = ['c']\n"},
          {"c", "[profile]\nsummary = 'c'\ninclude = ['a']\n"},
      },
      "a", d);
  CHECK_FALSE(p);
  REQUIRE(d.items().size() == 1);
  const Diagnostic& e = d.items()[0];
  CHECK(e.code == "VT0203");
  CHECK(e.message == "include cycle: a -> b -> c -> a");
  CHECK(e.span.file == "/p/c.toml");
  CHECK(e.span.line == 3);
  CHECK(e.span.column == 12);

  Diagnostics self;
  CHECK_FALSE(load_from({{"s", "[profile]\nsummary = 's'\ninclude = ['s']\n"}}, "s", self));
  REQUIRE(find_code(self, "VT0203"));
  CHECK(find_code(self, "VT0203")->message == "include cycle: s -> s");
}

TEST_CASE("profile: missing profiles and includes are reported with a suggestion") {
  Diagnostics d;
  CHECK_FALSE(load_from({{"base", "[profile]\nsummary = 'b'\n"},
                         {"web", "[profile]\nsummary = 'w'\ninclude = ['bsae']\n"}},
                        "web", d));
  REQUIRE(find_code(d, "VT0202"));
  CHECK(find_code(d, "VT0202")->span.line == 3);

  Diagnostics d2;
  CHECK_FALSE(load_from({{"base", "[profile]\nsummary = 'b'\n"}}, "bsae", d2));
  REQUIRE(find_code(d2, "VT0202"));
  CHECK(find_code(d2, "VT0202")->hint == "did you mean 'base'?");
}

TEST_CASE("profile: a local override may extend the stock profile of its own name") {
  MemoryHostFs fs;
  fs.add_file("/etc/vtune/profiles/web.toml",
              "[profile]\nsummary = 'local'\ninclude = ['web']\n[params]\nsomaxconn = 9\n");
  fs.add_file("/usr/share/vtune/profiles/web.toml",
              "[profile]\nsummary = 'stock'\n[params]\nsomaxconn = 1\npin_irqs = true\n");
  ProfileLoader loader(fs, {"/etc/vtune/profiles", "/usr/share/vtune/profiles"});
  Diagnostics d;
  std::optional<Profile> p = loader.load("web", d);
  INFO(codes(d));
  REQUIRE(p);
  CHECK(p->summary == "local");
  CHECK(p->chain.size() == 2);
  CHECK(p->params.at("somaxconn").value == 9);
  CHECK(p->params.at("pin_irqs").where.file == "/usr/share/vtune/profiles/web.toml");

  Diagnostics ld;
  std::vector<ProfileListing> listed = loader.list(ld);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].file == "/etc/vtune/profiles/web.toml");
}

TEST_CASE("profile: the search path puts --profiles first and finds the source tree") {
  MemoryHostFs fs;
  fs.add_file("/src/build/CMakeCache.txt",
              "# cache\nCMAKE_HOME_DIRECTORY:INTERNAL=/home/me/vtune\nOTHER:STRING=x\n");
  ProfileSearchInputs in;
  in.explicit_dir = "/mine/";
  in.host_root = "/snap";
  in.env_dir = "/env";
  in.exe_dir = "/src/build";
  CHECK(profile_search_path(in, fs) ==
        std::vector<std::string>{"/mine", "/snap/etc/vtune/profiles", "/env", "/src/profiles",
                                 "/home/me/vtune/profiles", "/usr/share/vtune/profiles"});
  ProfileSearchInputs bare;
  CHECK(profile_search_path(bare, fs) ==
        std::vector<std::string>{"/etc/vtune/profiles", "/usr/share/vtune/profiles"});
}

TEST_CASE("profile: the profiles installed with the binary come after the local overrides") {
  MemoryHostFs fs;
  ProfileSearchInputs in;
  in.env_dir = "/env";
  in.installed_dir = "/opt/vt/bin/../share/vtune/profiles";
  in.exe_dir = "/opt/vt/bin";
  CHECK(profile_search_path(in, fs) ==
        std::vector<std::string>{"/etc/vtune/profiles", "/env", "/opt/vt/share/vtune/profiles",
                                 "/opt/vt/profiles", "/usr/share/vtune/profiles"});
}

TEST_CASE("profile: params are typed against the rules' declarations") {
  Profile p = profile_with(R"([profile]
summary = "x"
[rules]
tags = ["web"]
[params]
somaxconn = 65535
socket_buffer_max = "256MiB"
link_floor = "25Gbit"
fin_timeout = "10s"
dirty_ratio = "5%"
pin_irqs = true
scheduler = "none"
ratio = 1
port_range = [2000, 60000]
)");
  Diagnostics d;
  validate_profile(p, specs(), rules(), d);
  INFO(codes(d));
  CHECK(d.empty());
  std::map<std::string, Json> v = param_values(p, specs());
  CHECK(v.at("somaxconn") == 65535);
  CHECK(v.at("socket_buffer_max") == 268435456);
  CHECK(v.at("link_floor") == 25'000'000'000);
  CHECK(v.at("fin_timeout") == 10'000'000'000);
  CHECK(v.at("dirty_ratio") == 500);
  CHECK(v.at("pin_irqs") == true);
  CHECK(v.at("ratio").is_number_float());
  CHECK(v.at("port_range") == Json::array({2000, 60000}));
}

TEST_CASE("profile: wrong param types and unknown params are errors") {
  Profile p = profile_with(R"([profile]
summary = "x"
[params]
somaxcon = 1
socket_buffer_max = "10Gbit"
fin_timeout = 15
dirty_ratio = "lots"
pin_irqs = "yes"
port_range = [1, "x"]
link_floor = -5
)");
  Diagnostics d;
  validate_profile(p, specs(), rules(), d);
  const Diagnostic* unknown = find_code(d, "VT0207");
  REQUIRE(unknown);
  CHECK(unknown->message == "unknown parameter 'somaxcon'");
  CHECK(unknown->hint == "did you mean 'somaxconn'?");
  CHECK(unknown->span.line == 4);
  CHECK(unknown->span.column == 1);
  std::map<std::string, std::string> type_errors;
  for (const Diagnostic& x : d.items())
    if (x.code == "VT0208") type_errors[x.message] = x.hint;
  CHECK(type_errors.size() == 6);
  CHECK(type_errors.count("parameter 'socket_buffer_max' expects a size, but '10Gbit' is a rate"));
  CHECK(type_errors.count("parameter 'fin_timeout' expects a duration with a unit, like \"15s\""));
  CHECK(type_errors.count("parameter 'pin_irqs' expects true or false, not a string"));
  CHECK(type_errors.count("parameter 'port_range' element 1: expects an integer, not a string"));
  CHECK(type_errors.count("parameter 'link_floor' expects a non-negative rate"));
  CHECK(type_errors.at("parameter 'pin_irqs' expects true or false, not a string") ==
        "declared as bool at rules/network.vtr:5");
  // Invalid values fall back to the library's defaults.
  std::map<std::string, Json> v = param_values(p, specs());
  CHECK(v.at("socket_buffer_max") == 134217728);
  CHECK(v.at("somaxconn") == 4096);
  CHECK_FALSE(v.count("somaxcon"));
}

TEST_CASE("profile: rule ids and tags are checked against the library") {
  Profile p = profile_with(R"([profile]
summary = "x"
[rules]
tags = ["web", "netwrok", "gpu"]
enable = ["net.somaxcon"]
disable = ["vm.swappiness-low"]
[[waivers]]
rule = "nic.coalesce-adaptve"
reason = "r"
)");
  Diagnostics d;
  validate_profile(p, specs(), rules(), d);
  std::vector<const Diagnostic*> ids, tags;
  for (const Diagnostic& x : d.items()) {
    if (x.code == "VT0209") ids.push_back(&x);
    if (x.code == "VT0210") tags.push_back(&x);
  }
  REQUIRE(ids.size() == 2);
  CHECK(ids[0]->hint == "did you mean 'net.somaxconn'?");
  CHECK(ids[0]->span.line == 5);
  CHECK(ids[1]->message == "unknown rule 'nic.coalesce-adaptve' in a waiver");
  CHECK(ids[1]->hint == "did you mean 'nic.coalesce-adaptive'?");
  CHECK(ids[1]->span.line == 8);
  REQUIRE(tags.size() == 2);
  CHECK(tags[0]->severity == Severity::Warning);
  CHECK(tags[0]->hint == "did you mean 'network'?");
  CHECK(tags[1]->hint.empty());
  CHECK(d.error_count() == 2);
}

TEST_CASE("profile: select_rules keeps library order; disable wins") {
  Profile p = profile_with(R"([profile]
summary = "x"
[rules]
tags = ["base", "network"]
enable = ["guest.vmxnet3"]
disable = ["net.socket-buffers"]
)");
  CHECK(select_rules(p, rules()) == std::vector<std::string>{"net.somaxconn",
                                                             "nic.coalesce-adaptive",
                                                             "vm.swappiness-low", "guest.vmxnet3"});
  Profile none = profile_with("[profile]\nsummary = 'x'\n[rules]\ntags = ['gpu']\n");
  CHECK(select_rules(none, rules()).empty());
  Diagnostics d;
  validate_profile(none, specs(), rules(), d);
  CHECK(find_code(d, "VT0217"));
}

TEST_CASE("profile: waivers match by rule, knob and device globs, and expire") {
  Profile p = profile_with(R"([profile]
summary = "x"
[[waivers]]
rule = "nic.coalesce-adaptive"
knob = "ethtool:eno1:*"
reason = "vendor tool"
expires = 2027-06-30
[[waivers]]
rule = "vm.swappiness-low"
device = "sd*"
reason = "old"
expires = 2020-01-01
[[waivers]]
rule = "net.somaxconn"
reason = "forever"
)");
  Date before{2027, 6, 30}, after{2027, 7, 1};
  WaiverMatch m =
      match_waiver(p, "nic.coalesce-adaptive", "ethtool:eno1:coalesce.rx-usecs", "eno1", before);
  REQUIRE(m.waiver);
  CHECK(m.waiver->reason == "vendor tool");
  CHECK_FALSE(m.expired);
  m = match_waiver(p, "nic.coalesce-adaptive", "ethtool:eno1:coalesce.rx-usecs", "eno1", after);
  REQUIRE(m.waiver);
  CHECK(m.expired);
  CHECK_FALSE(
      match_waiver(p, "nic.coalesce-adaptive", "ethtool:eno2:ring.rx", "eno2", before).waiver);
  CHECK_FALSE(match_waiver(p, "vm.swappiness-low", "sysctl:vm.swappiness", "", before).waiver);
  CHECK(
      match_waiver(p, "vm.swappiness-low", "sysfs:/sys/block/sda/queue/x", "sda", before).expired);
  m = match_waiver(p, "net.somaxconn", "", "", after);
  REQUIRE(m.waiver);
  CHECK_FALSE(m.expired);
  CHECK_FALSE(match_waiver(p, "guest.vmxnet3", "", "", before).waiver);

  Diagnostics d;
  check_waiver_expiry(p, before, d);
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "VT0212");
  CHECK(d.items()[0].message ==
        "waiver for 'vm.swappiness-low' expired on 2020-01-01; it no longer waives");
}

TEST_CASE("profile: a child's live waiver wins over a parent's expired one") {
  Diagnostics d;
  std::optional<Profile> p = load_from(
      {{"base",
        "[profile]\nsummary='b'\n[[waivers]]\nrule='r.x'\nreason='old'\nexpires=2020-01-01\n"},
       {"top",
        "[profile]\nsummary='t'\ninclude=['base']\n[[waivers]]\nrule='r.x'\nreason='new'\n"}},
      "top", d);
  REQUIRE(p);
  WaiverMatch m = match_waiver(*p, "r.x", "sysctl:a", "", Date{2026, 1, 1});
  REQUIRE(m.waiver);
  CHECK(m.waiver->reason == "new");
  CHECK_FALSE(m.expired);
}

TEST_CASE("profile: nearest names by edit distance") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("bsae", "base") == 1);
  CHECK(nearest_name("somaxcon", {"syn_backlog", "somaxconn"}) == "somaxconn");
  CHECK_FALSE(nearest_name("zzz", {"somaxconn"}));
}

TEST_CASE("profile: every code emitted is in the VT02xx table") {
  for (std::string_view code :
       {"VT0201", "VT0202", "VT0203", "VT0204", "VT0205", "VT0206", "VT0207", "VT0208", "VT0209",
        "VT0210", "VT0211", "VT0212", "VT0213", "VT0214", "VT0215", "VT0216", "VT0217"}) {
    const DiagnosticCode* c = find_diagnostic_code(code);
    REQUIRE_MESSAGE(c, code);
    CHECK(!c->title.empty());
    CHECK(c->explanation.size() > c->title.size());
  }
}

namespace {

std::string fixture(std::string_view rel) {
  return std::string(VTUNE_FIXTURES_DIR) + "/profiles/" + std::string(rel);
}

}  // namespace

TEST_CASE("profile: fixture chain loads from disk with per-file provenance") {
  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  ProfileLoader loader(*fs, {fixture("good")});
  Diagnostics d;
  std::optional<Profile> p = loader.load("app", d);
  INFO(render_diagnostics(d, loader.sources()));
  REQUIRE(p);
  CHECK(d.empty());
  REQUIRE(p->chain.size() == 3);
  CHECK(p->chain[0].name == "root");
  CHECK(p->params.at("somaxconn").value == 65535);
  CHECK(p->params.at("socket_buffer_max").where.file == fixture("good/mid.toml"));
  CHECK(p->params.at("socket_buffer_max").where.line == 9);
  CHECK(p->persist);
  CHECK(p->verify.repetitions_or_default() == 5);
  // The same file by path, from another directory, finds its includes beside it.
  ProfileLoader elsewhere(*fs, {"/nonexistent"});
  Diagnostics d2;
  CHECK(elsewhere.load(fixture("good/app.toml"), d2));
  CHECK(d2.empty());

  Diagnostics ld;
  std::vector<ProfileListing> all = loader.list(ld);
  REQUIRE(all.size() == 3);
  CHECK(all[0].name == "app");
  CHECK(all[0].includes == std::vector<std::string>{"mid"});
}

TEST_CASE("profile: each bad fixture fails with its code and position") {
  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  ProfileLoader loader(*fs, {fixture("bad")});
  struct Case {
    const char* name;
    const char* code;
    uint32_t line, column;
  };
  for (const Case& c : {Case{"syntax", "VT0201", 4, 10}, Case{"cycle-a", "VT0203", 3, 12},
                        Case{"unknown-key", "VT0204", 4, 1}, Case{"waiver", "VT0206", 3, 1},
                        Case{"missing-include", "VT0202", 3, 12}}) {
    Diagnostics d;
    CAPTURE(c.name);
    CHECK_FALSE(loader.load(c.name, d));
    d.sort();
    INFO(render_diagnostics(d, loader.sources()));
    REQUIRE(!d.empty());
    CHECK(d.items()[0].code == c.code);
    CHECK(d.items()[0].span.line == c.line);
    CHECK(d.items()[0].span.column == c.column);
  }
  Diagnostics d;
  CHECK_FALSE(loader.load("waiver", d));
  CHECK(find_code(d, "VT0211"));
  Diagnostics u;
  CHECK_FALSE(loader.load("unknown-key", u));
  CHECK(u.error_count() == 2);
}

TEST_CASE("profile: every stock profile validates clean against the real rule library") {
  std::vector<std::string> rule_paths{std::string(VTUNE_SOURCE_DIR) + "/rules"};
  Result<lang::RuleLibrary> lib = lang::load_library(rule_paths);
  REQUIRE(lib.ok());
  INFO(render_diagnostics(lib->diagnostics, lib->sources));
  REQUIRE_FALSE(lib->diagnostics.has_errors());
  std::vector<ParamSpec> specs = lang::param_specs(*lib);
  std::vector<RuleSummary> summaries = lang::rule_summaries(*lib);

  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  ProfileLoader loader(*fs, {std::string(VTUNE_SOURCE_DIR) + "/profiles"});
  Diagnostics listed;
  std::vector<ProfileListing> all = loader.list(listed);
  CHECK(listed.empty());
  std::vector<std::string> names;
  for (const ProfileListing& l : all) names.push_back(l.name);
  CHECK(names == std::vector<std::string>{
                     "base", "big-data", "container-host", "high-concurrency-web", "low-latency",
                     "network-throughput", "virtual-guest", "virtualization-host"});
  for (const std::string& name : names) {
    CAPTURE(name);
    Diagnostics d;
    std::optional<Profile> p = loader.load(name, d);
    REQUIRE(p);
    validate_profile(*p, specs, summaries, d);
    INFO(render_diagnostics(d, loader.sources()));
    CHECK(d.empty());
    CHECK(p->summary.size() > 40);
    CHECK_FALSE(p->verify.benchmarks.empty());
    CHECK(select_rules(*p, summaries).size() >= 5);
    // Every parameter a profile sets takes effect: typed, not silently replaced by a default.
    std::map<std::string, Json> values = param_values(*p, specs);
    for (const auto& entry : p->params) {
      const std::string& pname = entry.first;
      const auto& param = entry.second;
      CAPTURE(pname);
      auto spec = std::find_if(specs.begin(), specs.end(),
                               [&](const ParamSpec& s) { return s.name == pname; });
      REQUIRE(spec != specs.end());
      TypedParam typed = type_param_value(param.value, spec->type);
      REQUIRE(typed.value);
      CHECK(values.at(pname) == *typed.value);
    }
    if (name != "base") CHECK(p->chain.front().name == "base");
  }

  // The good fixtures name real rule ids too, so they stay good as the library changes.
  ProfileLoader fixtures(*fs, {fixture("good")});
  Diagnostics d;
  std::optional<Profile> app = fixtures.load("app", d);
  REQUIRE(app);
  validate_profile(*app, specs, summaries, d);
  INFO(render_diagnostics(d, fixtures.sources()));
  CHECK(d.empty());
}

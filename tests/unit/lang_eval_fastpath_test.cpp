// The evaluator's fast paths (columns.h, item_filter.h) against the plain path: on a host
// with many NICs, including odd ones, every output must be the same with them on or off.
#include <doctest/doctest.h>

#include "engine/lang/columns.h"
#include "engine/lang/evaluate.h"
#include "engine/lang/item_filter.h"
#include "tests/unit/lang_test_util.h"

namespace vtune::lang {
namespace {

using testing::check;

// 80 NICs (more than the evaluator's threshold for shared filters), with nulls, missing
// keys, a null element and elements that are not maps.
Json many_nics_host() {
  Json f = Json::object();
  f["memory"] = {{"total", int64_t{64} << 30}};
  f["virt"] = {{"hypervisor", "kvm"}, {"guest", false}};
  f["numa"] = Json::parse(R"({"nodes": [{"id": 0, "cpus": [0, 1]}, {"id": 1, "cpus": [2, 3]}]})");
  Json nics = Json::array();
  const char* drivers[] = {"ixgbe", "e1000", "veth", "mlx5_core"};
  for (int i = 0; i < 80; ++i) {
    if (i == 7) {
      nics.push_back(nullptr);
      continue;
    }
    if (i == 13) {
      nics.push_back("not-a-nic");
      continue;
    }
    Json n = {{"name", "eth" + std::to_string(i)},
              {"driver", drivers[i % 4]},
              {"speed", i % 3 == 0 ? Json(int64_t{25'000'000'000}) : Json(nullptr)},
              {"virtual", i % 5 == 0},
              {"numa_node", i % 2}};
    if (i % 11 == 0)
      n["ring"] = nullptr;
    else if (i % 17 == 0)
      n["ring"] = "bogus";  // n.ring.rx is an error here
    else
      n["ring"] = {{"rx", i % 6 == 0 ? 512 : 256}, {"rx_max", i % 4 == 0 ? 4096 : 256}};
    if (i % 9 == 0) n.erase("driver");
    nics.push_back(std::move(n));
  }
  f["nics"] = std::move(nics);
  return f;
}

const char* kFastRules = R"(
param ring_size = 2048
let fast_link = any(n in nics: n.speed != null and n.speed >= 10Gbit)
rule a.ring "rings" {
  for n in nics where n.driver == "ixgbe" and not n.virtual and n.ring.rx_max > n.ring.rx
  set ethtool(n).ring.rx = min(n.ring.rx_max, param.ring_size)
}
rule b.ring-again "the same test, another variable name" {
  for x in nics where x.driver == "ixgbe" and not x.virtual and x.ring.rx_max > x.ring.rx
  advise "{x.name} ring {x.ring.rx}"
}
rule c.divide "errors inside the where" {
  for n in nics where not (n.virtual ?? false) and n.ring.rx / (n.ring.rx - 512) > 0
  set sysctl "c.k" = n.ring.rx
}
rule d.speed "quantities" {
  for n in nics where n.speed >= 10Gbit
  check n.ring.rx_max > 1024 "{n.name} has a small ring"
}
rule e.let-first "a let leads" {
  for n in nics where fast_link and n.driver in ["e1000", "veth"]
  advise "{n.name}: {n.driver}"
}
rule f.nested "nested loops" {
  for n in nics where n.driver == "mlx5_core" and n.numa_node == 0
  for m in nics where m.numa_node == n.numa_node and m.name != n.name and m.driver == "veth"
  advise "{n.name} shares node {n.numa_node} with {m.name}"
}
rule g.quantifier "a quantifier in the where" {
  for n in nics where n.driver == "e1000" and any(x in nics: x.driver == n.driver and x.virtual)
  set sysctl "g.k" = n.numa_node
}
rule h.null-test "null tests" {
  for n in nics where n.ring == null or n.driver == null
  advise "{n.name} lacks facts"
}
rule i.param "a param in the test" {
  for n in nics where n.ring.rx_max >= param.ring_size and n.name != "eth4"
  set ethtool(n).ring.rx = param.ring_size
}
)";

std::string dump(const Evaluation& ev) {
  std::string out;
  auto reasons = [](const std::vector<std::string>& r) {
    std::string s;
    for (const std::string& x : r) s += " [" + x + "]";
    return s;
  };
  auto where = [](const SourceSpan& s) {
    return " @" + s.file + ":" + std::to_string(s.line) + ":" + std::to_string(s.column);
  };
  for (const Setting& s : ev.settings)
    out += "set " + format_knob(s.knob) + "=" + s.value + " " + s.json.dump() + " " + s.rule +
           reasons(s.reasons) + where(s.where) + "\n";
  for (const Advisory& a : ev.advisories)
    out += "advise " + a.rule + " " + a.text + reasons(a.reasons) + where(a.where) + "\n";
  for (const CheckResult& c : ev.checks)
    out += "check " + c.rule + " " + std::to_string(c.passed) + std::to_string(c.decided) + " " +
           c.message + reasons(c.reasons) + where(c.where) + "\n";
  for (const EvalError& e : ev.errors)
    out += "error " + e.rule + " " + e.message + reasons(e.reasons) + where(e.where) + "\n";
  for (const std::string& r : ev.not_applicable) out += "n/a " + r + "\n";
  return out;
}

TEST_CASE("lang eval fast paths: identical outputs with columns and shared filters off") {
  RuleLibrary lib = check(kFastRules);
  REQUIRE_MESSAGE(lib.checked, render_diagnostics(lib.diagnostics, lib.sources));
  Facts facts = many_nics_host();
  std::string plain = dump(evaluate_all(lib, facts, {}, EvalTuning{false, false}));
  CHECK(dump(evaluate_all(lib, facts, {})) == plain);
  CHECK(dump(evaluate_all(lib, facts, {}, EvalTuning{true, false})) == plain);
  CHECK(dump(evaluate_all(lib, facts, {}, EvalTuning{false, true})) == plain);
  ParamValues params{{"ring_size", 256}};
  CHECK(dump(evaluate_all(lib, facts, params)) ==
        dump(evaluate_all(lib, facts, params, EvalTuning{false, false})));
  // The comparison is not vacuous: every kind of output occurs.
  Evaluation ev = evaluate_all(lib, facts, {});
  CHECK(!ev.settings.empty());
  CHECK(!ev.advisories.empty());
  CHECK(!ev.checks.empty());
  CHECK(!ev.errors.empty());
  CHECK(ev.settings.front().reasons.size() == 4);
}

TEST_CASE("lang eval fast paths: the leading item-only test and its key") {
  RuleLibrary lib = check(kFastRules);
  REQUIRE(lib.checked);
  auto test_of = [&](const char* id, size_t loop, std::string& key) {
    const ForClause& f = lib.find_rule(id)->loops.at(loop);
    return leading_item_test(*f.where, f.slot, key);
  };
  std::string ka, kb, kc, ke, kf0, kf1, kg, ki;
  const Expr* a = test_of("a.ring", 0, ka);
  REQUIRE(a != nullptr);
  CHECK(a == lib.find_rule("a.ring")->loops[0].where.get());  // the whole where
  REQUIRE(test_of("b.ring-again", 0, kb) != nullptr);
  CHECK(ka == kb);  // variable names do not matter
  REQUIRE(test_of("c.divide", 0, kc) != nullptr);
  CHECK(kc != ka);
  CHECK(test_of("e.let-first", 0, ke) == nullptr);  // a let leads
  CHECK(test_of("f.nested", 0, kf0) != nullptr);
  // The inner where's leading test reads the outer variable: none.
  CHECK(test_of("f.nested", 1, kf1) == nullptr);
  // Only the left side: the quantifier is not item-only.
  const Expr* g = test_of("g.quantifier", 0, kg);
  REQUIRE(g != nullptr);
  CHECK(g == lib.find_rule("g.quantifier")->loops[0].where->args[0].get());
  CHECK(test_of("i.param", 0, ki) == nullptr);  // params are not item-only
}

TEST_CASE("lang eval fast paths: member path columns") {
  Json list = Json::parse(R"([
    {"name": "a", "ring": {"rx": 512}, "speed": 1000},
    {"name": "b", "ring": null},
    {"name": "c"},
    null,
    "text",
    {"name": "d", "ring": "text"}
  ])");
  std::string ring = "ring", rx = "rx", speed = "speed";
  const std::string* ring_rx[] = {&ring, &rx};
  const std::string* speed_path[] = {&speed};
  FactColumns columns;
  Type rate = Type::quantity(QuantityKind::Rate);
  const FactColumn& c = columns.get(list, ring_rx, nullptr);
  REQUIRE(c.values.size() == 6);
  using R = PathRead;
  CHECK(c.how ==
        std::vector<R>{R::FromMap, R::NullBase, R::NullBase, R::NullBase, R::Error, R::Error});
  CHECK(c.values[0].is(Value::Kind::Int));
  CHECK(c.values[0].as_int() == 512);
  CHECK(c.values[1].is_null());  // a member of null is null
  CHECK(c.values[2].is_null());  // a member of a missing key is null
  CHECK(c.values[3].is_null());
  // A missing last key is a null read from a map.
  std::string nope = "nope";
  const std::string* ring_nope[] = {&ring, &nope};
  CHECK(columns.get(list, ring_nope, nullptr).how[0] == R::FromMap);
  CHECK(&columns.get(list, ring_rx, nullptr) == &c);  // built once
  const FactColumn& s = columns.get(list, speed_path, &rate);
  CHECK(s.values[0].is(Value::Kind::Quantity));
  CHECK(s.values[0].qkind() == QuantityKind::Rate);
  CHECK(columns.size() == 3);
  // read_member_path agrees with the column, element by element.
  for (size_t i = 0; i < list.size(); ++i) {
    Value v;
    CHECK(read_member_path(list[i], ring_rx, nullptr, v) == c.how[i]);
    CHECK(values_equal(v, c.values[i]));
  }
}

}  // namespace
}  // namespace vtune::lang

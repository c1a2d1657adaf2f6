// Rule language throughput: parsing and checking a library, and evaluating a large
// synthetic library over a host with 1,000 NICs.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "engine/lang/evaluate.h"
#include "engine/lang/library.h"
#include "tests/unit/lang_test_util.h"

namespace vtune::lang {
namespace {

// The real library when the source tree has one, else 200 generated rules.
std::vector<SourceText> library_sources() {
  std::string dir = std::string(VTUNE_SOURCE_DIR) + "/rules";
  std::vector<std::string> paths{dir};
  if (std::filesystem::is_directory(dir)) {
    Result<std::vector<SourceText>> real = read_rule_sources(paths);
    if (real && !real->empty()) return *real;
  }
  std::string text = "param ring_size = 4096\nlet fast = any(n in nics: n.speed >= 10Gbit)\n";
  for (int i = 0; i < 200; ++i)
    text += "rule gen.r" + std::to_string(i) +
            " \"generated\" {\n  severity low\n  tags [network]\n  when fast and memory.total >= "
            "8GiB\n  for n in nics where not n.virtual and n.ring.rx_max > n.ring.rx\n  set "
            "ethtool(n).ring.rx = min(n.ring.rx_max, param.ring_size)\n}\n";
  return {{"generated.vtr", text}};
}

void BM_LibraryParseCheck(benchmark::State& state) {
  std::vector<SourceText> sources = library_sources();
  // The shipped rules are checked against the probes' schema, as `vtune lint` does; the
  // generated ones against the small test schema.
  CheckOptions o;
  o.schema = sources.front().name == "generated.vtr" ? &testing::test_schema() : nullptr;
  o.conflicts = true;
  if (!build_library(sources, o).checked) {
    state.SkipWithError("the library does not check clean");
    return;
  }
  size_t rules = 0;
  for (auto _ : state) {
    RuleLibrary lib = build_library(sources, o);
    rules = lib.rules.size();
    benchmark::DoNotOptimize(lib);
  }
  state.counters["rules"] = static_cast<double>(rules);
  state.counters["files"] = static_cast<double>(sources.size());
}
BENCHMARK(BM_LibraryParseCheck)->Unit(benchmark::kMillisecond);

Json synthetic_host(int nic_count) {
  Json f = Json::object();
  f["memory"] = {{"total", int64_t{64} << 30}};
  f["virt"] = {{"hypervisor", "none"}};
  Json nics = Json::array();
  for (int i = 0; i < nic_count; ++i) {
    nics.push_back({{"name", "eth" + std::to_string(i)},
                    {"driver", "drv" + std::to_string(i % 50)},
                    {"speed", i % 3 == 0 ? Json(int64_t{25'000'000'000}) : Json(nullptr)},
                    {"virtual", i % 10 == 0},
                    {"numa_node", i % 2},
                    {"ring", {{"rx", 512}, {"rx_max", i % 4 == 0 ? 4096 : 512}}}});
  }
  f["nics"] = std::move(nics);
  return f;
}

// `loop_every`: one rule in this many iterates all NICs; the others test scalar facts and
// shared lets, as most real rules do.
std::string synthetic_rules(int count, int loop_every) {
  std::string text =
      "param ring_size = 4096\nparam buf = 64MiB\n"
      "let fast_link = any(n in nics: n.speed != null and n.speed >= 10Gbit)\n";
  for (int i = 0; i < count; ++i) {
    std::string id = "syn.r" + std::to_string(i);
    if (i % loop_every == 0) {
      text += "rule " + id + " \"loop\" {\n  for n in nics where n.driver == \"drv" +
              std::to_string(i % 50) +
              "\" and not n.virtual and n.ring.rx_max > n.ring.rx\n"
              "  set ethtool(n).ring.rx = min(n.ring.rx_max, param.ring_size)\n}\n";
    } else {
      text += "rule " + id +
              " \"scalar\" {\n  when fast_link and memory.total >= " + std::to_string(i % 128) +
              "GiB and virt.hypervisor != \"kvm\"\n  set sysctl \"syn.k" + std::to_string(i) +
              "\" = param.buf * 2\n}\n";
    }
  }
  return text;
}

void run_evaluate(benchmark::State& state, const EvalTuning& tuning) {
  const int rules = static_cast<int>(state.range(0));
  const int nics = static_cast<int>(state.range(1));
  const int loop_every = static_cast<int>(state.range(2));
  CheckOptions o;
  o.schema = &testing::test_schema();
  RuleLibrary lib = build_library({{"syn.vtr", synthetic_rules(rules, loop_every)}}, o);
  if (!lib.checked) {
    state.SkipWithError("synthetic library does not check");
    return;
  }
  Facts facts = synthetic_host(nics);
  size_t settings = 0;
  for (auto _ : state) {
    Evaluation ev = evaluate_all(lib, facts, {}, tuning);
    settings = ev.settings.size();
    benchmark::DoNotOptimize(ev);
  }
  state.counters["settings"] = static_cast<double>(settings);
  state.counters["loop_items"] = static_cast<double>((rules + loop_every - 1) / loop_every) * nics;
}
void BM_Evaluate(benchmark::State& state) {
  run_evaluate(state, {});
}
// The interpreter alone: no columns, no shared `where` filters (EvalTuning).
void BM_EvaluatePlain(benchmark::State& state) {
  run_evaluate(state, EvalTuning{false, false});
}

// 10,000 rules over 1,000 NICs: one rule in 10 loops over every NIC (1M loop items), one in
// three (about the shipped library's share of looping rules), and the extreme case where
// every rule does (10M loop items).
BENCHMARK(BM_Evaluate)
    ->Args({10000, 1000, 10})
    ->Args({10000, 1000, 3})
    ->Args({10000, 1000, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvaluatePlain)->Args({10000, 1000, 3})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vtune::lang

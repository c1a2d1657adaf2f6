// vtune bench: runs the bench/ registry's benchmarks on the live host and prints a summary
// (text) or the samples with the machine's facts (json); --compare lays saved JSON files side
// by side as percentages of the first.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bench/param_overrides.h"
#include "bench/registry.h"
#include "bench/runner.h"
#include "bench/threads.h"
#include "engine/cli/command.h"
#include "engine/facts/host_backend.h"
#include "probes/collect.h"

namespace vtune::cli {
namespace {

struct BenchOpts {
  std::vector<std::string> names;
  int reps = 5;
  double duration = 1.0;
  std::string dir = "/var/tmp";
  std::string format = "text";
  std::vector<std::string> compare;
  std::vector<std::string> params;  // --param NAME=VALUE, in order
  bool list = false;
};

Json at(const Facts& f, std::initializer_list<const char*> path) {
  const Json* j = &f;
  for (const char* k : path) {
    if (!j->is_object() || !j->contains(k)) return nullptr;
    j = &(*j)[k];
  }
  return *j;
}

Json machine_json(const Facts& f) {
  return {{"cpu_model", at(f, {"cpu", "model"})},
          {"cpu_cores", at(f, {"cpu", "cores"})},
          {"cpu_threads", at(f, {"cpu", "threads"})},
          {"usable_cpus", bench::usable_cpus().size()},
          {"memory_total", at(f, {"memory", "total"})},
          {"kernel_release", at(f, {"kernel", "release"})},
          {"hypervisor", at(f, {"virt", "hypervisor"})},
          {"container", at(f, {"virt", "container"})}};
}

Json summary_json(const bench::Summary& s) {
  return {{"median", s.median},
          {"min", s.min},
          {"max", s.max},
          {"ci95", {s.ci_lo, s.ci_hi}},
          {"ci95_coverage", s.ci_coverage},
          {"cv", s.cv},
          {"reps", s.reps}};
}

Json result_json(const bench::BenchResult& r) {
  Json j = {{"name", r.spec->name},
            {"unit", r.spec->unit},
            {"direction", std::string(bench::direction_name(r.spec->direction))},
            {"params", Json::object()}};
  for (const auto& [k, v] : r.params) j["params"][k] = v;
  j.update(summary_json(r.summary));
  j["samples"] = r.samples;
  Json sec = Json::object();
  for (const bench::MetricSummary& m : r.secondary) {
    Json s = summary_json(m.summary);
    s["unit"] = m.unit;
    sec[m.name] = std::move(s);
  }
  j["secondary"] = std::move(sec);
  j["setup_s"] = r.setup_seconds;
  j["elapsed_s"] = r.elapsed_seconds;
  return j;
}

std::string fmt(double v) {
  char buf[64];
  double a = std::fabs(v);
  std::snprintf(buf, sizeof buf,
                a >= 1000  ? "%.0f"
                : a >= 10  ? "%.1f"
                : a >= 0.1 ? "%.3f"
                           : "%.4g",
                v);
  return buf;
}

void print_text(const bench::BenchResult& r) {
  const bench::Summary& s = r.summary;
  std::printf("%-20s %12s %-12s ci95 [%s, %s]  cv %.1f%%  (%d reps, %.1f s)\n", r.spec->name,
              fmt(s.median).c_str(), r.spec->unit, fmt(s.ci_lo).c_str(), fmt(s.ci_hi).c_str(),
              s.cv * 100, s.reps, r.elapsed_seconds);
  for (const bench::MetricSummary& m : r.secondary)
    std::printf("  %-18s %12s %s\n", m.name.c_str(), fmt(m.summary.median).c_str(), m.unit.c_str());
}

int list_benchmarks() {
  for (const bench::BenchmarkSpec& b : bench::all_benchmarks()) {
    std::printf("%-20s %-12s %-6s  %s\n    reference: %s\n", b.name, b.unit,
                std::string(bench::direction_name(b.direction)).c_str(), b.summary, b.reference);
    for (const bench::ParamSpec& p : b.params)
      std::printf("    %s=%s  (%s; %s)\n", p.name, p.default_value, p.meaning,
                  bench::param_domain(p).c_str());
  }
  return 0;
}

int compare_files(const std::vector<std::string>& files) {
  std::vector<Json> docs;
  for (const std::string& f : files) {
    std::ifstream in(f);
    if (!in) {
      std::fprintf(stderr, "vtune: error: cannot read %s\n", f.c_str());
      return 1;
    }
    try {
      docs.push_back(Json::parse(in));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "vtune: error: %s is not JSON: %s\n", f.c_str(), e.what());
      return 3;
    }
    if (!docs.back().contains("results") || !docs.back()["results"].is_array()) {
      std::fprintf(stderr, "vtune: error: %s is not the output of vtune bench --format json\n",
                   f.c_str());
      return 3;
    }
  }
  std::vector<std::string> names;  // the first file's order, then names only later files have
  auto median_of = [](const Json& doc, const std::string& name) -> std::optional<double> {
    for (const Json& r : doc["results"])
      if (r.value("name", "") == name && r.contains("median") && r["median"].is_number())
        return r["median"].get<double>();
    return std::nullopt;
  };
  for (const Json& d : docs)
    for (const Json& r : d["results"]) {
      std::string n = r.value("name", "");
      if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
  std::printf("%-20s", "benchmark");
  for (const std::string& f : files)
    std::printf(" %16s", std::filesystem::path(f).filename().string().substr(0, 16).c_str());
  std::printf("\n");
  for (const std::string& n : names) {
    std::printf("%-20s", n.c_str());
    std::optional<double> base = median_of(docs[0], n);
    std::string unit;
    for (const Json& r : docs[0]["results"])
      if (r.value("name", "") == n) unit = r.value("unit", "");
    for (size_t i = 0; i < docs.size(); ++i) {
      std::optional<double> v = median_of(docs[i], n);
      std::string cell = "-";
      if (v && i == 0)
        cell = fmt(*v) + " " + unit;
      else if (v && base && *base != 0)
        cell = fmt(*v / *base * 100) + "%";
      else if (v)
        cell = fmt(*v);
      std::printf(" %16s", cell.c_str());
    }
    std::printf("\n");
  }
  std::printf("(first column: the median in its unit; the others: %% of the first)\n");
  return 0;
}

}  // namespace

Runner setup_bench(CLI::App& sub, const GlobalOptions& global) {
  auto o = std::make_shared<BenchOpts>();
  sub.description(
      "Run micro-benchmarks on this host: cpu, mem, sys, net (127.0.0.1, or a veth pair with\n"
      "--param path=veth) and storage (a file in --dir, always removed). Each warms up, then\n"
      "runs --reps repetitions of --duration seconds, and reports the median, min, max, 95% CI\n"
      "of the median and the coefficient of variation. See docs/benchmarks.md.");
  sub.add_option("names", o->names,
                 "Benchmarks or families to run (cpu.int, net, ...); all by default");
  sub.add_option("--reps", o->reps, "Repetitions per benchmark")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sub.add_option("--duration", o->duration, "Seconds per repetition")
      ->check(CLI::Range(0.01, 600.0))
      ->capture_default_str();
  sub.add_option("--dir", o->dir, "Directory for the storage benchmarks' file")
      ->check(CLI::ExistingDirectory)
      ->capture_default_str();
  sub.add_option("--format", o->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  sub.add_option("--compare", o->compare,
                 "Print saved JSON results side by side, as % of the first file (runs nothing)");
  sub.add_option("--param", o->params,
                 "Set a parameter: bench.param=VALUE (net.tcp_rr.request_size=64) or param=VALUE "
                 "for every selected benchmark that has it; repeatable (see --list)")
      ->allow_extra_args(false);  // one NAME=VALUE per --param, so names may follow
  sub.add_flag("--list", o->list, "List the benchmarks, their units and parameters");
  return [o, &global] {
    if (o->list) return list_benchmarks();
    if (!o->compare.empty()) return compare_files(o->compare);
    if (global.root != "/") {
      std::fprintf(stderr, "vtune: error: bench measures the live host; --root cannot be used\n");
      return 1;
    }
    std::vector<std::string> unknown;
    std::vector<const bench::BenchmarkSpec*> selected = bench::select_benchmarks(o->names, unknown);
    if (!unknown.empty()) {
      for (const std::string& u : unknown)
        std::fprintf(stderr,
                     "vtune: error: unknown benchmark or family '%s' (vtune bench --list)\n",
                     u.c_str());
      return 1;
    }
    std::map<const bench::BenchmarkSpec*, bench::Params> params;
    try {
      params = bench::resolve_params(selected, o->params);
    } catch (const bench::ParamError& e) {
      std::fprintf(stderr, "vtune: error: %s\n", e.what());
      return 1;
    }
    HostBackend backend(global.root);
    Warnings warnings;
    Json machine;
    if (o->format == "json") machine = machine_json(collect_facts(backend.host(), {}, warnings));

    bool progress_on = o->format != "json" && isatty(STDERR_FILENO);
    bench::RunOptions ro;
    ro.reps = o->reps;
    ro.seconds = o->duration;
    // The ETA: what is left of this benchmark's measurements, then the others' expected
    // measurement time, scaled by how much longer than expected the finished ones took
    // (set-up, tear-down, a loaded machine), so it does not promise what it cannot keep.
    size_t index = 0;
    double expected_done = 0, elapsed_done = 0;
    bench::Clock::time_point clock_start = bench::Clock::now();
    auto progress = [&](const bench::BenchmarkSpec& spec, int rep, int reps) {
      const bench::Params& p = params.at(&spec);
      double per_rep = spec.rep_seconds ? spec.rep_seconds(p, ro.seconds) : ro.seconds;
      double left = rep == 0 ? bench::expected_seconds(spec, p, ro) : (reps - rep + 1) * per_rep;
      for (size_t i = index + 1; i < selected.size(); ++i)
        left += bench::expected_seconds(*selected[i], params.at(selected[i]), ro);
      double scale = expected_done > 0 ? std::max(1.0, elapsed_done / expected_done) : 1.0;
      double eta = left * scale;
      std::fprintf(
          stderr, "\r\033[K%s  %s  ETA %.*fs", spec.name,
          rep == 0 ? "warm-up" : (std::to_string(rep) + "/" + std::to_string(reps)).c_str(),
          eta < 10 ? 1 : 0, eta);
      std::fflush(stderr);
    };
    bench::Env env{backend.host().fs, o->dir};
    Json results = Json::array();
    int failures = 0;
    for (index = 0; index < selected.size(); ++index) {
      const bench::BenchmarkSpec& spec = *selected[index];
      try {
        bench::BenchResult r =
            bench::run_benchmark(spec, params.at(&spec), env, ro,
                                 progress_on ? bench::Progress(progress) : bench::Progress());
        if (progress_on) std::fprintf(stderr, "\r\033[K");
        expected_done += bench::expected_seconds(spec, params.at(&spec), ro);
        elapsed_done += r.elapsed_seconds;
        if (o->format == "json")
          results.push_back(result_json(r));
        else
          print_text(r), std::fflush(stdout);
      } catch (const std::exception& e) {
        if (progress_on) std::fprintf(stderr, "\r\033[K");
        ++failures;
        std::fprintf(stderr, "vtune: error: %s: %s\n", spec.name, e.what());
        if (o->format == "json")
          results.push_back({{"name", spec.name}, {"unit", spec.unit}, {"error", e.what()}});
      }
    }
    if (o->format == "json") {
      Json doc = {{"schema_version", 1},
                  {"machine", machine},
                  {"elapsed_s", bench::seconds_since(clock_start)},
                  {"results", results}};
      std::cout << doc.dump(2) << "\n";
    }
    return failures == 0 ? 0 : 1;
  };
}

}  // namespace vtune::cli

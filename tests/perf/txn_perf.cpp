// vtune apply / rollback as transactions: 50 sysctl settings on a temp-dir root through
// DiskHostFs and the real sysctl applier, journal included. Each figure is measured twice:
// with the journal's fsyncs (as shipped), and with a HostFs whose append and replace skip
// them, so the fsync cost is the difference. Target (issue 9): under 50 ms each.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "appliers/registry.h"
#include "engine/txn/apply_txn.h"
#include "engine/txn/journal.h"
#include "engine/txn/rollback_txn.h"

namespace {

namespace fs = std::filesystem;
constexpr int kSettings = 50;

// DiskHostFs, except that append_file and replace_file do not fsync (the journal's
// durability is what they pay for).
class NoSyncFs final : public vtune::HostFs {
 public:
  NoSyncFs(std::string root) : root_(root), fs_(vtune::make_disk_host_fs(root)) {}
  vtune::Result<std::string> read_file(std::string_view p) const override {
    return fs_->read_file(p);
  }
  vtune::Result<std::vector<vtune::DirEntry>> list_dir(std::string_view p) const override {
    return fs_->list_dir(p);
  }
  vtune::Result<std::string> read_link(std::string_view p) const override {
    return fs_->read_link(p);
  }
  bool exists(std::string_view p) const override { return fs_->exists(p); }
  vtune::Result<vtune::FileMode> mode(std::string_view p, vtune::FollowLinks f) const override {
    return fs_->mode(p, f);
  }
  vtune::Result<void> write_file(std::string_view p, std::string_view d) override {
    return fs_->write_file(p, d);
  }
  vtune::Result<void> replace_file(std::string_view p, std::string_view d, unsigned m) override {
    std::string path = root_ + std::string(p);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << d;
    return {};
  }
  vtune::Result<void> append_file(std::string_view p, std::string_view r, unsigned m) override {
    std::string path = root_ + std::string(p);
    int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, m);
    if (fd < 0) return vtune::errno_error("open", path);
    ssize_t n = ::write(fd, r.data(), r.size());
    ::close(fd);
    if (n != static_cast<ssize_t>(r.size())) return vtune::errno_error("write", path, EIO);
    return {};
  }
  vtune::Result<void> remove(std::string_view p, vtune::RemoveKind k) override {
    return fs_->remove(p, k);
  }
  vtune::Result<void> make_dirs(std::string_view p, unsigned m) override {
    return fs_->make_dirs(p, m);
  }
  vtune::Result<vtune::LockAttempt> try_lock(std::string_view p, unsigned m) override {
    return fs_->try_lock(p, m);
  }
  std::string describe(std::string_view p) const override { return fs_->describe(p); }

 private:
  std::string root_;
  std::unique_ptr<vtune::HostFs> fs_;
};

struct Bench {
  std::string root;
  std::unique_ptr<vtune::HostFs> fs;
  std::unique_ptr<vtune::EthtoolPort> ethtool;
  vtune::Json facts = vtune::Json::object();
  std::unique_ptr<vtune::ApplierContext> ctx;
  std::unique_ptr<vtune::ApplierSet> appliers;
  vtune::ApplyRequest req;

  explicit Bench(bool sync) {
    char tmpl[] = "/tmp/vtune-txn-perf-XXXXXX";
    root = ::mkdtemp(tmpl);
    fs::create_directories(root + "/proc/sys/net/vtune_perf");
    fs::create_directories(root + "/sys");
    for (int i = 0; i < kSettings; ++i) {
      std::string key = "net.vtune_perf.k" + std::to_string(i);
      std::ofstream(root + "/proc/sys/net/vtune_perf/k" + std::to_string(i)) << "1000\n";
      req.changes.push_back({"perf.k" + std::to_string(i),
                             vtune::Knob{vtune::KnobKind::Sysctl, key, ""},
                             vtune::Json(std::to_string(2000 + i)), vtune::Json("1000"), false});
    }
    if (sync)
      fs = vtune::make_disk_host_fs(root);
    else
      fs = std::make_unique<NoSyncFs>(root);
    ethtool = vtune::make_snapshot_ethtool(*fs);
    ctx = std::make_unique<vtune::ApplierContext>(
        vtune::ApplierContext{*fs, *ethtool, facts, fs.get(), ethtool.get()});
    appliers = std::make_unique<vtune::ApplierSet>(*ctx);
    req.profile = "perf";
  }
  ~Bench() { fs::remove_all(root); }
  vtune::TxnHost host() {
    return vtune::make_txn_host(*appliers, *fs, vtune::TxnStore{*fs, "/var/lib/vtune"});
  }
  bool apply() {
    return vtune::apply_transaction(req, host()).outcome == vtune::ApplyOutcome::Applied;
  }
  bool rollback() {
    vtune::RollbackSession s(host(), vtune::RollbackOptions{});
    int code = -1;
    if (s.error() || s.nothing_to_do()) return false;
    s.run(code);
    return code == 0;
  }
  // A host's journal directory grows with its history; each apply reads it. Start each
  // iteration from an empty one so the figure is per transaction, not per history length.
  void clear_journals() { fs::remove_all(root + "/var/lib/vtune/journal"); }
};

void apply_bench(benchmark::State& state, bool sync) {
  Bench b(sync);
  for (auto _ : state) {
    if (!b.apply()) {
      state.SkipWithError("apply did not apply");
      return;
    }
    state.PauseTiming();
    if (!b.rollback()) state.SkipWithError("rollback failed");
    b.clear_journals();
    state.ResumeTiming();
  }
  state.counters["settings"] = kSettings;
}

void rollback_bench(benchmark::State& state, bool sync) {
  Bench b(sync);
  for (auto _ : state) {
    state.PauseTiming();
    b.clear_journals();
    if (!b.apply()) {
      state.SkipWithError("apply did not apply");
      return;
    }
    state.ResumeTiming();
    if (!b.rollback()) {
      state.SkipWithError("rollback failed");
      return;
    }
  }
  state.counters["settings"] = kSettings;
}

void BM_Apply50Sysctls(benchmark::State& s) {
  apply_bench(s, true);
}
void BM_Apply50SysctlsNoFsync(benchmark::State& s) {
  apply_bench(s, false);
}
void BM_Rollback50Sysctls(benchmark::State& s) {
  rollback_bench(s, true);
}
void BM_Rollback50SysctlsNoFsync(benchmark::State& s) {
  rollback_bench(s, false);
}
BENCHMARK(BM_Apply50Sysctls)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Apply50SysctlsNoFsync)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Rollback50Sysctls)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Rollback50SysctlsNoFsync)->Unit(benchmark::kMillisecond);

}  // namespace

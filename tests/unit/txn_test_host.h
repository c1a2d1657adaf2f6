#pragma once
// A small transaction test bench: a test-only sysctl-like applier over MemoryHostFs (value =
// the file's trimmed text; restore writes the captured raw bytes back), and a TxnHost whose
// state lives in the same MemoryHostFs under /var/lib/vtune. The appliers' own write sides
// are tested in their own files; this one exercises the transaction's logic.
#include <map>
#include <set>
#include <string>

#include "appliers/applier.h"
#include "engine/core/memory_host_fs.h"
#include "engine/core/text.h"
#include "engine/txn/apply_txn.h"
#include "engine/txn/journal.h"

namespace vtune::test {

class TestSysctlApplier final : public Applier {
 public:
  explicit TestSysctlApplier(MemoryHostFs& fs) : fs_(fs) {}
  static std::string path_of(const Knob& k) {
    std::string p = "/proc/sys/" + k.subject;
    for (size_t i = 10; i < p.size(); ++i)
      if (p[i] == '.') p[i] = '/';
    return p;
  }
  Result<KnobValue> read(const Knob& k) const override {
    Result<std::string> t = fs_.read_file(path_of(k));
    if (!t) return t.error();
    return KnobValue{Json(std::string(trim(*t))), *t};
  }
  std::optional<std::string> validate(const Knob&, const Json& v) const override {
    if (v.is_string() && v.get<std::string>() == "invalid") return "not a value";
    return std::nullopt;
  }
  bool equal(const Knob&, const Json& a, const Json& b) const override { return a == b; }
  Result<Target> resolve(const Knob& k) const override {
    return Target{path_of(k), "", path_of(k)};
  }
  Result<BeforeImage> capture(const Knob& k) const override {
    Result<KnobValue> v = read(k);
    if (!v) return v.error();
    return BeforeImage{v->value, v->raw, {}};
  }
  Result<WriteEffect> write(const Knob& k, const Json& desired) const override {
    ++writes;
    // A "sticky" knob keeps its old value (a kernel that ignores the write).
    if (sticky.count(k.subject)) return WriteEffect{};
    std::string text = desired.get<std::string>();
    if (auto it = rewrite.find(k.subject); it != rewrite.end()) text = it->second;
    if (Result<void> w = fs_.write_file(path_of(k), text); !w) return w.error();
    return WriteEffect{activation.count(k.subject) ? activation.at(k.subject) : "", ""};
  }
  Result<void> restore(const Knob& k, const BeforeImage& before) const override {
    ++restores;
    if (fail_restore.count(k.subject)) return SysError{EROFS, path_of(k), "restore"};
    return fs_.write_file(path_of(k), before.raw);
  }

  std::set<std::string> sticky;                   // writes that do nothing
  std::set<std::string> fail_restore;             // restores that fail
  std::map<std::string, std::string> rewrite;     // writes that land another value
  std::map<std::string, std::string> activation;  // WriteEffect per knob subject
  mutable int writes = 0, restores = 0;

 private:
  MemoryHostFs& fs_;
};

struct TxnBench {
  MemoryHostFs fs;
  TestSysctlApplier applier{fs};
  TxnHost host() {
    return TxnHost{[this](KnobKind) -> const Applier& { return applier; }, fs,
                   TxnStore{fs, std::string(kStateDir)}};
  }
  void sysctl(const std::string& key, const std::string& value) {
    fs.add_file(TestSysctlApplier::path_of(Knob{KnobKind::Sysctl, key, ""}), value + "\n");
  }
  std::string value(const std::string& key) const {
    return fs.files().at(TestSysctlApplier::path_of(Knob{KnobKind::Sysctl, key, ""}));
  }
  static ChangeRequest change(const std::string& key, const std::string& desired) {
    return ChangeRequest{"t." + key, Knob{KnobKind::Sysctl, key, ""}, Json(desired), Json(), false};
  }
};

}  // namespace vtune::test

namespace vtune::test {

// Thrown by CrashingFs: the process "dies" there (the exception unwinds the transaction
// without letting it write anything more, as SIGKILL would; the lock goes as the kernel
// would release it).
struct Crash {};

// Forwards to a MemoryHostFs, and crashes right after the k-th successful append.
class CrashingFs final : public HostFs {
 public:
  CrashingFs(MemoryHostFs& fs, int crash_after_append) : fs_(fs), k_(crash_after_append) {}
  Result<std::string> read_file(std::string_view p) const override { return fs_.read_file(p); }
  Result<std::vector<DirEntry>> list_dir(std::string_view p) const override {
    return fs_.list_dir(p);
  }
  Result<std::string> read_link(std::string_view p) const override { return fs_.read_link(p); }
  bool exists(std::string_view p) const override { return fs_.exists(p); }
  Result<FileMode> mode(std::string_view p, FollowLinks f) const override { return fs_.mode(p, f); }
  Result<void> write_file(std::string_view p, std::string_view d) override {
    return fs_.write_file(p, d);
  }
  Result<void> replace_file(std::string_view p, std::string_view d, unsigned m) override {
    return fs_.replace_file(p, d, m);
  }
  Result<void> append_file(std::string_view p, std::string_view r, unsigned m) override {
    Result<void> out = fs_.append_file(p, r, m);
    if (out && ++appends_ == k_) throw Crash{};
    return out;
  }
  Result<void> remove(std::string_view p, RemoveKind k) override { return fs_.remove(p, k); }
  Result<void> make_dirs(std::string_view p, unsigned m) override { return fs_.make_dirs(p, m); }
  Result<void> make_link(std::string_view p, std::string_view t) override {
    return fs_.make_link(p, t);
  }
  Result<LockAttempt> try_lock(std::string_view p, unsigned m) override {
    return fs_.try_lock(p, m);
  }
  std::string describe(std::string_view p) const override { return fs_.describe(p); }
  int appends() const { return appends_; }

 private:
  MemoryHostFs& fs_;
  int k_;
  int appends_ = 0;
};

}  // namespace vtune::test

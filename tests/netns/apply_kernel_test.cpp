// vtune apply, rollback and confirm against the real kernel (ctest label "kernel"). Inside a
// private network and mount namespace it makes a veth pair with four queues (vtk0/vtk1) and
// attaches a loop device, then runs the built vtune on the kernel-test profile
// (tests/netns/apply/), always with --state-dir in a temporary directory, and checks every
// value through /proc/sys, /sys and the ethtool ioctl:
//   apply (and its refusals without --yes, --dry-run), rollback byte for byte, idempotence,
//   a SIGKILL after every journal record followed by rollback, a write the kernel refuses
//   part-way, a channel count above the maximum, the lock held by another process, a value
//   changed behind vtune's back, and commit-confirmed with and without a confirm.
// The sysctls belong to the namespace and the veth dies with it; the loop device's queue
// settings are global, so they are put back (and the device detached) however the test ends.
#include <sys/file.h>
#include <sys/prctl.h>

#include <chrono>
#include <thread>

#include "engine/core/host_fs.h"
#include "engine/core/json.h"
#include "tests/netns/apply_kernel_state.h"
#include "tests/netns/netns_harness.h"

using namespace vtune;
using namespace vtune::netns;

namespace {

constexpr const char* kNic = "vtk0";
const std::string kRulesDir = std::string(VTUNE_SOURCE_DIR) + "/tests/netns/apply";
const std::string kBaseProfile = kRulesDir + "/kernel-test.toml";

// Static, so that exit() from a failed step still restores and detaches the device (and,
// destroyed before it, Env removes the work directory).
LoopDevice loop_device;

struct Env {
  std::unique_ptr<EthtoolPort> port;
  TestDevices dev;
  KernelState baseline;
  std::unique_ptr<TempDir> work;  // profiles and images
  std::string profile;            // kernel-test for this loop device
};

Env env_storage;
Env* env = &env_storage;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string excerpt(const std::string& text, size_t max = 600) {
  return text.size() <= max ? text : text.substr(0, max) + "...";
}

std::string describe(const Ran& r) {
  std::string how = r.signal ? "killed by signal " + std::to_string(r.signal)
                             : "exit " + std::to_string(r.exit_code);
  return how + "; stdout: " + excerpt(trim_newline(r.out)) +
         "; stderr: " + excerpt(trim_newline(r.err));
}

// The binary under test: the build's, or $VTUNE_TEST_BIN (an installed vtune, another build).
std::string vtune_bin() {
  const char* other = std::getenv("VTUNE_TEST_BIN");
  return other && *other ? other : VTUNE_BIN;
}

// vtune with `args`; `failpoint` sets VTUNE_FAILPOINT (and an empty one is unset: the test's
// own environment never leaks one in).
Ran vtune_run(std::vector<std::string> args, const std::string& failpoint = "") {
  args.insert(args.begin(), vtune_bin());
  std::vector<std::string> envs = {"NO_COLOR=1", "VTUNE_FAILPOINT=" + failpoint};
  return run_program(args, envs);
}

std::vector<std::string> apply_args(const std::string& state, const std::string& profile,
                                    std::vector<std::string> more = {}) {
  std::vector<std::string> a = {"apply",   "--profile",   profile, "--rules",
                                kRulesDir, "--state-dir", state};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

std::vector<std::string> state_args(const std::string& command, const std::string& state,
                                    std::vector<std::string> more = {}) {
  std::vector<std::string> a = {command, "--state-dir", state};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

std::optional<Json> parse_json(const std::string& text) {
  try {
    return Json::parse(text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

KernelState now() {
  return capture(*env->port, env->dev);
}

// Checks that every value is the one before the test; puts it back by hand when it is not,
// so the next flow starts from the same host.
bool check_baseline(const std::string& what) {
  std::vector<std::string> diff = differences(env->baseline, now());
  check(diff.empty(), what + ": every value byte-identical to before" + joined(diff));
  if (!diff.empty()) {
    force_restore(*env->port, env->dev, env->baseline);
    std::vector<std::string> left = differences(env->baseline, now());
    if (!left.empty()) {
      std::printf("FAIL: cannot put the test devices back by hand:%s\n", joined(left).c_str());
      std::exit(1);
    }
  }
  return diff.empty();
}

bool check_desired(const std::string& what) {
  std::vector<std::string> bad = desired_mismatches(now(), env->dev);
  check(bad.empty(), what + ": every value is the desired one" + joined(bad));
  return bad.empty();
}

std::vector<std::string> journal_files(const std::string& state) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(state + "/journal", ec))
    if (e.path().extension() == ".jsonl") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

size_t count_lines(const std::string& path) {
  std::string text = read_bytes(path).value_or("");
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A profile of the test's own that includes kernel-test and sets `params` (TOML lines).
std::string write_profile(const std::string& name, const std::string& params) {
  std::string path = *env->work / (name + ".toml");
  std::ofstream f(path);
  f << "[profile]\nname = \"" << name << "\"\nsummary = \"kernel test: " << name << "\"\n"
    << "include = [\"" << kBaseProfile << "\"]\n\n[params]\ntest_disk = \"" << env->dev.disk
    << "\"\n"
    << params;
  f.close();
  ::chmod(path.c_str(), 0644);
  return path;
}

// Rolls back the last transaction (the clean-up of a flow) and checks the host is as before.
void rollback_and_check(const std::string& state, const std::string& what) {
  Ran r = vtune_run(state_args("rollback", state, {"--last", "--yes"}));
  check(r.exit_code == 0, what + ": rollback --last --yes exits 0 (" + describe(r) + ")");
  check_baseline(what + ", after rollback");
}

void flow_apply_and_rollback() {
  std::printf("-- apply, then rollback\n");
  TempDir state("vtune-state");
  Ran no_yes = vtune_run(apply_args(state.path(), env->profile));
  check(no_yes.exit_code == 1 && contains(no_yes.out + no_yes.err, "--yes"),
        "apply without a TTY and without --yes refuses (exit 1) naming --yes (" + describe(no_yes) +
            ")");
  check_baseline("after the refused apply");

  Ran dry = vtune_run(apply_args(state.path(), env->profile, {"--dry-run", "--format", "json"}));
  std::optional<Json> dry_doc = parse_json(dry.out);
  check(dry.exit_code == 0 && dry_doc && dry_doc->value("outcome", "") == "dry_run",
        "apply --dry-run exits 0 with outcome dry_run (" + describe(dry) + ")");
  check_baseline("after --dry-run");

  Ran r = vtune_run(apply_args(state.path(), env->profile, {"--yes", "--format", "json"}));
  std::optional<Json> doc = parse_json(r.out);
  check(r.exit_code == 0, "apply --yes exits 0 (" + describe(r) + ")");
  check(doc.has_value(), "apply --format json prints one JSON document on stdout");
  if (doc) {
    check(doc->value("schema_version", 0) == 1, "schema_version 1");
    check(doc->value("outcome", "") == "applied" && doc->value("changed", false),
          "outcome applied, changed true: " + doc->value("outcome", std::string("?")));
    size_t applied = 0;
    for (const Json& item : doc->value("items", Json::array()))
      applied += item.value("state", "") == "applied";
    check(applied == 19 && doc->contains("summary") && (*doc)["summary"].value("applied", -1) == 19,
          "19 items applied (items: " + std::to_string(applied) + ", summary: " +
              (doc->contains("summary") ? (*doc)["summary"].dump() : std::string("none")) + ")");
    check(doc->contains("transaction") && (*doc)["transaction"].is_string(),
          "the transaction has an id");
  }
  check_desired("after apply");

  std::vector<std::string> journals = journal_files(state.path());
  check(journals.size() == 1,
        "one journal in STATE/journal (" + std::to_string(journals.size()) + ")");
  struct stat st {};
  check(::stat((state / "journal").c_str(), &st) == 0 && (st.st_mode & 07777) == 0700,
        "STATE/journal is 0700");
  if (!journals.empty())
    check(::stat(journals[0].c_str(), &st) == 0 && (st.st_mode & 07777) == 0600,
          "the journal file is 0600");

  rollback_and_check(state.path(), "apply then rollback");
  Ran again = vtune_run(state_args("rollback", state.path(), {"--last", "--yes"}));
  check(again.exit_code == 0,
        "a second rollback --last has nothing to do and exits 0 (" + describe(again) + ")");
  check_baseline("after the second rollback");
}

void flow_idempotent() {
  std::printf("-- idempotence\n");
  TempDir state("vtune-state");
  Ran first = vtune_run(apply_args(state.path(), env->profile, {"--yes", "--format", "json"}));
  check(first.exit_code == 0, "first apply exits 0 (" + describe(first) + ")");
  Ran second = vtune_run(apply_args(state.path(), env->profile, {"--yes", "--format", "json"}));
  std::optional<Json> doc = parse_json(second.out);
  check(second.exit_code == 0 && doc && doc->value("changed", true) == false &&
            doc->value("outcome", "") == "nothing_to_do",
        "a second apply exits 0 with changed false, outcome nothing_to_do (" + describe(second) +
            ")");
  if (doc && doc->contains("summary"))
    check((*doc)["summary"].value("applied", -1) == 0, "the second apply applied 0 items");
  check_desired("after the second apply");
  rollback_and_check(state.path(), "idempotence");
}

void flow_crash_at_every_step() {
  std::printf("-- SIGKILL after every journal record\n");
  size_t records = 0;
  {
    TempDir state("vtune-state");
    Ran r = vtune_run(apply_args(state.path(), env->profile, {"--yes"}));
    check(r.exit_code == 0, "the reference apply exits 0 (" + describe(r) + ")");
    std::vector<std::string> journals = journal_files(state.path());
    if (journals.size() == 1) records = count_lines(journals[0]);
    check(records >= 2 * 19 + 2,
          "the reference journal has at least begin, intent and done per item, and commit (" +
              std::to_string(records) + " records)");
    rollback_and_check(state.path(), "the reference apply");
  }
  if (records == 0) return;
  for (size_t k = 1; k <= records; ++k) {
    TempDir state("vtune-state");
    std::string at = "journal:" + std::to_string(k);
    Ran r = vtune_run(apply_args(state.path(), env->profile, {"--yes"}), at);
    bool killed = r.signal == SIGKILL;
    check(killed, "VTUNE_FAILPOINT=" + at + ": apply died by SIGKILL (" + describe(r) + ")");
    std::vector<std::string> journals = journal_files(state.path());
    if (journals.size() == 1)
      check(count_lines(journals[0]) >= k,
            at + ": the journal holds the " + std::to_string(k) + " records written");
    if (k < records) {
      KernelState crashed = now();
      Ran refused = vtune_run(apply_args(state.path(), env->profile, {"--yes"}));
      check(refused.exit_code == 7 && contains(refused.out + refused.err, "rollback"),
            at +
                ": apply refuses (exit 7) while the transaction is open, naming `vtune "
                "rollback` (" +
                describe(refused) + ")");
      std::vector<std::string> moved = differences(crashed, now());
      check(moved.empty(), at + ": the refused apply changed nothing" + joined(moved));
    }
    rollback_and_check(state.path(), at);
  }
}

void flow_kernel_refuses() {
  std::printf("-- a write the kernel refuses part-way\n");
  // Without a scheduler a loop queue takes no more requests than its tag depth (what
  // nr_requests holds then); twice that is refused with EINVAL, after the sysctls, the
  // offloads, the channels, the steering and read_ahead_kb were written. The planner cannot
  // know this limit, so the refusal comes from the kernel, mid-transaction.
  if (bracketed(env->baseline.at(env->dev.disk_queue("scheduler"))) != "none") {
    std::printf("SKIP (part): the loop queue does not start without a scheduler\n");
    return;
  }
  long depth = std::stol(env->baseline.at(env->dev.disk_queue("nr_requests")));
  std::string profile = write_profile(
      "kernel-refuses", "scheduler = \"none\"\nnr_requests = " + std::to_string(depth * 2) + "\n");
  TempDir state("vtune-state");
  Ran r = vtune_run(apply_args(state.path(), profile, {"--yes", "--format", "json"}));
  check(r.exit_code == 5, "apply exits 5 after the kernel refused nr_requests " +
                              std::to_string(depth * 2) + " (" + describe(r) + ")");
  std::optional<Json> doc = parse_json(r.out);
  if (doc) {
    check(doc->value("outcome", "") == "rolled_back", "outcome rolled_back");
    // The items in the order they were written: all before the failed one were written and
    // are rolled back, the failed one is nr_requests, the ones after it never ran.
    const Json items = doc->value("items", Json::array());
    size_t failed_at = items.size();
    for (size_t i = 0; i < items.size() && failed_at == items.size(); ++i)
      if (items[i].value("state", "") == "failed") failed_at = i;
    check(failed_at < items.size() &&
              contains(items[failed_at].value("knob", ""), "queue/nr_requests"),
          "the failed item is nr_requests: " +
              (failed_at < items.size() ? items[failed_at].value("knob", "?") : "none"));
    bool before_rolled_back = true, after_skipped = true;
    for (size_t i = 0; i < items.size(); ++i) {
      std::string state = items[i].value("state", "");
      if (i < failed_at) before_rolled_back = before_rolled_back && state == "rolled_back";
      if (i > failed_at) after_skipped = after_skipped && state == "skipped";
    }
    check(failed_at >= 16 && before_rolled_back,
          "the " + std::to_string(failed_at) + " items written before it are rolled back");
    check(after_skipped, "the items after it were not written (skipped)");
    if (failed_at < items.size())
      check(contains(items[failed_at].value("message", ""), env->dev.disk),
            "its message names the device: " + items[failed_at].value("message", ""));
  } else {
    check(false, "apply --format json printed JSON: " + excerpt(r.out));
  }
  check_baseline("after the refused write");
  Ran after = vtune_run(state_args("rollback", state.path(), {"--last", "--yes"}));
  check(after.exit_code == 0, "nothing is left for rollback (" + describe(after) + ")");
  check_baseline("after rollback --last");
}

void flow_channels_above_max() {
  std::printf("-- channels above the maximum\n");
  // The planner knows the maximum (4) and makes the item an error: it is never written, and
  // the plan apply shows says why. (What apply does with the other items is not in the
  // contract; they are rolled back below either way.)
  std::string profile = write_profile("channels-64", "channels_rx = 64\n");
  TempDir state("vtune-state");
  Ran r = vtune_run(apply_args(state.path(), profile, {"--yes"}));
  std::printf("apply with channels.rx 64: %s\n", describe(r).c_str());
  KernelState s = now();
  check(s["ethtool:vtk0:channels.rx"] == env->baseline.at("ethtool:vtk0:channels.rx"),
        "channels.rx 64 above the maximum 4 is never written (rx " + s["ethtool:vtk0:channels.rx"] +
            ")");
  check(contains(r.out + r.err, "above the maximum"), "the output says it is above the maximum");
  Ran back = vtune_run(state_args("rollback", state.path(), {"--last", "--yes"}));
  check(back.exit_code == 0, "rollback --last exits 0 (" + describe(back) + ")");
  check_baseline("after channels above the maximum");
}

void flow_lock_held() {
  std::printf("-- the lock held by another process\n");
  TempDir state("vtune-state");
  // This process takes STATE/lock the way a running vtune does (HostFs::try_lock writes the
  // holder's pid into it).
  std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
  Result<LockAttempt> held = fs->try_lock(state / "lock", 0600);
  if (!held || !held->acquired()) {
    check(false, "the test takes STATE/lock itself");
    return;
  }
  std::string pid = std::to_string(::getpid());
  Ran r = vtune_run(apply_args(state.path(), env->profile, {"--yes"}));
  check(r.exit_code == 6 && contains(r.out + r.err, pid),
        "apply exits 6 naming the holder's pid " + pid + " (" + describe(r) + ")");
  check_baseline("after the apply refused by the lock");
  Ran rb = vtune_run(state_args("rollback", state.path(), {"--last", "--yes"}));
  check(rb.exit_code == 6, "rollback exits 6 too (" + describe(rb) + ")");

  held->lock.reset();
  Ran ok = vtune_run(apply_args(state.path(), env->profile, {"--yes"}));
  check(ok.exit_code == 0, "with the lock released apply exits 0 (" + describe(ok) + ")");
  rollback_and_check(state.path(), "lock");
}

void flow_drift() {
  std::printf("-- a value changed behind vtune's back\n");
  TempDir state("vtune-state");
  Ran r = vtune_run(apply_args(state.path(), env->profile, {"--yes"}));
  check(r.exit_code == 0, "apply exits 0 (" + describe(r) + ")");
  const std::string somaxconn = "/proc/sys/net/core/somaxconn";
  check(write_bytes(somaxconn, "1234\n"), "someone else sets somaxconn to 1234");
  Ran rb = vtune_run(state_args("rollback", state.path(), {"--last", "--yes"}));
  check(rb.exit_code == 2, "rollback exits 2: one item left alone (" + describe(rb) + ")");
  check(contains(rb.out + rb.err, "somaxconn"), "the rollback names somaxconn");
  KernelState s = now();
  check(s[somaxconn] == "1234\n",
        "somaxconn keeps the other writer's 1234: " + shown(s[somaxconn]));
  KernelState others = env->baseline;
  others[somaxconn] = "1234\n";
  std::vector<std::string> diff = differences(others, s);
  check(diff.empty(), "every other value is back" + joined(diff));
  Ran force = vtune_run(state_args("rollback", state.path(), {"--last", "--force", "--yes"}));
  check(force.exit_code == 0, "rollback --force exits 0 (" + describe(force) + ")");
  check_baseline("after rollback --force");
}

// Waits up to `limit` for `done`, polling every 100 ms; the seconds it took, or -1.
template <class F>
double wait_for(F done, double limit) {
  auto start = std::chrono::steady_clock::now();
  for (;;) {
    double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (done()) return t;
    if (t > limit) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Reaps the watchdogs this process adopted (it is their subreaper) that have ended.
void reap_children() {
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

void flow_commit_confirmed() {
  std::printf("-- commit-confirmed\n");
  {
    TempDir state("vtune-state");
    auto start = std::chrono::steady_clock::now();
    Ran r = vtune_run(apply_args(state.path(), env->profile,
                                 {"--confirm-within", "3", "--yes", "--format", "json"}));
    double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::optional<Json> doc = parse_json(r.out);
    check(r.exit_code == 0 && took < 2.5, "apply --confirm-within 3 exits 0 at once (" +
                                              std::to_string(took) + " s; " + describe(r) + ")");
    check(doc && doc->contains("awaiting_confirm_until") &&
              (*doc)["awaiting_confirm_until"].is_string(),
          "the JSON says until when it awaits a confirm");
    check_desired("commit-confirmed, just applied");
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    check(desired_mismatches(now(), env->dev).empty(),
          "commit-confirmed: still applied 1 s later (before the deadline)");
    double back = wait_for(
        [&] {
          reap_children();
          return differences(env->baseline, now()).empty();
        },
        12);
    check(back >= 0, "without a confirm every value is back within 13 s of the apply (" +
                         std::to_string(back < 0 ? back : back + 1) + " s)");
    check_baseline("after the watchdog's rollback");
    Ran late = vtune_run(state_args("confirm", state.path()));
    check(late.exit_code == 1,
          "confirm after the deadline exits 1: nothing awaits (" + describe(late) + ")");
  }
  {
    TempDir state("vtune-state");
    Ran r = vtune_run(apply_args(state.path(), env->profile, {"--confirm-within", "3", "--yes"}));
    check(r.exit_code == 0, "apply --confirm-within 3 exits 0 (" + describe(r) + ")");
    Ran ok = vtune_run(state_args("confirm", state.path()));
    check(ok.exit_code == 0, "vtune confirm within the time exits 0 (" + describe(ok) + ")");
    std::this_thread::sleep_for(std::chrono::milliseconds(5000));
    reap_children();
    check_desired("confirmed, 5 s after the apply");
    Ran twice = vtune_run(state_args("confirm", state.path()));
    check(twice.exit_code == 1, "a second confirm exits 1 (" + describe(twice) + ")");
    rollback_and_check(state.path(), "confirmed");
  }
}

void set_up() {
  if (::geteuid() != 0) skip("needs root (network namespaces, veth, loop devices)");
  enter_private_namespace(Sysfs::Private);
  if (std::system("ip link add vtk0 numtxqueues 4 numrxqueues 4 type veth peer name vtk1 "
                  "numtxqueues 4 numrxqueues 4 >/dev/null 2>&1") != 0)
    skip("cannot create a veth pair with 4 queues (iproute2 or the veth module missing)");
  run("ip link set vtk0 up");
  run("ip link set vtk1 up");
  env->work = std::make_unique<TempDir>("vtune-kernel-test");
  ::chmod(env->work->path().c_str(), 0755);
  loop_device.attach(env->work->path());
  env->dev = {kNic, loop_device.name()};
  env->port = make_ioctl_ethtool();
  env->baseline = capture(*env->port, env->dev);
  std::printf("devices: %s (veth, 4 queues), %s\n", kNic, loop_device.name().c_str());
  for (const auto& [k, v] : env->baseline)
    if (k.find("feature.") == std::string::npos)
      std::printf("  before %s = %s\n", k.c_str(), shown(v).c_str());
  if (!env->baseline.count("ethtool:vtk0:channels.rx"))
    skip("this kernel's veth reports no channels");
  if (!std::filesystem::exists(loop_device.queue("nr_requests")))
    skip("the loop device has no request queue attributes");
  env->profile = write_profile("kernel-test-here", "");
  // Adopt the commit-confirmed watchdogs (double-forked, setsid) so they can be reaped.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
}

}  // namespace

int main() {
  bool had_var_lib = std::filesystem::exists("/var/lib/vtune");
  set_up();

  check(write_desired_by_hand(*env->port, env->dev), "the desired values written by hand");
  check(desired_mismatches(now(), env->dev).empty(),
        "the test recognises them" + joined(desired_mismatches(now(), env->dev)));
  check(!desired_mismatches(env->baseline, env->dev).empty(), "and tells them from the start");
  force_restore(*env->port, env->dev, env->baseline);
  check_baseline("the hand-written values put back by hand");

  Ran plan =
      vtune_run({"plan", "--profile", env->profile, "--rules", kRulesDir, "--format", "json"});
  std::optional<Json> plan_doc = parse_json(plan.out);
  size_t changes = 0;
  if (plan_doc)
    for (const Json& item : plan_doc->value("items", Json::array()))
      changes += item.value("state", "") == "change";
  check(plan.exit_code == 2 && changes == 19, "plan sees 19 changes on the test devices (" +
                                                  std::to_string(changes) + "; exit " +
                                                  std::to_string(plan.exit_code) + ")");

  // Until apply exists the flows could only fail the same way: say so once.
  Ran help = vtune_run({"apply", "--help"});
  if (help.exit_code != 0 || !contains(help.out, "--confirm-within")) {
    check(false, "vtune has the apply command of the CLI contract (" + describe(help) + ")");
  } else {
    flow_apply_and_rollback();
    flow_idempotent();
    flow_kernel_refuses();
    flow_channels_above_max();
    flow_lock_held();
    flow_drift();
    flow_commit_confirmed();
    flow_crash_at_every_step();
  }
  check_baseline("at the end");
  loop_device.detach();
  check(had_var_lib || !std::filesystem::exists("/var/lib/vtune"),
        "/var/lib/vtune was never created (every run had --state-dir)");
  reap_children();
  return netns::finish();
}

// Verified apply against the real kernel (ctest label "kernel"). In a private network and
// mount namespace (lo up, a veth vtv0 that the verify-test rules look for) the
// built vtune applies the profiles of tests/netns/verify/ with --state-dir in a temporary
// directory, and the namespace's own sysctls are checked through /proc/sys:
//   a) tcp_rmem and tcp_wmem pinned to one page: net.tcp_stream regresses, the transaction is
//      rolled back by verification (exit 9) and the values are the originals again;
//   b) tcp_fin_timeout changed: no regression, the change is kept (exit 0);
//   c) somaxconn and tcp_max_syn_backlog set to 16 by hand, then the web profile's backlogs
//      applied: net.accept_burst improves;
//   e) --verify-cmd running `cat` of the changed sysctl sees each arm's value;
//   d) a SIGKILL while verifying (on either arm): the journal leaves an open transaction that
//      `vtune rollback` completes, back to the originals.
// Every sysctl here belongs to the namespace, which vanishes with the process; each flow also
// puts back by hand what it touched, whatever happened.
#include <map>

#include "engine/core/json.h"
#include "tests/netns/netns_harness.h"

using namespace vtune;
using namespace vtune::netns;

namespace {

const std::string kDir = std::string(VTUNE_SOURCE_DIR) + "/tests/netns/verify";
const std::vector<std::string> kSysctls = {"net/ipv4/tcp_rmem", "net/ipv4/tcp_wmem",
                                           "net/ipv4/tcp_fin_timeout", "net/core/somaxconn",
                                           "net/ipv4/tcp_max_syn_backlog"};
std::map<std::string, std::string> originals;

std::string sysctl(const std::string& key) {
  return read_bytes("/proc/sys/" + key).value_or("(unreadable)");
}

std::map<std::string, std::string> sysctls_now() {
  std::map<std::string, std::string> m;
  for (const std::string& k : kSysctls) m[k] = sysctl(k);
  return m;
}

// Puts every sysctl back to what the namespace started with.
void restore_by_hand() {
  for (const auto& [k, v] : originals)
    if (sysctl(k) != v) write_bytes("/proc/sys/" + k, v);
}

std::string describe(const Ran& r) {
  auto cut = [](const std::string& s) { return s.size() < 800 ? s : s.substr(0, 800) + "..."; };
  return "exit " + std::to_string(r.exit_code) + " signal " + std::to_string(r.signal) +
         "; stdout: " + cut(trim_newline(r.out)) + "; stderr: " + cut(trim_newline(r.err));
}

Ran vtune(std::vector<std::string> args, const std::string& failpoint = "") {
  args.insert(args.begin(), VTUNE_BIN);
  return run_program(args, {"NO_COLOR=1", "VTUNE_FAILPOINT=" + failpoint});
}

Ran apply_profile(const std::string& state, const std::string& profile,
                  const std::string& failpoint = "") {
  return vtune({"apply", "--profile", kDir + "/" + profile + ".toml", "--rules", kDir,
                "--state-dir", state, "--yes", "--format", "json"},
               failpoint);
}

Json parse(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

// The first benchmark's entry of apply's "verification" object (null when absent).
Json first_verdict(const Json& doc) {
  if (!doc.is_object() || !doc.contains("verification") || !doc["verification"].is_object())
    return Json();
  const Json& list = doc["verification"]["benchmarks"];
  return list.is_array() && !list.empty() ? list[0] : Json();
}

void print_verdict(const Json& v) {
  if (!v.is_object()) return;
  std::printf("  %s: %s, ratio %s CI %s p %s reps %s, readiness: %s\n",
              v.value("name", "?").c_str(), v.value("verdict", "?").c_str(),
              v["ratio"].dump().c_str(), v["ci95"].dump().c_str(), v["p_value"].dump().c_str(),
              v["reps"].dump().c_str(), v["readiness"].value("message", "").c_str());
}

void flow_harmful() {
  std::printf("-- a) a harmful profile is rolled back by verification\n");
  TempDir state("vtune-verify-state");
  Ran r = apply_profile(state.path(), "verify-harmful");
  Json doc = parse(r.out);
  Json v = first_verdict(doc);
  print_verdict(v);
  check(r.exit_code == 9, "apply exits 9 (" + describe(r) + ")");
  check(doc.is_object() && doc.value("outcome", "") == "rolled_back_by_verification",
        "outcome rolled_back_by_verification");
  check(v.is_object() && v.value("name", "") == "net.tcp_stream" &&
            v.value("verdict", "") == "regressed" && v.value("rolls_back", false),
        "net.tcp_stream regressed, beyond max_regression");
  check(v.is_object() && v["samples"]["baseline"].size() >= 5 &&
            v["samples"]["candidate"].size() == v["samples"]["baseline"].size(),
        "both arms' samples are in the JSON");
  check(sysctls_now() == originals, "tcp_rmem and tcp_wmem are the originals again (" +
                                        trim_newline(sysctl("net/ipv4/tcp_rmem")) + ")");
  Ran h = vtune({"history", "--state-dir", state.path(), "--format", "json"});
  Json hist = parse(h.out);
  bool recorded = false;
  if (hist.is_object() && hist["transactions"].is_array() && hist["transactions"].size() == 1) {
    const Json& t = hist["transactions"][0];
    recorded = t.value("state", "") == "rolled_back" && t["verification"].is_object() &&
               t["verification"]["benchmarks"][0].value("verdict", "") == "regressed" &&
               t["verification"]["benchmarks"][0]["samples"]["candidate"].size() >= 5;
  }
  check(recorded, "history shows the rolled back transaction with its verdict and samples (" +
                      describe(h) + ")");
  Ran ht = vtune({"history", "--state-dir", state.path()});
  check(ht.out.find("verified net.tcp_stream: regressed") != std::string::npos,
        "history's text names the verdict (" + describe(ht) + ")");
  restore_by_hand();
}

void flow_harmless() {
  std::printf("-- b) a harmless profile is kept\n");
  TempDir state("vtune-verify-state");
  Ran r = apply_profile(state.path(), "verify-harmless");
  Json doc = parse(r.out);
  Json v = first_verdict(doc);
  print_verdict(v);
  check(r.exit_code == 0, "apply exits 0 (" + describe(r) + ")");
  check(v.is_object() && v.value("verdict", "regressed") != "regressed",
        "the verdict is not \"regressed\"");
  check(trim_newline(sysctl("net/ipv4/tcp_fin_timeout")) == "37", "the change is kept");
  Ran rb = vtune({"rollback", "--state-dir", state.path(), "--last", "--yes"});
  check(rb.exit_code == 0 && sysctls_now() == originals,
        "rollback puts the original back (" + describe(rb) + ")");
  restore_by_hand();
}

void flow_improvement() {
  std::printf("-- c) the web profile's backlogs make net.accept_burst better\n");
  TempDir state("vtune-verify-state");
  check(write_bytes("/proc/sys/net/core/somaxconn", "16") &&
            write_bytes("/proc/sys/net/ipv4/tcp_max_syn_backlog", "16"),
        "somaxconn and tcp_max_syn_backlog set to 16 by hand");
  Ran r = apply_profile(state.path(), "verify-backlog");
  Json v = first_verdict(parse(r.out));
  print_verdict(v);
  check(r.exit_code == 0, "apply exits 0 (" + describe(r) + ")");
  check(v.is_object() && v.value("name", "") == "net.accept_burst" &&
            v.value("verdict", "") == "improved",
        "net.accept_burst: the verdict says \"improved\"");
  check(trim_newline(sysctl("net/core/somaxconn")) == "65535", "the change is kept");
  restore_by_hand();
}

// --verify-cmd: the workload prints the sysctl the change sets, so its number is 60 on every
// baseline run and 37 on every candidate run exactly when the host really is switched
// between runs; judged "lower is better", that is an improvement.
void flow_verify_cmd() {
  std::printf("-- e) --verify-cmd sees the host switched between the arms\n");
  TempDir state("vtune-verify-state");
  Ran r = vtune({"apply", "--profile", kDir + "/verify-harmless.toml", "--rules", kDir,
                 "--state-dir", state.path(), "--yes", "--format", "json", "--verify-cmd",
                 "cat '/proc/sys/net/ipv4/tcp_fin_timeout'", "--verify-better", "lower"});
  Json v = first_verdict(parse(r.out));
  print_verdict(v);
  check(r.exit_code == 0, "apply exits 0 (" + describe(r) + ")");
  bool arms_seen = v.is_object() && v["samples"]["baseline"].size() >= 5;
  if (arms_seen) {
    for (const Json& x : v["samples"]["baseline"]) arms_seen = arms_seen && x == 60;
    for (const Json& x : v["samples"]["candidate"]) arms_seen = arms_seen && x == 37;
  }
  check(arms_seen, "every baseline run saw 60 and every candidate run 37");
  check(v.is_object() && v.value("name", "") == "cmd" && v.value("verdict", "") == "improved",
        "the command's verdict is \"improved\"");
  Ran rb = vtune({"rollback", "--state-dir", state.path(), "--last", "--yes"});
  check(rb.exit_code == 0 && sysctls_now() == originals, "rolled back to the originals");
  restore_by_hand();
}

// SIGKILL right after journal record K (the failpoint): begin, 2 × (intent, done),
// verify_begin = 6, verify_arm baseline = 7 (killed before the switch: on the candidate),
// verify_arm candidate = 8 (killed after a baseline measurement: on the before-images).
void flow_crash(int k) {
  std::printf("-- d) killed after journal record %d, while verifying\n", k);
  TempDir state("vtune-verify-state");
  Ran r = apply_profile(state.path(), "verify-harmful", "journal:" + std::to_string(k));
  check(r.signal == SIGKILL, "apply was killed (" + describe(r) + ")");
  Ran h = vtune({"history", "--state-dir", state.path(), "--format", "json"});
  Json hist = parse(h.out);
  check(hist.is_object() && hist["transactions"].size() == 1 &&
            hist["transactions"][0].value("state", "") == "open" &&
            hist["transactions"][0].contains("verifying_arm"),
        "history shows an open transaction, caught verifying (" + describe(h) + ")");
  Ran blocked = apply_profile(state.path(), "verify-harmless");
  check(blocked.exit_code == 7, "a new apply is refused until it is rolled back (exit " +
                                    std::to_string(blocked.exit_code) + ")");
  Ran rb = vtune({"rollback", "--state-dir", state.path(), "--last", "--yes"});
  check(rb.exit_code == 0, "rollback completes it (" + describe(rb) + ")");
  check(sysctls_now() == originals, "the originals are back");
  restore_by_hand();
}

}  // namespace

int main() {
  if (::geteuid() != 0) skip("needs root (network namespaces)");
  enter_private_namespace(Sysfs::Private);
  run("ip link set lo up");
  if (std::system("ip link add vtv0 type veth peer name vtv1 >/dev/null 2>&1") != 0)
    skip("cannot create a veth pair (iproute2 or the veth module missing)");
  originals = sysctls_now();
  for (const auto& [k, v] : originals)
    std::printf("  before %s = %s\n", k.c_str(), trim_newline(v).c_str());
  flow_harmful();
  flow_harmless();
  flow_improvement();
  flow_verify_cmd();
  flow_crash(7);
  flow_crash(8);
  check(sysctls_now() == originals, "at the end, every sysctl is the original");
  restore_by_hand();
  return finish();
}

// apply_transaction's verification hooks (engine/txn/verify_hook.h) on MemoryHostFs with the
// test applier: the judge switches the host between the before-images and the new values
// (each switch journaled and read back), a verdict that rolls back ends in exit 9, a kept
// one commits on the candidate, and before_changes runs before anything is written.
#include <doctest/doctest.h>

#include "engine/txn/apply_txn.h"
#include "engine/txn/journal.h"
#include "engine/txn/txn_state.h"
#include "tests/unit/txn_test_host.h"

namespace vtune {
namespace {

using test::TxnBench;
using K = RecordKind;

std::vector<RecordKind> kinds(const MemoryHostFs& fs, const std::string& id) {
  Result<JournalRead> r = read_journal(fs, journal_path(kStateDir, id));
  REQUIRE(r.ok());
  std::vector<RecordKind> out;
  for (const JournalRecord& rec : r->records) out.push_back(rec.kind);
  return out;
}

// The value as the host holds it, without the newline of a before-image's raw bytes.
std::string now(const TxnBench& b, const std::string& key) {
  std::string v = b.value(key);
  if (!v.empty() && v.back() == '\n') v.pop_back();
  return v;
}

ApplyRequest two_changes() {
  ApplyRequest req;
  req.profile = "web";
  req.changes = {TxnBench::change("net.core.somaxconn", "65535"),
                 TxnBench::change("net.ipv4.tcp_max_syn_backlog", "65535")};
  return req;
}

}  // namespace

TEST_CASE("txn verify: the judge sees both arms; a regression rolls back with exit 9") {
  TxnBench b;
  b.sysctl("net.core.somaxconn", "16");
  b.sysctl("net.ipv4.tcp_max_syn_backlog", "16");
  ApplyRequest req = two_changes();
  std::vector<std::string> seen;  // somaxconn as each arm left it
  req.verify = VerifyHooks{};
  req.verify->plan = Json{{"mode", "interleaved"}};
  req.verify->judge = [&](ArmSwitch& arms) -> Result<VerifyDecision> {
    seen.push_back(now(b, "net.core.somaxconn"));
    for (Arm a : {Arm::Baseline, Arm::Candidate, Arm::Baseline}) {
      if (Result<void> s = arms.switch_to(a); !s) return s.error();
      seen.push_back(now(b, "net.core.somaxconn") + "/" + now(b, "net.ipv4.tcp_max_syn_backlog"));
    }
    return VerifyDecision{Json{{"verdict", "regressed"}}, true, "verification: regressed"};
  };
  ApplyResult res = apply_transaction(req, b.host());
  CHECK(res.outcome == ApplyOutcome::RolledBackByVerification);
  CHECK(res.exit_code == kApplyExitRolledBackByVerification);
  CHECK(std::string(apply_outcome_name(res.outcome)) == "rolled_back_by_verification");
  CHECK(seen == std::vector<std::string>{"65535", "16/16", "65535/65535", "16/16"});
  CHECK(now(b, "net.core.somaxconn") == "16");
  CHECK(now(b, "net.ipv4.tcp_max_syn_backlog") == "16");
  CHECK(res.verification == Json{{"verdict", "regressed"}});
  // The host went back to the candidate before verify_result, then the rollback.
  std::vector<K> k = kinds(b.fs, res.transaction);
  std::vector<K> want = {K::Begin,     K::Intent,      K::Done,         K::Intent,
                         K::Done,      K::VerifyBegin, K::VerifyArm,    K::VerifyArm,
                         K::VerifyArm, K::VerifyArm,   K::VerifyResult, K::RollbackBegin,
                         K::Restored,  K::Restored,    K::RollbackDone};
  CHECK(k == want);
  Result<JournalRead> r = read_journal(b.fs, journal_path(kStateDir, res.transaction));
  REQUIRE(r.ok());
  TxnSummary s = summarize(*r);
  CHECK(s.state == TxnState::RolledBack);
  CHECK(s.verification == Json{{"verdict", "regressed"}});
  CHECK(r->records[11].reason == "verification");
}

TEST_CASE("txn verify: a kept verdict commits on the candidate; before_changes runs first") {
  TxnBench b;
  b.sysctl("net.core.somaxconn", "16");
  b.sysctl("net.ipv4.tcp_max_syn_backlog", "16");
  ApplyRequest req = two_changes();
  std::string at_before;
  req.verify = VerifyHooks{};
  req.verify->before_changes = [&]() -> Result<void> {
    at_before = now(b, "net.core.somaxconn");
    return {};
  };
  req.verify->judge = [&](ArmSwitch& arms) -> Result<VerifyDecision> {
    if (Result<void> s = arms.switch_to(Arm::Baseline); !s) return s.error();
    return VerifyDecision{Json{{"verdict", "improved"}}, false, ""};  // left on the baseline
  };
  ApplyResult res = apply_transaction(req, b.host());
  REQUIRE_MESSAGE(res.outcome == ApplyOutcome::Applied, res.message);
  CHECK(res.exit_code == 0);
  CHECK(at_before == "16");
  CHECK(now(b, "net.core.somaxconn") == "65535");  // put back on the candidate
  CHECK(kinds(b.fs, res.transaction).back() == K::Commit);
}

TEST_CASE("txn verify: a switch that reads back wrong rolls back as a failure") {
  TxnBench b;
  b.sysctl("net.core.somaxconn", "16");
  b.sysctl("net.ipv4.tcp_max_syn_backlog", "16");
  ApplyRequest req = two_changes();
  req.verify = VerifyHooks{};
  req.verify->judge = [&](ArmSwitch& arms) -> Result<VerifyDecision> {
    if (Result<void> s = arms.switch_to(Arm::Baseline); !s) return s.error();
    // The kernel now lands another value than the one written.
    b.applier.rewrite["net.core.somaxconn"] = "1";
    if (Result<void> s = arms.switch_to(Arm::Candidate); !s) return s.error();
    return VerifyDecision{};
  };
  ApplyResult res = apply_transaction(req, b.host());
  CHECK(res.exit_code == kApplyExitRolledBack);
  CHECK(res.message.find("verification could not switch the values") != std::string::npos);
  CHECK(res.message.find("reads back") != std::string::npos);
  CHECK(now(b, "net.core.somaxconn") == "16");
}

}  // namespace vtune

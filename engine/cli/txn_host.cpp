#include "engine/cli/txn_host.h"

#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "engine/core/text_escape.h"
#include "engine/core/warning_summary.h"
#include "engine/txn/journal.h"
#include "engine/txn/txn_state.h"
#include "probes/collect.h"

namespace vtune::cli {

void add_state_dir_option(CLI::App& sub, std::string& state_dir) {
  sub.add_option("--state-dir", state_dir,
                 "Keep the lock, journal/ and boot.json in DIR (a directory on this machine) "
                 "instead of /var/lib/vtune on the --root host");
}

namespace {
std::string absolute_dir(const std::string& dir) {
  return std::filesystem::absolute(dir).lexically_normal().string();
}
}  // namespace

WritableHost::WritableHost(const GlobalOptions& g, const std::string& state_dir,
                           const std::vector<std::string>& vmx)
    : backend_(g.root) {
  Warnings warnings;
  facts_ = collect_facts(backend_.host(), ProbeOptions{vmx}, warnings);
  for (const Warning& w : summarize_warnings(warnings)) spdlog::info("{}: {}", w.path, w.message);
  if (!state_dir.empty()) {
    state_fs_ = make_disk_host_fs("/");
    state_dir_ = absolute_dir(state_dir);
  } else {
    state_dir_ = std::string(kStateDir);
  }
}

const ApplierSet& WritableHost::appliers() {
  if (appliers_) return *appliers_;
  ctx_ = std::make_unique<ApplierContext>(ApplierContext{backend_.fs(), backend_.ethtool(), facts_,
                                                         &backend_.fs(), &backend_.ethtool()});
  appliers_ = std::make_unique<ApplierSet>(*ctx_);
  return *appliers_;
}

TxnStore WritableHost::store() {
  return TxnStore{state_fs_ ? *state_fs_ : backend_.fs(), state_dir_};
}

StateStore open_state_store(const GlobalOptions& g, const std::string& state_dir) {
  if (!state_dir.empty()) return {make_disk_host_fs("/"), absolute_dir(state_dir)};
  return {make_disk_host_fs(g.root), std::string(kStateDir)};
}

void warn_unfinished_transactions(const GlobalOptions& g, const std::string& state_dir) {
  StateStore s = open_state_store(g, state_dir);
  Result<std::vector<TransactionEntry>> all = list_transactions(*s.fs, s.dir);
  if (!all) return;  // no state directory, or not readable by this user: nothing to say
  for (const TransactionEntry& t : *all) {
    if (!t.blocks_apply()) continue;
    std::string what = t.summary ? "transaction " + escape_control_line(t.summary->id) + " is " +
                                       txn_state_name(t.summary->state)
                                 : "journal " + s.fs->describe(t.path) + " cannot be read";
    std::string todo = t.summary && t.summary->state == TxnState::AwaitingConfirm
                           ? "`vtune confirm` keeps it, `vtune rollback` undoes it"
                           : "the host may be partly changed: run `vtune rollback`";
    std::cerr << "vtune: warning: " << what << "; " << todo << "\n";
  }
}

std::string self_exe() {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("/proc/self/exe") : p.string();
}

}  // namespace vtune::cli

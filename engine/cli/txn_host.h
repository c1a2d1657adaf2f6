#pragma once
// What apply, rollback, confirm and history share on the command line: the state directory
// (--state-dir, else /var/lib/vtune on the --root host), the host opened with its write
// seams, and the warning plan and check print when a transaction is unfinished.
#include <memory>
#include <string>

#include "appliers/registry.h"
#include "engine/cli/command.h"
#include "engine/facts/host_backend.h"
#include "engine/txn/txn_context.h"

namespace vtune::cli {

// Adds --state-dir DIR to `sub`.
void add_state_dir_option(CLI::App& sub, std::string& state_dir);

// The host of --root with the appliers' write seams, its facts collected, and the store.
class WritableHost {
 public:
  WritableHost(const GlobalOptions& g, const std::string& state_dir,
               const std::vector<std::string>& vmx = {});
  HostBackend& backend() { return backend_; }
  Facts& facts() { return facts_; }
  // The appliers, made on first use; they read facts() as it is at each call.
  const ApplierSet& appliers();
  const ApplierContext& context() const { return *ctx_; }
  TxnHost txn_host() { return make_txn_host(appliers(), backend_.fs(), store()); }
  TxnStore store();
  const std::string& state_dir() const { return state_dir_; }
  bool separate_state_fs() const { return state_fs_ != nullptr; }

 private:
  HostBackend backend_;
  Facts facts_;
  std::unique_ptr<ApplierContext> ctx_;
  std::unique_ptr<ApplierSet> appliers_;
  std::unique_ptr<HostFs> state_fs_;  // set with --state-dir: a HostFs on "/"
  std::string state_dir_;
};

// The store alone (history, confirm, the warning): no probing.
struct StateStore {
  std::unique_ptr<HostFs> fs;
  std::string dir;
  TxnStore store() { return TxnStore{*fs, dir}; }
};
StateStore open_state_store(const GlobalOptions& g, const std::string& state_dir);

// Prints a warning to stderr for each unfinished transaction under the state directory
// (plan and check call it); never fails.
void warn_unfinished_transactions(const GlobalOptions& g, const std::string& state_dir = {});

// The vtune binary, for the watchdog ("/proc/self/exe" resolved).
std::string self_exe();

}  // namespace vtune::cli

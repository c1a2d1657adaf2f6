// `vtune confirm [ID]`: keep a change applied with --confirm-within (docs/apply.md).
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/txn_host.h"
#include "engine/core/text_escape.h"
#include "engine/txn/confirm_txn.h"

namespace vtune::cli {

Runner setup_confirm(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    std::string id, state_dir;
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "Keep a change applied with --confirm-within before its deadline (ID, or the newest\n"
      "transaction awaiting confirmation); without it the watchdog rolls the change back.");
  sub.footer("Exit codes: 0 confirmed; 1 nothing awaits confirmation (or an error).");
  sub.add_option("id", opts->id, "The transaction id");
  add_state_dir_option(sub, opts->state_dir);
  return [opts, &global] {
    StateStore s = open_state_store(global, opts->state_dir);
    std::optional<std::string> id;
    if (!opts->id.empty()) id = opts->id;
    ConfirmResult r = confirm_transaction(s.store(), id);
    if (r.exit_code == kConfirmExitOk)
      std::cout << escape_control_line(r.message) << "\n";
    else
      std::cerr << "vtune: error: " << escape_control_line(r.message) << "\n";
    return r.exit_code;
  };
}

}  // namespace vtune::cli

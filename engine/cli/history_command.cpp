// `vtune history`: the transactions in the state directory, from their journals.
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/txn_host.h"
#include "engine/facts/json_text.h"
#include "engine/txn/history.h"

namespace vtune::cli {

Runner setup_history(CLI::App& sub, const GlobalOptions& global) {
  struct Opts {
    std::string state_dir, format = "text";
  };
  auto opts = std::make_shared<Opts>();
  sub.description(
      "List the transactions (oldest first): id, time, profile, state (open, committed,\n"
      "awaiting_confirm, confirmed, rolling_back, rolled_back) and item counts.");
  sub.footer("Exit codes: 0; 1 when the journal directory cannot be read.");
  add_state_dir_option(sub, opts->state_dir);
  sub.add_option("--format", opts->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [opts, &global] {
    StateStore s = open_state_store(global, opts->state_dir);
    Result<std::vector<HistoryEntry>> h = read_history(*s.fs, s.dir);
    if (!h) {
      std::cerr << "vtune: error: " << h.error().message() << "\n";
      return 1;
    }
    if (opts->format == "json")
      std::cout << dump_json(history_to_json(*h), 2) << "\n";
    else
      std::cout << render_history_text(*h);
    return 0;
  };
}

}  // namespace vtune::cli

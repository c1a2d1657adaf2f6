// `vtune rollback [ID | --last]`: undo a transaction, or complete one a crash left open
// (docs/apply.md). Shows what it will restore and asks on a terminal unless --yes.
#include <unistd.h>

#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/txn_host.h"
#include "engine/core/text_escape.h"
#include "engine/facts/json_text.h"
#include "engine/report/plan_text.h"
#include "engine/txn/rollback_txn.h"

namespace vtune::cli {
namespace {

struct RollbackOpts {
  std::string id;
  bool last = false, force = false, yes = false, unconfirmed = false;
  std::string state_dir, format = "text";
};

std::string shown(const Json& v) {
  if (v.is_string() && v.get_ref<const std::string&>().size() > 60)
    return "(" + std::to_string(v.get_ref<const std::string&>().size()) + " bytes)";
  return escape_control_line(text_plan_value(v));
}

std::string plans_text(const std::vector<TxnRollbackPlan>& plans, bool preview) {
  std::string out;
  if (preview && plans.size() > 1)
    out += "later transactions touched the same settings; they are rolled back first:\n";
  for (const TxnRollbackPlan& p : plans) {
    out += (preview ? "to roll back: transaction " : "transaction ") + escape_control_line(p.id) +
           " (" + escape_control_line(p.profile) + ", " + p.state + ")\n";
    for (const RestoreResult& r : p.items) {
      std::string state = restore_state_name(r.state);
      if (preview && r.state == RestoreState::Restored) state = "restore";
      out += "  " + state + std::string(12 - std::min<size_t>(11, state.size()), ' ') +
             escape_control_line(r.knob);
      if (!r.knob.empty())
        out += "  " + shown(r.current) + " -> " + shown(r.before) + "  (" +
               escape_control_line(r.target) + ")";
      out += "\n";
      if (!r.message.empty()) out += "      " + escape_control_line(r.message) + "\n";
    }
    if (p.items.empty()) out += "  (no items to restore)\n";
  }
  return out;
}

Json plans_json(const std::vector<TxnRollbackPlan>& plans) {
  Json list = Json::array();
  for (const TxnRollbackPlan& p : plans) {
    Json items = Json::array();
    for (const RestoreResult& r : p.items)
      items.push_back({{"knob", replace_invalid_utf8(r.knob)},
                       {"target", replace_invalid_utf8(r.target)},
                       {"before", r.before},
                       {"current", r.current},
                       {"written", r.written},
                       {"state", restore_state_name(r.state)},
                       {"message", replace_invalid_utf8(r.message)}});
    list.push_back({{"id", p.id},
                    {"profile", p.profile},
                    {"state", p.state},
                    {"complete", p.complete},
                    {"items", items}});
  }
  return list;
}

int finish(const RollbackOpts& o, const std::string& outcome, const std::vector<TxnRollbackPlan>& p,
           const std::string& message, int code) {
  if (o.format == "json") {
    Json doc = {{"schema_version", 1},
                {"outcome", outcome},
                {"transactions", plans_json(p)},
                {"message", replace_invalid_utf8(message)}};
    std::cout << dump_json(doc, 2) << "\n";
  } else if (!p.empty()) {
    std::cout << plans_text(p, false);
  }
  if (!message.empty())
    (code == 0 ? std::cout : std::cerr) << (code == 0 ? "" : "vtune: error: ") << message << "\n";
  return code;
}

}  // namespace

Runner setup_rollback(CLI::App& sub, const GlobalOptions& global) {
  auto opts = std::make_shared<RollbackOpts>();
  sub.description(
      "Undo a transaction (ID, or the newest one still on the host: --last, the default),\n"
      "newest change first, drift-aware: a value someone changed since vtune wrote it is left\n"
      "alone unless --force. Later transactions that touched the same settings are rolled\n"
      "back first. Also completes a transaction a crash left open. See docs/apply.md.");
  sub.footer(
      "Exit codes: 0 everything restored (or nothing to roll back); 1 error (an item could\n"
      "not be restored); 2 items were left alone because they changed since (--force);\n"
      "6 another vtune holds the lock. See docs/exit-codes.md.");
  CLI::Option* id = sub.add_option("id", opts->id, "The transaction id (vtune history)");
  sub.add_flag("--last", opts->last, "The newest transaction still on the host")->excludes(id);
  sub.add_flag("--force", opts->force, "Also restore values that changed since vtune wrote them");
  sub.add_flag("-y,--yes", opts->yes, "Roll back without asking");
  sub.add_flag("--unconfirmed", opts->unconfirmed,
               "Only if it still awaits its confirm (what the confirm watchdog runs)");
  add_state_dir_option(sub, opts->state_dir);
  sub.add_option("--format", opts->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [opts, &global] {
    WritableHost host(global, opts->state_dir);
    TxnHost th = host.txn_host();
    RollbackOptions ro;
    if (!opts->id.empty()) ro.id = opts->id;
    ro.force = opts->force;
    ro.unconfirmed = opts->unconfirmed;
    RollbackSession session(th, ro);
    if (session.error())
      return finish(*opts, "error", {}, *session.error(), session.error_exit_code());
    if (session.nothing_to_do())
      return finish(*opts, "nothing_to_do", {}, *session.nothing_to_do(), kRollbackExitOk);
    std::vector<TxnRollbackPlan> preview = session.preview();
    if (!opts->yes) {
      if (opts->format == "text") std::cout << plans_text(preview, true) << std::flush;
      if (!::isatty(STDIN_FILENO))
        return finish(*opts, "refused", preview,
                      "not a terminal: pass --yes to roll back without asking", kRollbackExitError);
      std::cerr << "Roll back? [y/N] " << std::flush;
      std::string answer;
      if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y" && answer != "yes"))
        return finish(*opts, "refused", preview, "not rolled back (answered no)",
                      kRollbackExitError);
    }
    int code = 0;
    std::vector<TxnRollbackPlan> done = session.run(code);
    std::string message;
    if (code == kRollbackExitLeftAlone)
      message =
          "some items were left alone because they changed since vtune wrote them; "
          "`vtune rollback --force` restores them";
    else if (code != 0)
      message =
          "the rollback did not complete; the journal is kept: fix the cause and rerun "
          "`vtune rollback`";
    std::string outcome = code == 0   ? "rolled_back"
                          : code == 2 ? "partly_rolled_back"
                                      : "incomplete";
    return finish(*opts, outcome, done, message, code);
  };
}

}  // namespace vtune::cli

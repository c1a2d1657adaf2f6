// `vtune apply --profile P`: the plan's `change` items made real, as one journaled
// transaction (docs/apply.md); `vtune apply --boot` re-applies STATE/boot.json's settings.
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <thread>

#include "appliers/persistence.h"
#include "engine/cli/apply_verify.h"
#include "engine/cli/color.h"
#include "engine/cli/command.h"
#include "engine/cli/host_inputs.h"
#include "engine/cli/plan_inputs.h"
#include "engine/cli/txn_host.h"
#include "engine/core/text_escape.h"
#include "engine/facts/json_text.h"
#include "engine/plan/planner.h"
#include "engine/profile/validate.h"
#include "engine/report/plan_text.h"
#include "engine/txn/apply_txn.h"
#include "engine/txn/boot_settings.h"
#include "engine/txn/confirm_watchdog.h"
#include "engine/txn/rollback_txn.h"
#include "probes/sysctl_reader.h"
#include "vtune_version.h"

namespace vtune::cli {
namespace {

struct ApplyOpts {
  PlanOptions plan;
  std::string state_dir;
  std::string format = "text";
  bool dry_run = false, yes = false, persist = false, boot = false;
  long confirm_within = 0;
  VerifyOpts verify;
};

PersistPlanner make_persist_planner(const std::string& profile, const ApplierContext& ctx,
                                    const TxnStore& store) {
  return [profile, &ctx, store](const std::vector<AppliedItem>& items,
                                const std::string& transaction) -> Result<PersistOutput> {
    std::vector<AppliedSetting> settings;
    for (const AppliedItem& i : items) settings.push_back({i.knob, i.value, i.target, i.rule});
    PersistRecord record;
    record.transaction = transaction;
    record.time = iso_utc(now_epoch());
    Result<std::string> boot = store.fs.read_file(boot_settings_path(store.dir));
    if (boot) {
      record.previous_boot = *boot;
    } else if (boot.error().err != ENOENT) {
      return boot.error();
    }
    return plan_persistence(settings, profile, ctx, store.dir, record);
  };
}

std::string value_text(const Json& v) {
  return escape_control_line(text_plan_value(v));
}

// Asks on the terminal; false without one (the caller refuses, telling to pass --yes).
std::optional<bool> ask(const std::string& question) {
  if (!::isatty(STDIN_FILENO)) return std::nullopt;
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

Json item_json(const ItemReport& r) {
  return {{"rule", r.rule},
          {"knob", replace_invalid_utf8(r.knob)},
          {"target", replace_invalid_utf8(r.target)},
          {"before", r.before},
          {"after", r.after},
          {"state", item_outcome_name(r.state)},
          {"message", replace_invalid_utf8(r.message)},
          {"activation", r.activation}};
}

// The plan items apply never writes but a caller must see: errors, unknowns and advice.
Json held_back_json(const Plan& plan) {
  Json out = Json::array();
  for (const PlanItem& i : plan.items) {
    if (i.state != ItemState::Error && i.state != ItemState::Unknown &&
        i.state != ItemState::Advisory)
      continue;
    out.push_back({{"rule", i.rule},
                   {"knob", i.knob.empty() ? Json() : Json(replace_invalid_utf8(i.knob))},
                   {"state", item_state_name(i.state)},
                   {"message", replace_invalid_utf8(i.message)}});
  }
  return out;
}

Json result_json(const ApplyResult& res, const std::string& outcome,
                 const Json& held_back = Json::array()) {
  Json items = Json::array();
  int counts[4] = {0, 0, 0, 0};
  for (const ItemReport& r : res.items) {
    items.push_back(item_json(r));
    ++counts[static_cast<int>(r.state)];
  }
  Json persisted = Json::array();
  for (const std::string& p : res.persisted) persisted.push_back(p);
  return {{"schema_version", 1},
          {"transaction", res.transaction.empty() ? Json() : Json(res.transaction)},
          {"outcome", outcome},
          {"changed", res.outcome == ApplyOutcome::Applied ||
                          res.outcome == ApplyOutcome::RollbackIncomplete ||
                          res.outcome == ApplyOutcome::DryRun},
          {"items", items},
          {"summary",
           {{"applied", counts[0]},
            {"failed", counts[1]},
            {"rolled_back", counts[2]},
            {"skipped", counts[3]}}},
          {"not_applied", held_back},
          {"persisted", persisted},
          {"notes", res.notes},
          {"message", replace_invalid_utf8(res.message)},
          {"awaiting_confirm_until",
           res.awaiting_confirm_until ? Json(iso_utc(*res.awaiting_confirm_until)) : Json()},
          {"verification", res.verification}};
}

std::string result_text(const ApplyResult& res) {
  std::string out;
  if (!res.items.empty())
    out += "\ntransaction " + (res.transaction.empty() ? std::string("(none)") : res.transaction) +
           ":\n";
  for (const ItemReport& r : res.items) {
    const char* state =
        r.state == ItemOutcome::RolledBack ? "rolled back" : item_outcome_name(r.state);
    out += "  " + std::string(state) +
           std::string(12 - std::min<size_t>(11, std::strlen(state)), ' ') +
           escape_control_line(r.knob) + "  " + value_text(r.before) + " -> " + value_text(r.after);
    if (!r.target.empty()) out += "  (" + escape_control_line(r.target) + ")";
    out += "\n";
    if (!r.message.empty()) out += "      " + escape_control_line(r.message) + "\n";
  }
  for (const std::string& n : res.notes) out += "note: " + escape_control_line(n) + "\n";
  for (const std::string& p : res.persisted) out += "persisted: " + escape_control_line(p) + "\n";
  switch (res.outcome) {
    case ApplyOutcome::Applied: {
      size_t n = res.items.size();
      out += "applied " + std::to_string(n) + (n == 1 ? " change" : " changes") + " (transaction " +
             res.transaction + "); `vtune rollback " + res.transaction + "` undoes " +
             (n == 1 ? "it" : "them") + "\n";
      if (res.awaiting_confirm_until)
        out += "awaiting confirmation until " + iso_utc(*res.awaiting_confirm_until) +
               ": run `vtune confirm` to keep the change, or it is rolled back then\n";
      break;
    }
    case ApplyOutcome::NothingToDo:
      out += "nothing to do: the host already has every setting\n";
      break;
    case ApplyOutcome::RolledBackByVerification:
      out += "rolled back by verification (transaction " + res.transaction +
             "): the change made a benchmark measurably worse\n";
      break;
    default:
      break;
  }
  return out;
}

int report(const ApplyOpts& o, const ApplyResult& res, const Json& held_back = Json::array(),
           const ApplyVerification* verified = nullptr) {
  std::string outcome = apply_outcome_name(res.outcome);
  if (o.format == "json") {
    std::cout << dump_json(result_json(res, outcome, held_back), 2) << "\n";
  } else {
    if (verified && verified->report) std::cout << verify::report_text(*verified->report);
    std::cout << result_text(res);
  }
  if (!res.message.empty() && res.outcome != ApplyOutcome::Applied &&
      res.outcome != ApplyOutcome::NothingToDo)
    std::cerr << "vtune: error: " << escape_control_line(res.message) << "\n";
  return res.exit_code;
}

// A refusal before any transaction (no TTY, answered no): reported like an outcome.
int refuse(const ApplyOpts& o, std::vector<ChangeRequest> changes, const std::string& why) {
  ApplyResult res;
  res.outcome = ApplyOutcome::Refused;
  res.exit_code = kApplyExitError;
  res.message = why;
  for (const ChangeRequest& c : changes) {
    ItemReport r;
    r.rule = c.rule;
    r.knob = format_knob(c.knob);
    r.before = r.after = c.current;
    r.message = "not applied";
    res.items.push_back(std::move(r));
  }
  if (o.format == "json") std::cout << dump_json(result_json(res, "refused"), 2) << "\n";
  std::cerr << "vtune: error: " << why << "\n";
  return kApplyExitError;
}

// Starts the commit-confirmed watchdog; without one nobody would roll back, so a failure to
// start it rolls the transaction back at once.
void start_watchdog(const ApplyOpts& o, const GlobalOptions& g, WritableHost& host,
                    ApplyResult& res) {
  WatchdogRequest w;
  w.self = self_exe();
  w.id = res.transaction;
  w.deadline = static_cast<std::time_t>(*res.awaiting_confirm_until);
  if (g.root != "/") w.extra = {"--root", g.root};
  if (!o.state_dir.empty()) {
    w.extra.push_back("--state-dir");
    w.extra.push_back(host.state_dir());
  }
  w.use_systemd = g.root == "/" && systemd_available();
  Result<std::string> started = start_confirm_watchdog(w);
  if (started) {
    res.notes.push_back("watchdog: " + *started + " rolls it back at " + iso_utc(w.deadline) +
                        " unless confirmed");
    return;
  }
  TxnHost th = host.txn_host();
  RollbackSession session(th, RollbackOptions{res.transaction, false, true});
  int code = 0;
  if (!session.error() && !session.nothing_to_do()) session.run(code);
  res.outcome = ApplyOutcome::RolledBack;
  res.exit_code = kApplyExitError;
  res.message = "the confirm watchdog could not be started (" + started.error().message() +
                "), so the change was rolled back" +
                (code == 0 ? "" : " (incompletely: run `vtune rollback`)");
  res.awaiting_confirm_until.reset();
}

int run_boot(const ApplyOpts& o, const GlobalOptions& g) {
  WritableHost host(g, o.state_dir);
  TxnStore store = host.store();
  Result<BootSettings> boot = read_boot_settings(store.fs, store.dir);
  if (!boot) {
    if (boot.error().err == ENOENT) {
      std::cout << "nothing to re-apply: no " << store.fs.describe(boot_settings_path(store.dir))
                << "\n";
      return kApplyExitOk;
    }
    std::cerr << "vtune: error: " << boot.error().message() << "\n";
    return kApplyExitError;
  }
  const ApplierSet& appliers = host.appliers();
  ApplyRequest req;
  req.profile = "boot:" + boot->profile;
  req.vtune_version = VTUNE_VERSION;
  for (const BootSetting& s : boot->settings) {
    const Applier& a = appliers.applier_for(s.knob.kind);
    Result<KnobValue> cur = a.read(s.knob);
    if (cur && a.equal(s.knob, cur->value, s.value)) continue;
    req.changes.push_back({s.rule, s.knob, s.value, cur ? cur->value : Json(), false});
  }
  ApplyResult res = apply_transaction(req, host.txn_host());
  return report(o, res);
}

int run_apply(const ApplyOpts& o, const GlobalOptions& g) {
  int code = 1;
  std::optional<PlanInputs> in = load_plan_inputs(o.plan, g, code);
  if (!in) return code;
  bool persist = o.persist || in->profile->persist;
  std::vector<std::string> vmx = vmx_host_paths(g, o.plan.vmx);
  WritableHost host(g, o.state_dir, vmx);
  preload_sysctls(in->lib, host.backend().fs(), host.facts());
  const ApplierSet& appliers = host.appliers();
  Plan plan = plan_from_facts({in->lib, *in->profile, today_local()}, host.facts(), appliers);
  plan.root = g.root;
  if (Result<std::string> name = read_sysctl(host.backend().fs(), "kernel.hostname"); name)
    plan.hostname = *name;

  std::vector<ChangeRequest> changes, keep;
  for (const PlanItem& i : plan.items) {
    if (i.state != ItemState::Change && i.state != ItemState::Compliant) continue;
    if (!i.typed_knob) continue;  // advisories and checks carry no knob
    ChangeRequest c{i.rule, *i.typed_knob, i.desired, i.current, i.reboot};
    (i.state == ItemState::Change ? changes : keep).push_back(std::move(c));
  }
  if (o.format == "text") {
    PlanTextOptions t;
    t.color = use_color(g.color, STDOUT_FILENO);
    std::cout << render_plan_text(plan, t);
  }
  ApplyRequest req;
  req.profile = in->profile->name;
  req.vtune_version = VTUNE_VERSION;
  if (persist) req.persist = make_persist_planner(in->profile->name, host.context(), host.store());
  if (o.dry_run) {
    req.changes = changes;
    if (persist) req.keep = keep;
    ApplyResult res = preview_transaction(req, host.txn_host());
    bool refused = res.outcome == ApplyOutcome::Refused || res.outcome == ApplyOutcome::Error;
    if (o.format == "json") {
      // "dry_run" whether or not anything would change: `changed` says which.
      std::cout << dump_json(result_json(res, refused ? apply_outcome_name(res.outcome) : "dry_run",
                                         held_back_json(plan)),
                             2)
                << "\n";
    } else if (!refused) {
      for (const std::string& p : res.persisted)
        std::cout << "would persist: " << escape_control_line(p) << "\n";
      std::cout << "dry run: " << changes.size() << (changes.size() == 1 ? " change" : " changes")
                << " would be applied; nothing was changed\n";
    }
    if (refused) std::cerr << "vtune: error: " << escape_control_line(res.message) << "\n";
    return res.exit_code;
  }
  std::string verify_error;
  std::optional<ApplyVerification> verification =
      plan_verification(o.verify, *in->profile, changes, host.backend().fs(), g.root == "/",
                        o.format == "json", verify_error);
  if (!verify_error.empty()) return refuse(o, changes, verify_error);
  if ((!changes.empty() || persist) && !o.yes) {
    std::string q = "Apply " + std::to_string(changes.size()) +
                    (changes.size() == 1 ? " change" : " changes") +
                    (persist ? " and persist the profile" : "") + "?";
    std::optional<bool> yes = ask(q);
    if (!yes) return refuse(o, changes, "not a terminal: pass --yes to apply without asking");
    if (!*yes) return refuse(o, changes, "not applied (answered no)");
  }
  req.changes = std::move(changes);
  if (persist) req.keep = std::move(keep);
  if (o.confirm_within > 0) req.confirm_deadline = now_epoch() + o.confirm_within;
  if (verification) req.verify = verify_hooks(*verification);
  ApplyResult res = apply_transaction(req, host.txn_host());
  if (res.outcome == ApplyOutcome::Applied && res.awaiting_confirm_until)
    start_watchdog(o, g, host, res);
  return report(o, res, held_back_json(plan), verification ? &*verification : nullptr);
}

}  // namespace

Runner setup_apply(CLI::App& sub, const GlobalOptions& global) {
  auto opts = std::make_shared<ApplyOpts>();
  sub.description(
      "Apply a profile's changes to the host as one transaction: each change is journaled,\n"
      "written, read back and recorded; a failure rolls back what was written. Shows the plan\n"
      "first and asks on a terminal unless --yes. See docs/apply.md.");
  sub.footer(
      "Exit codes: 0 applied, or nothing to do; 1 error (or refused: not a terminal without\n"
      "--yes); 3 invalid rules or profile; 5 a write failed and everything was rolled back;\n"
      "6 another vtune holds the lock; 7 an unfinished transaction exists (vtune rollback);\n"
      "8 the rollback after a failure did not complete; 9 verification found a regression and\n"
      "rolled the change back. See docs/exit-codes.md and docs/verify.md.");
  add_plan_options(sub, opts->plan, false);
  add_state_dir_option(sub, opts->state_dir);
  sub.add_flag("--dry-run", opts->dry_run, "Print the plan and change nothing");
  sub.add_flag("-y,--yes", opts->yes, "Apply without asking");
  sub.add_flag("--persist", opts->persist,
               "Also persist the settings (sysctl.d, udev rules, the boot unit) at commit");
  sub.add_option("--confirm-within", opts->confirm_within,
                 "Roll back after SECONDS unless `vtune confirm` is run first")
      ->check(CLI::Range(1L, 86400L));
  sub.add_flag("--boot", opts->boot,
               "Re-apply the settings recorded in STATE/boot.json (vtune-apply.service)");
  add_verify_options(sub, opts->verify);
  sub.add_option("--format", opts->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [opts, &global] {
    if (opts->boot) {
      if (!opts->plan.profile.empty()) {
        std::cerr << "vtune: error: --boot takes no --profile (it re-applies boot.json)\n";
        return kApplyExitError;
      }
      return run_boot(*opts, global);
    }
    if (opts->plan.profile.empty()) {
      std::cerr << "vtune: error: apply needs --profile P (or --boot)\n";
      return kApplyExitError;
    }
    return run_apply(*opts, global);
  };
}

}  // namespace vtune::cli

// `vtune profiles`: list the profiles on the search path; `vtune profiles show NAME`: print
// one resolved (include chain, where each value came from, waiver states).
#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "engine/cli/command.h"
#include "engine/cli/plan_inputs.h"
#include "engine/core/host_fs.h"
#include "engine/core/quantity.h"
#include "engine/core/text_escape.h"
#include "engine/facts/json_text.h"
#include "engine/lang/library.h"
#include "engine/profile/profile_loader.h"
#include "engine/profile/selection.h"
#include "engine/profile/validate.h"

namespace vtune::cli {
namespace {

struct ProfilesOptions {
  std::string dir;
  std::string format = "text";
  std::string name;                // for `show`
  std::vector<std::string> rules;  // for `show`: the rule library to validate against
};

std::string where(const SourceSpan& s) {
  return s.file + (s.line > 0 ? ":" + std::to_string(s.line) : std::string());
}

std::string join_names(const std::vector<ProfileRef>& refs) {
  std::string out;
  for (const ProfileRef& r : refs) out += (out.empty() ? "" : ", ") + r.name;
  return out.empty() ? "-" : out;
}

std::string waiver_state(const Waiver& w, const Date& today) {
  if (!w.expires) return "no expiry";
  std::string date = format_date(*w.expires);
  return *w.expires < today ? "EXPIRED on " + date + ", no longer waives" : "until " + date;
}

Json profile_json(const Profile& p, const Date& today) {
  Json j = Json::object();
  j["name"] = p.name;
  j["summary"] = p.summary;
  j["file"] = p.file;
  j["includes"] = p.includes;
  Json chain = Json::array();
  for (const ChainEntry& c : p.chain) chain.push_back({{"name", c.name}, {"file", c.file}});
  j["chain"] = chain;
  j["persist"] = p.persist;
  for (auto [key, list] : {std::pair{"tags", &p.tags}, std::pair{"enable", &p.enable},
                           std::pair{"disable", &p.disable}}) {
    Json names = Json::array();
    for (const ProfileRef& r : *list) names.push_back(r.name);
    j["rules"][key] = names;
  }
  j["params"] = Json::object();
  for (const auto& [name, param] : p.params)
    j["params"][name] = {{"value", param.value}, {"set_in", where(param.where)}};
  j["waivers"] = Json::array();
  for (const Waiver& w : p.waivers) {
    bool expired = w.expires && *w.expires < today;
    j["waivers"].push_back({{"rule", w.rule},
                            {"knob", w.knob.empty() ? Json(nullptr) : Json(w.knob)},
                            {"device", w.device.empty() ? Json(nullptr) : Json(w.device)},
                            {"reason", w.reason},
                            {"expires", w.expires ? Json(format_date(*w.expires)) : Json()},
                            {"expired", expired},
                            {"set_in", where(w.where)}});
  }
  Json benchmarks = Json::array();
  for (const ProfileRef& b : p.verify.benchmarks) benchmarks.push_back(b.name);
  j["verify"] = {{"benchmarks", benchmarks},
                 {"max_regression",
                  format_quantity({p.verify.max_regression_or_default(), QuantityKind::Percent})},
                 {"repetitions", p.verify.repetitions_or_default()}};
  return j;
}

// printf into `out`.
[[gnu::format(printf, 2, 3)]] void put(std::string& out, const char* fmt, ...) {
  va_list args, again;
  va_start(args, fmt);
  va_copy(again, args);
  int n = std::vsnprintf(nullptr, 0, fmt, args);
  va_end(args);
  if (n > 0) {
    std::string piece(static_cast<size_t>(n) + 1, '\0');
    std::vsnprintf(piece.data(), piece.size(), fmt, again);
    piece.resize(static_cast<size_t>(n));
    out += piece;
  }
  va_end(again);
}

void print_profile_text(const Profile& p, const Date& today,
                        const std::optional<std::vector<std::string>>& selected) {
  std::string out;
  std::string chain;
  for (const ChainEntry& c : p.chain) chain += (chain.empty() ? "" : " -> ") + c.name;
  put(out, "profile %s\n  %s\n  file:    %s\n  chain:   %s\n  persist: %s\n\n", p.name.c_str(),
      p.summary.c_str(), p.file.c_str(), chain.c_str(),
      p.persist ? "yes (sysctl.d and modprobe.d files are written on apply)" : "no");
  put(out, "rules\n  tags:    %s\n  enable:  %s\n  disable: %s\n", join_names(p.tags).c_str(),
      join_names(p.enable).c_str(), join_names(p.disable).c_str());
  if (selected) {
    put(out, "  selected (%zu):", selected->size());
    for (size_t i = 0; i < selected->size(); ++i)
      put(out, "%s%s", i % 3 == 0 ? "\n    " : "  ", (*selected)[i].c_str());
    put(out, "\n");
  }
  put(out, "\nparams%s\n", p.params.empty() ? " (all rule defaults)" : "");
  for (const auto& [name, param] : p.params)
    put(out, "  %s = %s    (%s)\n", name.c_str(), dump_json(param.value).c_str(),
        where(param.where).c_str());
  put(out, "\nwaivers%s\n", p.waivers.empty() ? " (none)" : "");
  for (const Waiver& w : p.waivers) {
    put(out, "  %s", w.rule.c_str());
    if (!w.knob.empty()) put(out, " knob=%s", w.knob.c_str());
    if (!w.device.empty()) put(out, " device=%s", w.device.c_str());
    put(out, " [%s]    (%s)\n    %s\n", waiver_state(w, today).c_str(), where(w.where).c_str(),
        w.reason.c_str());
  }
  put(out, "\nverify\n  benchmarks:     %s\n  max_regression: %s\n  repetitions:    %d\n",
      join_names(p.verify.benchmarks).c_str(),
      format_quantity({p.verify.max_regression_or_default(), QuantityKind::Percent}).c_str(),
      p.verify.repetitions_or_default());
  // Profile text comes from files a site may not control: no terminal escapes get through.
  std::fputs(escape_control(out).c_str(), stdout);
}

int list_profiles(ProfileLoader& loader, const ProfilesOptions& o) {
  Diagnostics diags;
  std::vector<ProfileListing> listed = loader.list(diags);
  diags.sort();
  if (o.format == "json") {
    Json j = {{"schema_version", 1}, {"search_path", loader.search_path()}};
    j["profiles"] = Json::array();
    for (const ProfileListing& l : listed)
      j["profiles"].push_back(
          {{"name", l.name}, {"summary", l.summary}, {"includes", l.includes}, {"file", l.file}});
    j["diagnostics"] = diagnostics_to_json(diags);
    std::cout << j.dump(2) << "\n";
  } else {
    for (const ProfileListing& l : listed) {
      std::string line = l.name;
      if (!l.includes.empty()) {
        line.resize(std::max<size_t>(line.size() + 1, 23), ' ');
        line += "(includes ";
        for (size_t i = 0; i < l.includes.size(); ++i) line += (i ? ", " : "") + l.includes[i];
        line += ")";
      }
      std::printf("%s\n  %s\n  %s\n", escape_control_line(line).c_str(),
                  escape_control_line(l.summary).c_str(), escape_control_line(l.file).c_str());
    }
    if (listed.empty()) {
      std::string dirs;
      for (const std::string& d : loader.search_path()) dirs += "\n  " + d;
      std::fprintf(stderr, "vtune: no profiles found; searched:%s\n", dirs.c_str());
    }
    std::fputs(render_diagnostics(diags, loader.sources()).c_str(), stderr);
  }
  return diags.has_errors() ? 3 : 0;
}

// Validation against the rule library, as plan does, so `show` gives the same verdict. A
// library that cannot be loaded is a note, not a failure: listing a profile needs no rules.
std::optional<std::vector<std::string>> check_against_rules(const Profile& p,
                                                            const ProfilesOptions& o,
                                                            Diagnostics& diags) {
  std::vector<std::string> paths = o.rules;
  if (paths.empty()) paths.push_back(rules_dir_default());
  Result<lang::RuleLibrary> lib = lang::load_library(paths);
  if (!lib || lib->diagnostics.has_errors()) {
    std::fprintf(stderr,
                 "vtune: note: the rule library (%s) did not load cleanly; params and rule ids "
                 "were not checked (vtune lint)\n",
                 paths.front().c_str());
    return std::nullopt;
  }
  std::vector<RuleSummary> summaries = lang::rule_summaries(*lib);
  validate_profile(p, lang::param_specs(*lib), summaries, diags);
  return select_rules(p, summaries);
}

int show_profile(ProfileLoader& loader, const ProfilesOptions& o) {
  Diagnostics diags;
  std::optional<Profile> p = loader.load(o.name, diags);
  Date today = today_local();
  std::optional<std::vector<std::string>> selected;
  if (p) {
    selected = check_against_rules(*p, o, diags);
    check_waiver_expiry(*p, today, diags);
  }
  diags.sort();
  if (o.format == "json") {
    Json j = {{"schema_version", 1}};
    j["profile"] = p ? profile_json(*p, today) : Json();
    if (p) j["profile"]["selected_rules"] = selected ? Json(*selected) : Json();
    j["diagnostics"] = diagnostics_to_json(diags);
    std::cout << j.dump(2) << "\n";
  } else {
    if (p) print_profile_text(*p, today, selected);
    std::fputs(render_diagnostics(diags, loader.sources()).c_str(), stderr);
  }
  return p && !diags.has_errors() ? 0 : 3;
}

}  // namespace

Runner setup_profiles(CLI::App& sub, const GlobalOptions& global) {
  auto opts = std::make_shared<ProfilesOptions>();
  sub.add_option("--profiles", opts->dir,
                 "Look for profiles in DIR first (then /etc/vtune/profiles, $VTUNE_PROFILES_DIR, "
                 "the installed profiles)");
  sub.add_option("--format", opts->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  CLI::App* show = sub.add_subcommand(
      "show",
      "Print a resolved profile: include chain, tags, params and where each was set, "
      "waivers and whether they expired");
  show->add_option("name", opts->name, "A profile name, or a path to a .toml file")->required();
  show->add_option("--rules", opts->rules,
                   "Rule files or directories to validate against (default: $VTUNE_RULES_DIR, "
                   "the installed library, or a build's source tree)");
  // So that `vtune profiles show NAME --format json` works as well as the other order.
  show->fallthrough();
  return [opts, show, &global] {
    std::unique_ptr<HostFs> fs = make_disk_host_fs("/");
    ProfileLoader loader(*fs, profile_search_dirs(opts->dir, global, *fs));
    return show->parsed() ? show_profile(loader, *opts) : list_profiles(loader, *opts);
  };
}

}  // namespace vtune::cli

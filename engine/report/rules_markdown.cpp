#include "engine/report/rules_markdown.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "engine/lang/printer.h"

namespace vtune {
namespace {

using lang::Expr;
using lang::ExprKind;
using lang::LetDecl;

const LetDecl* find_let(const lang::RuleLibrary& lib, std::string_view name) {
  for (const auto& f : lib.files)
    for (const auto& l : f->lets)
      if (l->name == name) return l.get();
  return nullptr;
}

// Params read by an expression, following lets (each let once, so a cycle that lint has
// already reported cannot loop here).
struct ParamCollector {
  const lang::RuleLibrary& lib;
  std::set<std::string> params;
  std::set<const LetDecl*> seen;

  void expr(const Expr* e) {
    if (e == nullptr) return;
    if (e->kind == ExprKind::Param) params.insert(e->name);
    if (e->kind == ExprKind::Name) {
      const LetDecl* let = e->let != nullptr ? e->let : find_let(lib, e->name);
      if (let != nullptr && seen.insert(let).second) expr(let->value.get());
    }
    for (const auto& a : e->args) expr(a.get());
    for (const auto& p : e->parts) expr(p.hole.get());
  }
  void target(const lang::Target& t) {
    expr(t.path.get());
    expr(t.subject.get());
    expr(t.queue.get());
  }
};

std::string action_text(const lang::Statement& s) {
  switch (s.kind) {
    case lang::StmtKind::Set:
      return "set " + lang::print_target(s.target);
    case lang::StmtKind::Advise:
      return "advise";
    case lang::StmtKind::Check:
      return "check";
  }
  return "";
}

RuleListing listing_of(const lang::RuleLibrary& lib, const lang::RuleDecl& r) {
  RuleListing out;
  out.id = r.id;
  out.title = r.title;
  out.file = std::filesystem::path(lib.file_name(r.file)).filename().string();
  out.severity = r.attrs.severity;
  out.practice = r.attrs.practice;
  out.disruption = r.attrs.disruption;
  out.reference = r.attrs.reference;
  out.rationale = r.attrs.rationale;
  out.tags = r.attrs.tags;
  out.reboot = r.attrs.reboot.value_or(false);
  ParamCollector pc{lib, {}, {}};
  pc.expr(r.when.get());
  for (const lang::ForClause& f : r.loops) {
    pc.expr(f.list.get());
    pc.expr(f.where.get());
  }
  for (const lang::Statement& s : r.body) {
    if (s.kind == lang::StmtKind::Set) pc.target(s.target);
    pc.expr(s.value.get());
    pc.expr(s.message.get());
    std::string a = action_text(s);
    // "advise" and "check" once each; every set target is listed.
    if (s.kind == lang::StmtKind::Set ||
        std::find(out.actions.begin(), out.actions.end(), a) == out.actions.end())
      out.actions.push_back(std::move(a));
  }
  out.params.assign(pc.params.begin(), pc.params.end());
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep,
                 std::string_view quote = "") {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += quote;
    out += s;
    out += quote;
  }
  return out;
}

// Text for a markdown table cell: a '|' would end the cell, a newline the row.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// A practice id's sort key: its area in PRACTICES.md order, then its number.
std::pair<int, int> practice_order(std::string_view id) {
  static constexpr std::string_view kAreas = "VNSMCA";
  size_t area = id.empty() ? std::string_view::npos : kAreas.find(id[0]);
  int number = 0;
  for (char c : id.substr(id.empty() ? 0 : 1))
    number = c >= '0' && c <= '9' ? number * 10 + (c - '0') : number;
  return {area == std::string_view::npos ? 99 : static_cast<int>(area), number};
}

}  // namespace

std::vector<RuleListing> list_rules(const lang::RuleLibrary& lib) {
  std::vector<RuleListing> out;
  for (const auto& f : lib.files)
    for (const auto& r : f->rules) out.push_back(listing_of(lib, *r));
  return out;
}

std::vector<ParamListing> list_params(const lang::RuleLibrary& lib) {
  std::vector<RuleListing> rules = list_rules(lib);
  std::vector<ParamListing> out;
  for (const auto& f : lib.files)
    for (const auto& p : f->params) {
      ParamListing pl;
      pl.name = p->name;
      pl.type = p->value ? lang::param_type_of(*p->value) : "";
      pl.default_value = p->value ? lang::print_expr(*p->value) : "";
      pl.file = std::filesystem::path(f->path).filename().string();
      for (const RuleListing& r : rules)
        if (std::find(r.params.begin(), r.params.end(), p->name) != r.params.end())
          pl.used_by.push_back(r.id);
      out.push_back(std::move(pl));
    }
  std::sort(out.begin(), out.end(),
            [](const ParamListing& a, const ParamListing& b) { return a.name < b.name; });
  return out;
}

std::string render_rules_markdown(const lang::RuleLibrary& lib) {
  std::vector<RuleListing> rules = list_rules(lib);
  std::vector<ParamListing> params = list_params(lib);
  std::map<std::string, std::vector<std::string>> by_practice;
  for (const RuleListing& r : rules) by_practice[r.practice].push_back(r.id);
  std::vector<std::string> practices;
  for (const auto& [p, ids] : by_practice) practices.push_back(p);
  std::sort(practices.begin(), practices.end(), [](const std::string& a, const std::string& b) {
    return practice_order(a) < practice_order(b);
  });

  std::ostringstream md;
  md << "# Rule library\n\n"
     << "<!-- Generated by `vtune rules --format md > docs/rules.md` from rules/*.vtr; do not "
        "edit by hand. -->\n\n"
     << rules.size() << " rules in " << lib.files.size() << " files encode " << practices.size()
     << " entries of the practice catalogue (V: virtualization, N: network, S: storage, M: "
        "memory and CPU, C: containers, A: anti-practices). Profiles select rules by tag and set "
        "the parameters below; the rule language is described in docs/rule-language.md.\n\n";

  md << "## Practices\n\n| practice | rules |\n|---|---|\n";
  for (const std::string& p : practices)
    md << "| " << cell(p) << " | " << join(by_practice[p], ", ", "`") << " |\n";

  md << "\n## Parameters\n\n"
     << "Declared with `param NAME = DEFAULT`; a profile's `[params]` table overrides them.\n\n"
     << "| param | type | default | used by |\n|---|---|---|---|\n";
  for (const ParamListing& p : params)
    md << "| `" << cell(p.name) << "` | " << cell(p.type) << " | `" << cell(p.default_value)
       << "` | " << join(p.used_by, ", ", "`") << " |\n";

  md << "\n## Rules\n";
  std::string file;
  for (const RuleListing& r : rules) {
    if (r.file != file) {
      file = r.file;
      md << "\n### " << file << "\n";
    }
    md << "\n#### `" << r.id << "`: " << r.title << "\n\n"
       << "| severity | practice | tags | disruption | reboot |\n|---|---|---|---|---|\n"
       << "| " << r.severity << " | " << cell(r.practice) << " | " << join(r.tags, ", ") << " | "
       << r.disruption << " | " << (r.reboot ? "yes" : "no") << " |\n\n"
       << r.rationale << "\n\n"
       << "- Reference: " << r.reference << "\n";
    if (!r.params.empty()) md << "- Params: " << join(r.params, ", ", "`") << "\n";
    md << "- Does: " << join(r.actions, "; ", "`") << "\n";
  }
  return md.str();
}

std::string render_rules_text(const lang::RuleLibrary& lib) {
  std::vector<RuleListing> rules = list_rules(lib);
  size_t width = 0;
  for (const RuleListing& r : rules) width = std::max(width, r.id.size());
  std::ostringstream out;
  for (const RuleListing& r : rules) {
    out << r.id << std::string(width - r.id.size() + 2, ' ') << r.practice
        << std::string(r.practice.size() < 4 ? 4 - r.practice.size() : 1, ' ') << r.severity
        << std::string(r.severity.size() < 8 ? 8 - r.severity.size() : 1, ' ') << r.title << "\n"
        << std::string(width + 2, ' ') << "tags: " << join(r.tags, ", ") << "; disruption "
        << r.disruption << (r.reboot ? ", reboot" : "");
    if (!r.params.empty()) out << "; params: " << join(r.params, ", ");
    out << "\n"
        << std::string(width + 2, ' ') << "reference: " << r.reference << "\n"
        << std::string(width + 2, ' ') << "why: " << r.rationale << "\n";
  }
  out << rules.size() << " rules, " << list_params(lib).size() << " params\n";
  return out.str();
}

Json rules_document(const lang::RuleLibrary& lib) {
  Json rules = Json::array();
  for (const RuleListing& r : list_rules(lib))
    rules.push_back({{"id", r.id},
                     {"title", r.title},
                     {"file", r.file},
                     {"severity", r.severity},
                     {"tags", r.tags},
                     {"practice", r.practice},
                     {"disruption", r.disruption},
                     {"reboot", r.reboot},
                     {"reference", r.reference},
                     {"rationale", r.rationale},
                     {"params", r.params},
                     {"actions", r.actions}});
  Json params = Json::array();
  std::map<std::string, Json> defaults;
  for (const ParamSpec& s : lang::param_specs(lib)) defaults[s.name] = s.default_value;
  for (const ParamListing& p : list_params(lib))
    params.push_back({{"name", p.name},
                      {"type", p.type},
                      {"default", defaults.count(p.name) ? defaults[p.name] : Json(nullptr)},
                      {"file", p.file},
                      {"used_by", p.used_by}});
  return {{"schema_version", 1}, {"rules", std::move(rules)}, {"params", std::move(params)}};
}

}  // namespace vtune

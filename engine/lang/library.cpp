#include "engine/lang/library.h"
#include "engine/core/utf8_input.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/lang/parser.h"
#include "engine/lang/passes.h"
#include "engine/lang/printer.h"

namespace vtune::lang {

namespace fs = std::filesystem;

const RuleDecl* RuleLibrary::find_rule(std::string_view id) const {
  auto it = std::lower_bound(rules.begin(), rules.end(), id,
                             [](const RuleDecl* r, std::string_view v) { return r->id < v; });
  return it != rules.end() && (*it)->id == id ? *it : nullptr;
}

const ParamDecl* RuleLibrary::find_param(std::string_view name) const {
  for (const ParamDecl* p : params)
    if (p->name == name) return p;
  return nullptr;
}

void parse_pass(PassContext& ctx) {
  for (SourceText& src : ctx.inputs) {
    size_t index = ctx.lib.files.size();
    auto file = std::make_unique<RuleFile>();
    ctx.lib.sources.add(src.name, src.text);
    parse_file(src.text, src.name, index, *file, ctx.diags);
    ctx.lib.texts.push_back(std::move(src.text));
    ctx.lib.files.push_back(std::move(file));
  }
}

bool run_passes(PassContext& ctx, bool lint) {
  bool clean = true;
  for (const Pass& pass : kPasses) {
    if (pass.lint_only && !lint) continue;
    if (pass.needs_clean_input && !clean) continue;
    size_t before = ctx.diags.error_count();
    pass.run(ctx);
    if (ctx.diags.error_count() > before) clean = false;
    // A tree with syntax errors is incomplete; nothing after parsing can trust it.
    if (pass.run == parse_pass && !clean) break;
  }
  return clean;
}

RuleLibrary build_library(std::vector<SourceText> sources, const CheckOptions& options) {
  RuleLibrary lib;
  // A file that is not UTF-8 is rejected before parsing (VT0390), and nothing is checked.
  bool utf8 = true;
  for (const SourceText& s : sources)
    if (!require_utf8(s.name, s.text, lib.diagnostics)) {
      lib.sources.add(s.name, s.text);
      utf8 = false;
    }
  if (!utf8) return lib;
  const SchemaIndex& schema = options.schema ? *options.schema : SchemaIndex::from_probes();
  PassContext ctx{lib, sources, schema, lib.diagnostics};
  lib.checked = run_passes(ctx, options.conflicts);
  lib.diagnostics.sort();
  return lib;
}

Result<std::vector<SourceText>> read_rule_sources(std::span<const std::string> paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".vtr")
          found.push_back(it->path().string());
      if (ec) return errno_error("read directory", p, ec.value());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      // A FIFO would block the read forever; a device is never a rule file.
      if (!fs::is_regular_file(p, ec)) return SysError{0, p + ": not a regular file", "read"};
      files.push_back(p);
    } else {
      return errno_error("read", p, ENOENT);
    }
  }
  std::vector<SourceText> out;
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return errno_error("open", f);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return errno_error("read", f);
    out.push_back({f, text.str()});
  }
  return out;
}

Result<RuleLibrary> load_library(std::span<const std::string> paths, const CheckOptions& options) {
  Result<std::vector<SourceText>> sources = read_rule_sources(paths);
  if (!sources) return sources.error();
  return build_library(std::move(*sources), options);
}

std::string param_type_of(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Bool:
      return "bool";
    case ExprKind::Int:
      return "int";
    case ExprKind::Float:
      return "float";
    case ExprKind::String:
      return e.is_literal_text() ? "string" : "";
    case ExprKind::Quantity:
      return std::string(quantity_kind_name(e.qkind));
    case ExprKind::List: {
      std::string elem;
      for (const ExprPtr& a : e.args) {
        std::string t = param_type_of(*a);
        if (t.empty() || t.starts_with("list<") || (!elem.empty() && t != elem)) return "";
        elem = t;
      }
      return elem.empty() ? "" : "list<" + elem + ">";
    }
    default:
      return "";
  }
}

Json literal_to_json(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Bool:
      return e.boolean;
    case ExprKind::Int:
    case ExprKind::Quantity:
      return e.integer;
    case ExprKind::Float:
      return e.real;
    case ExprKind::String:
      return e.literal_text();
    case ExprKind::List: {
      Json a = Json::array();
      for (const ExprPtr& x : e.args) a.push_back(literal_to_json(*x));
      return a;
    }
    default:
      return nullptr;
  }
}

std::vector<ParamSpec> param_specs(const RuleLibrary& lib) {
  std::vector<ParamSpec> out;
  for (const ParamDecl* p : lib.params)
    out.push_back({p->name, param_type_of(*p->value), literal_to_json(*p->value),
                   to_span(lib.file_name(p->file), p->pos)});
  return out;
}

std::vector<RuleSummary> rule_summaries(const RuleLibrary& lib) {
  std::vector<RuleSummary> out;
  for (const RuleDecl* r : lib.rules) out.push_back({r->id, r->attrs.tags, rule_span(lib, *r)});
  return out;
}

std::vector<std::string> referenced_sysctls(const RuleLibrary& lib) {
  return lib.sysctl_keys;
}

SourceSpan rule_span(const RuleLibrary& lib, const RuleDecl& r) {
  return to_span(lib.file_name(r.file), r.id_pos);
}

std::string_view rule_source(const RuleLibrary& lib, const RuleDecl& r) {
  std::string_view text = lib.texts.at(r.file);
  if (r.begin_offset >= text.size() || r.end_offset < r.begin_offset) return {};
  return text.substr(r.begin_offset, r.end_offset - r.begin_offset);
}

std::string closest_name(std::string_view wanted, std::span<const std::string> candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, wanted.size() / 3) + 1;
  for (const std::string& c : candidates) {
    // Levenshtein distance with one row.
    std::vector<size_t> row(c.size() + 1);
    for (size_t j = 0; j <= c.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= wanted.size(); ++i) {
      size_t diag = row[0];
      row[0] = i;
      for (size_t j = 1; j <= c.size(); ++j) {
        size_t up = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (wanted[i - 1] == c[j - 1] ? 0 : 1)});
        diag = up;
      }
    }
    if (row[c.size()] < best_d) {
      best_d = row[c.size()];
      best = c;
    }
  }
  return best;
}

}  // namespace vtune::lang

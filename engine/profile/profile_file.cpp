// The one place that knows toml++: text in, ProfileFile out, every problem a diagnostic
// with the line and column toml++ recorded. toml::parse_error never leaves this file.
#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>

#include "engine/core/quantity.h"
#include "engine/core/text.h"
#include "engine/profile/benchmarks.h"
#include "engine/profile/nearest.h"
#include "engine/profile/profile_file.h"

namespace vtune {
namespace {

constexpr int kMaxRepetitions = 1000;

std::string_view type_name(toml::node_type t) {
  switch (t) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::string join_quoted(std::initializer_list<std::string_view> names) {
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "'" : ", '") + std::string(n) + "'";
  return out;
}

class FileParser {
 public:
  FileParser(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  SourceSpan span(const toml::source_region& r) const {
    SourceSpan s{file_, r.begin.line, r.begin.column, 1};
    if (r.end.line == r.begin.line && r.end.column > r.begin.column)
      s.length = r.end.column - r.begin.column;
    return s;
  }
  // File-level findings point at 1:1, so every diagnostic reads file:line:col.
  SourceSpan whole_file() const { return SourceSpan{file_, 1, 1, 1}; }

  void error(std::string code, SourceSpan where, std::string message, std::string hint = {}) {
    diags_.error(std::move(code), std::move(where), std::move(message), std::move(hint));
  }
  void warning(std::string code, SourceSpan where, std::string message, std::string hint = {}) {
    diags_.warning(std::move(code), std::move(where), std::move(message), std::move(hint));
  }

  // Unknown keys are errors: a misspelt key would otherwise be silently ignored, and a
  // profile that quietly does less than its author meant is the worst failure here.
  void check_keys(const toml::table& t, std::string_view table,
                  std::initializer_list<std::string_view> known) {
    std::vector<std::string_view> candidates(known.begin(), known.end());
    for (auto&& [key, node] : t) {
      if (std::find(known.begin(), known.end(), key.str()) != known.end()) continue;
      std::string hint = did_you_mean(key.str(), candidates);
      if (hint.empty()) hint = "known keys in " + std::string(table) + ": " + join_quoted(known);
      error("VT0204", span(key.source()),
            "unknown key '" + std::string(key.str()) + "' in " + std::string(table), hint);
    }
  }

  void wrong_type(const toml::node& n, std::string_view key, std::string_view expected) {
    error("VT0205", span(n.source()),
          "'" + std::string(key) + "' must be " + std::string(expected) + ", not " +
              std::string(type_name(n.type())));
  }

  std::optional<std::string> string_value(const toml::node& n, std::string_view key) {
    if (const auto* s = n.as_string()) return s->get();
    wrong_type(n, key, "a string");
    return std::nullopt;
  }

  // A list of non-empty strings; a bad element is reported and skipped.
  std::vector<ProfileRef> string_list(const toml::node& n, std::string_view key) {
    std::vector<ProfileRef> out;
    const toml::array* arr = n.as_array();
    if (arr == nullptr) {
      wrong_type(n, key, "an array of strings");
      return out;
    }
    for (const toml::node& el : *arr) {
      const auto* s = el.as_string();
      if (s == nullptr) {
        error("VT0205", span(el.source()),
              "entries of '" + std::string(key) + "' must be strings, not " +
                  std::string(type_name(el.type())));
        continue;
      }
      if (trim(s->get()).empty()) {
        error("VT0206", span(el.source()), "empty name in '" + std::string(key) + "'");
        continue;
      }
      bool duplicate = std::any_of(out.begin(), out.end(),
                                   [&](const ProfileRef& r) { return r.name == s->get(); });
      if (duplicate) {
        warning("VT0216", span(el.source()),
                "'" + s->get() + "' is listed twice in '" + std::string(key) + "'");
        continue;
      }
      out.push_back({s->get(), span(el.source())});
    }
    return out;
  }

  void parse_profile_table(const toml::node& n, ProfileFile& out) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return wrong_type(n, "profile", "a table");
    check_keys(*t, "[profile]", {"name", "summary", "include", "persist"});
    if (const toml::node* name = t->get("name")) {
      if (auto s = string_value(*name, "name")) {
        if (*s != out.name)
          warning("VT0215", span(name->source()),
                  "profile name '" + *s + "' differs from its file name '" + out.name + "'",
                  "includes and --profile find profiles by file name; rename one to match");
        out.name = *s;
      }
    }
    if (const toml::node* summary = t->get("summary")) {
      if (auto s = string_value(*summary, "summary")) {
        if (trim(*s).empty())
          error("VT0206", span(summary->source()), "'summary' is empty",
                "say who the profile is for: the workload, the hardware, the goal");
        out.summary = std::string(trim(*s));
      }
    } else {
      error("VT0206", span(t->source()), "[profile] has no 'summary'",
            "add summary = \"...\" saying who the profile is for");
    }
    if (const toml::node* include = t->get("include"))
      out.includes = string_list(*include, "include");
    if (const toml::node* persist = t->get("persist")) {
      if (const auto* b = persist->as_boolean())
        out.persist = b->get();
      else
        wrong_type(*persist, "persist", "true or false");
    }
  }

  void parse_rules_table(const toml::node& n, ProfileFile& out) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return wrong_type(n, "rules", "a table");
    check_keys(*t, "[rules]", {"tags", "enable", "disable"});
    if (const toml::node* tags = t->get("tags")) out.tags = string_list(*tags, "tags");
    if (const toml::node* enable = t->get("enable")) out.enable = string_list(*enable, "enable");
    if (const toml::node* disable = t->get("disable"))
      out.disable = string_list(*disable, "disable");
    for (const ProfileRef& e : out.enable)
      for (const ProfileRef& d : out.disable)
        if (e.name == d.name)
          warning("VT0216", d.where, "rule '" + d.name + "' is both enabled and disabled here",
                  "disable wins; remove one of the two");
  }

  // A [params] value in JSON form, untyped: the rules' `param` declarations type it later.
  std::optional<Json> to_facts(const toml::node& n) {
    switch (n.type()) {
      case toml::node_type::integer:
        return Json(n.as_integer()->get());
      case toml::node_type::floating_point:
        return Json(n.as_floating_point()->get());
      case toml::node_type::boolean:
        return Json(n.as_boolean()->get());
      case toml::node_type::string:
        return Json(n.as_string()->get());
      case toml::node_type::array: {
        Json list = Json::array();
        for (const toml::node& el : *n.as_array()) {
          std::optional<Json> v = to_facts(el);
          if (!v) return std::nullopt;
          list.push_back(std::move(*v));
        }
        return list;
      }
      case toml::node_type::table: {
        Json obj = Json::object();
        for (auto&& [key, el] : *n.as_table()) {
          std::optional<Json> v = to_facts(el);
          if (!v) return std::nullopt;
          obj[std::string(key.str())] = std::move(*v);
        }
        return obj;
      }
      default:
        error("VT0208", span(n.source()),
              "a parameter cannot be " + std::string(type_name(n.type())),
              "parameters are booleans, numbers, strings (\"128MiB\", \"15s\") or lists");
        return std::nullopt;
    }
  }

  void parse_params_table(const toml::node& n, ProfileFile& out) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return wrong_type(n, "params", "a table");
    for (auto&& [key, node] : *t) {
      std::optional<Json> value = to_facts(node);
      if (!value) continue;
      // Point at the key: "which file set it" is about the assignment, not the value.
      SourceSpan where = span(key.source());
      where.length = static_cast<uint32_t>(std::max<size_t>(1, key.str().size()));
      out.params.emplace_back(std::string(key.str()), ProfileParam{std::move(*value), where});
    }
  }

  std::optional<Date> expiry_date(const toml::node& n) {
    if (const auto* d = n.as_date()) {
      toml::date v = d->get();
      // toml++ accepts any day 1-31; check the calendar ourselves.
      std::optional<Date> date = parse_date(format_date({v.year, v.month, v.day}));
      if (!date) error("VT0211", span(n.source()), "'expires' is not a real calendar date");
      return date;
    }
    if (const auto* s = n.as_string()) {
      std::optional<Date> date = parse_date(s->get());
      if (!date)
        error("VT0211", span(n.source()), "'expires' = \"" + s->get() + "\" is not a date",
              "write a TOML date: expires = 2027-06-30");
      return date;
    }
    if (n.is_date_time()) {
      error("VT0211", span(n.source()), "'expires' takes a date, not a date-time",
            "waivers expire at the end of a day: expires = 2027-06-30");
      return std::nullopt;
    }
    error("VT0211", span(n.source()),
          "'expires' must be a date, not " + std::string(type_name(n.type())),
          "write a TOML date: expires = 2027-06-30");
    return std::nullopt;
  }

  void parse_waiver(const toml::node& n, ProfileFile& out) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return wrong_type(n, "waivers", "an array of tables ([[waivers]])");
    check_keys(*t, "[[waivers]]", {"rule", "knob", "device", "reason", "expires"});
    Waiver w;
    w.where = span(t->source());
    bool ok = true;
    if (const toml::node* rule = t->get("rule")) {
      std::optional<std::string> s = string_value(*rule, "rule");
      ok = ok && s && !trim(*s).empty();
      if (s && trim(*s).empty()) error("VT0206", span(rule->source()), "waiver 'rule' is empty");
      if (s) w.rule = *s;
      w.rule_where = span(rule->source());
    } else {
      error("VT0206", w.where, "waiver has no 'rule'", "name the rule id this waiver applies to");
      ok = false;
    }
    for (auto [key, field] : {std::pair{"knob", &w.knob}, std::pair{"device", &w.device}}) {
      if (const toml::node* g = t->get(key)) {
        std::optional<std::string> s = string_value(*g, key);
        ok = ok && s.has_value();
        if (s) *field = *s;
      }
    }
    if (const toml::node* reason = t->get("reason")) {
      std::optional<std::string> s = string_value(*reason, "reason");
      if (s && trim(*s).empty())
        error("VT0206", span(reason->source()), "waiver 'reason' is empty",
              "say why the finding is accepted, so the next reader can judge it");
      ok = ok && s && !trim(*s).empty();
      if (s) w.reason = std::string(trim(*s));
    } else {
      error("VT0206", w.where, "waiver has no 'reason'",
            "add reason = \"...\" saying why the finding is accepted");
      ok = false;
    }
    if (const toml::node* expires = t->get("expires")) {
      w.expires = expiry_date(*expires);
      ok = ok && w.expires.has_value();
    }
    if (ok) out.waivers.push_back(std::move(w));
  }

  void parse_waivers(const toml::node& n, ProfileFile& out) {
    const toml::array* arr = n.as_array();
    if (arr == nullptr) return wrong_type(n, "waivers", "an array of tables ([[waivers]])");
    for (const toml::node& el : *arr) parse_waiver(el, out);
  }

  void parse_verify_table(const toml::node& n, ProfileFile& out) {
    const toml::table* t = n.as_table();
    if (t == nullptr) return wrong_type(n, "verify", "a table");
    check_keys(*t, "[verify]", {"benchmarks", "max_regression", "repetitions"});
    if (const toml::node* b = t->get("benchmarks")) {
      std::vector<std::string_view> known = known_benchmark_ids();
      std::vector<ProfileRef> ids;
      for (ProfileRef& r : string_list(*b, "benchmarks")) {
        if (is_known_benchmark(r.name)) {
          ids.push_back(std::move(r));
          continue;
        }
        std::string hint = did_you_mean(r.name, known);
        if (hint.empty())
          hint = "known benchmarks: cpu.*, mem.*, storage.*, net.*, sys.* (vtune bench --list)";
        error("VT0213", r.where, "unknown benchmark '" + r.name + "'", hint);
      }
      out.benchmarks = std::move(ids);
    }
    if (const toml::node* m = t->get("max_regression")) {
      std::optional<Quantity> q;
      if (const auto* s = m->as_string()) q = parse_quantity(s->get());
      if (!q || q->kind != QuantityKind::Percent || q->value <= 0 || q->value > 10000)
        error("VT0214", span(m->source()),
              "'max_regression' must be a percentage between 0% and 100%",
              "write it as a string: max_regression = \"5%\"");
      else
        out.max_regression = q->value;
    }
    if (const toml::node* r = t->get("repetitions")) {
      const auto* i = r->as_integer();
      if (i == nullptr || i->get() < 3 || i->get() > kMaxRepetitions)
        error("VT0214", span(r->source()),
              "'repetitions' must be an integer from 3 to " + std::to_string(kMaxRepetitions),
              "fewer than 3 runs cannot tell a regression from noise");
      else
        out.repetitions = static_cast<int>(i->get());
    }
  }

  void parse_document(const toml::table& doc, ProfileFile& out) {
    check_keys(doc, "the profile", {"profile", "rules", "params", "waivers", "verify"});
    if (const toml::node* p = doc.get("profile"))
      parse_profile_table(*p, out);
    else
      error("VT0206", whole_file(), "the file has no [profile] table",
            "start it with [profile] and a summary = \"...\" saying who it is for");
    if (const toml::node* r = doc.get("rules")) parse_rules_table(*r, out);
    if (const toml::node* p = doc.get("params")) parse_params_table(*p, out);
    if (const toml::node* w = doc.get("waivers")) parse_waivers(*w, out);
    if (const toml::node* v = doc.get("verify")) parse_verify_table(*v, out);
  }

 private:
  const std::string& file_;
  Diagnostics& diags_;
};

}  // namespace

std::string profile_stem(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (base.size() > 5 && base.substr(base.size() - 5) == ".toml") base.remove_suffix(5);
  return std::string(base);
}

std::optional<ProfileFile> parse_profile_file(std::string_view text, const std::string& file,
                                              Diagnostics& diags) {
  FileParser parser(file, diags);
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const toml::source_region& r = e.source();
    diags.error("VT0201", SourceSpan{file, r.begin.line, r.begin.column, 1},
                std::string(e.description()));
    return std::nullopt;
  } catch (const std::exception& e) {
    diags.error("VT0201", SourceSpan{file, 1, 1, 1}, e.what());
    return std::nullopt;
  }
  ProfileFile out;
  out.file = file;
  out.name = profile_stem(file);
  parser.parse_document(doc, out);
  return out;
}

}  // namespace vtune

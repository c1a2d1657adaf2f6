// Loading rules/tests/<rule-id>.json (rule_cases.h). nlohmann's parser keeps no positions
// for values, so a case is located by finding its name's JSON text after the previous one:
// good enough to point an editor at the case, and exact for the parse errors, whose byte
// offset the parser reports.
#include "engine/rulecheck/rule_cases.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace vtune {
namespace {

constexpr const char* kCodeSyntax = "VT0401";
constexpr const char* kCodeShape = "VT0402";

// The position of `needle` in `text` at or after `from`; `fallback` when absent.
size_t find_from(std::string_view text, std::string_view needle, size_t from, size_t fallback) {
  size_t at = text.find(needle, from);
  return at == std::string_view::npos ? fallback : at;
}

std::string json_type(const Json& v) {
  return v.type_name();
}

// obj[key] when obj is an object holding a string there, else empty (value() would throw).
std::string string_member(const Json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Every key of `obj` must be in `allowed`.
void reject_unknown_keys(const Json& obj, std::initializer_list<std::string_view> allowed,
                         std::string_view what, const SourceSpan& at, Diagnostics& diags) {
  for (const auto& [key, value] : obj.items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      diags.error(kCodeShape, at, "unknown key '" + key + "' in " + std::string(what),
                  "allowed keys: " + list);
    }
}

// A string field, or an error saying what it holds instead.
bool take_string(const Json& obj, const char* key, std::optional<std::string>& out,
                 std::string_view what, const SourceSpan& at, Diagnostics& diags) {
  auto it = obj.find(key);
  if (it == obj.end()) return true;
  if (!it->is_string()) {
    diags.error(kCodeShape, at,
                std::string(what) + ": '" + key + "' must be a string, not " + json_type(*it),
                it->is_number() ? "write the text form the kernel or the file holds, e.g. \"" +
                                      it->dump() + "\""
                                : "");
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool parse_expectation(const Json& e, const std::string& what, const SourceSpan& at,
                       CaseExpectation& out, Diagnostics& diags) {
  if (!e.is_object()) {
    diags.error(kCodeShape, at, what + " must be an object, not " + json_type(e));
    return false;
  }
  reject_unknown_keys(e, {"state", "knob", "device", "current", "desired", "message_contains"},
                      what, at, diags);
  bool ok = take_string(e, "state", out.state, what, at, diags) &&
            take_string(e, "knob", out.knob, what, at, diags) &&
            take_string(e, "device", out.device, what, at, diags) &&
            take_string(e, "current", out.current, what, at, diags) &&
            take_string(e, "desired", out.desired, what, at, diags) &&
            take_string(e, "message_contains", out.message_contains, what, at, diags);
  static const std::set<std::string, std::less<>> kStates{"compliant",      "change", "advisory",
                                                          "not-applicable", "waived", "error"};
  if (ok && out.state && !kStates.count(*out.state)) {
    diags.error(kCodeShape, at, what + ": unknown state '" + *out.state + "'",
                "one of compliant, change, advisory, not-applicable, waived, error");
    return false;
  }
  return ok;
}

std::optional<RuleCase> parse_case(const Json& c, const std::string& label, const SourceSpan& at,
                                   Diagnostics& diags) {
  if (!c.is_object()) {
    diags.error(kCodeShape, at, label + " must be an object, not " + json_type(c));
    return std::nullopt;
  }
  size_t before = diags.error_count();
  reject_unknown_keys(c, {"name", "params", "facts", "files", "expect", "exact"}, label, at, diags);
  RuleCase rc;
  rc.where = at;
  rc.name = string_member(c, "name");
  auto object_field = [&](const char* key, Json& out) {
    auto it = c.find(key);
    if (it == c.end()) return;
    if (!it->is_object())
      diags.error(kCodeShape, at,
                  label + ": '" + key + "' must be an object, not " + json_type(*it));
    else
      out = *it;
  };
  object_field("params", rc.params);
  object_field("facts", rc.facts);
  Json files = Json::object();
  object_field("files", files);
  for (const auto& [path, content] : files.items()) {
    if (!content.is_string() || path.empty() || path[0] != '/')
      diags.error(kCodeShape, at,
                  label + ": files must map absolute paths to strings ('" + path + "')");
    else
      rc.files[path] = content.get<std::string>();
  }
  if (auto it = c.find("exact"); it != c.end()) {
    if (!it->is_boolean())
      diags.error(kCodeShape, at, label + ": 'exact' must be true or false");
    else
      rc.exact = it->get<bool>();
  }
  auto expect = c.find("expect");
  if (expect == c.end() || !expect->is_array()) {
    diags.error(kCodeShape, at, label + ": 'expect' must be a list of expected items",
                "an empty list [] says the rule produces no item at all");
  } else {
    for (size_t i = 0; i < expect->size(); ++i) {
      CaseExpectation e;
      if (parse_expectation((*expect)[i], label + ", expect[" + std::to_string(i) + "]", at, e,
                            diags))
        rc.expect.push_back(std::move(e));
    }
  }
  if (diags.error_count() != before) return std::nullopt;
  return rc;
}

}  // namespace

SourceSpan span_at_offset(const std::string& file, std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  SourceSpan s{file, 1, 1, 1};
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++s.line;
      s.column = 1;
    } else {
      ++s.column;
    }
  }
  return s;
}

std::optional<RuleCaseFile> parse_rule_case_file(const std::string& path, std::string_view text,
                                                 Diagnostics& diags) {
  Json doc;
  try {
    doc = Json::parse(text);
  } catch (const Json::parse_error& e) {
    // e.byte is the 1-based offset of the character that failed to parse.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    if (size_t colon = what.find("syntax error"); colon != std::string::npos)
      what = what.substr(colon);
    diags.error(kCodeSyntax, span_at_offset(path, text, offset), "invalid JSON: " + what);
    return std::nullopt;
  }
  SourceSpan whole{path, 1, 1, 1};
  if (!doc.is_object()) {
    diags.error(kCodeShape, whole, "a rule case file is one JSON object, not " + json_type(doc));
    return std::nullopt;
  }
  reject_unknown_keys(doc, {"rule", "cases"}, "the case file", whole, diags);
  RuleCaseFile out;
  out.path = path;
  auto rule = doc.find("rule");
  if (rule == doc.end() || !rule->is_string() || rule->get<std::string>().empty()) {
    diags.error(kCodeShape, whole, "the case file must name its rule: \"rule\": \"<rule-id>\"");
    return std::nullopt;
  }
  out.rule = rule->get<std::string>();
  out.rule_where = span_at_offset(path, text, find_from(text, rule->dump(), 0, 0));
  std::string stem = std::filesystem::path(path).stem().string();
  if (stem != out.rule)
    diags.error(kCodeShape, out.rule_where,
                "the case file for rule '" + out.rule + "' must be named " + out.rule + ".json",
                "one file per rule, named by its id, so lint can tell which rules have cases");
  auto cases = doc.find("cases");
  if (cases == doc.end() || !cases->is_array() || cases->empty()) {
    diags.error(kCodeShape, out.rule_where,
                "rule '" + out.rule + "': 'cases' must be a non-empty list of cases");
    return std::nullopt;
  }
  size_t cursor = 0;
  std::set<std::string> names;
  for (size_t i = 0; i < cases->size(); ++i) {
    const Json& c = (*cases)[i];
    std::string name = string_member(c, "name");
    std::string label = "rule '" + out.rule + "', case " +
                        (name.empty() ? "#" + std::to_string(i + 1) : "'" + name + "'");
    size_t at = name.empty() ? cursor : find_from(text, Json(name).dump(), cursor, cursor);
    cursor = at + 1;
    SourceSpan where = span_at_offset(path, text, at);
    if (name.empty()) {
      diags.error(kCodeShape, where, label + " has no \"name\"");
      continue;
    }
    if (!names.insert(name).second) diags.error(kCodeShape, where, label + " is named twice");
    if (std::optional<RuleCase> rc = parse_case(c, label, where, diags))
      out.cases.push_back(std::move(*rc));
  }
  return out;
}

std::vector<std::string> find_rule_case_files(const std::string& rules_dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(rules_dir) / "tests", ec))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vtune

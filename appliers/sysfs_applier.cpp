#include "appliers/sysfs_applier.h"

#include <fnmatch.h>

#include <algorithm>

#include "appliers/appliers.h"
#include "appliers/value_text.h"
#include "engine/core/text.h"

namespace vtune {

bool is_sysfs_glob(std::string_view path) {
  return path.find_first_of("*?[") != std::string_view::npos;
}

Result<std::vector<std::string>> expand_sysfs(const HostFs& fs, std::string_view pattern) {
  if (!is_sysfs_glob(pattern)) {
    if (!fs.exists(pattern)) return errno_error("open", fs.describe(pattern), ENOENT);
    return std::vector<std::string>{std::string(pattern)};
  }
  std::vector<std::string_view> parts = split(pattern.substr(1), '/');
  std::vector<std::string> found = {""};
  for (size_t i = 0; i < parts.size(); ++i) {
    bool last = i + 1 == parts.size();
    std::vector<std::string> next;
    for (const std::string& dir : found) {
      if (!is_sysfs_glob(parts[i])) {
        next.push_back(dir + "/" + std::string(parts[i]));
        continue;
      }
      Result<std::vector<DirEntry>> entries = fs.list_dir(dir.empty() ? "/" : dir);
      if (!entries) {
        if (entries.error().err == ENOENT || entries.error().err == ENOTDIR) continue;
        return entries.error();
      }
      std::string glob(parts[i]);
      for (const DirEntry& e : *entries)
        if ((last || e.is_dir) && fnmatch(glob.c_str(), e.name.c_str(), FNM_PERIOD) == 0)
          next.push_back(dir + "/" + e.name);
    }
    found = std::move(next);
  }
  std::erase_if(found, [&](const std::string& p) { return !fs.exists(p); });
  if (found.empty()) return errno_error("glob", fs.describe(pattern), ENOENT);
  std::sort(found.begin(), found.end());
  return found;
}

namespace {

struct SysfsText {
  std::string value;                 // the bracketed choice, or the trimmed text
  std::vector<std::string> choices;  // empty unless the file offers "[a] b c"
};

SysfsText interpret(std::string_view text) {
  text = trim(text);
  if (text.find('[') != std::string_view::npos) {
    std::optional<BracketChoice> choice = parse_bracket_choice(text);
    if (choice && !choice->current.empty()) return {choice->current, choice->all};
  }
  return {std::string(text), {}};
}

class SysfsApplier final : public Applier {
 public:
  explicit SysfsApplier(const ApplierContext& ctx) : ctx_(ctx) {}

  Result<KnobValue> read(const Knob& knob) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, knob.subject, "invalid sysfs path"};
    Result<std::vector<std::string>> paths = expand_sysfs(ctx_.fs, knob.subject);
    if (!paths) return paths.error();
    Json each = Json::object();
    std::string raw;
    bool same = true;
    for (const std::string& path : *paths) {
      Result<std::string> text = ctx_.fs.read_file(path);
      if (!text) return text.error();
      SysfsText t = interpret(*text);
      if (!each.empty() && each.front() != t.value) same = false;
      each[path] = t.value;
      if (!raw.empty()) raw += '\n';
      raw += paths->size() > 1 ? path + ": " + std::string(trim(*text)) : std::string(trim(*text));
    }
    // One value when every match agrees; by path when they differ, so the report can say
    // which CPU or disk is the odd one out.
    Json value = same ? each.front() : each;
    std::string single = value.is_string() ? value.get<std::string>() : std::string();
    return KnobValue{value, raw == single ? std::string() : raw};
  }

  std::optional<std::string> validate(const Knob& knob, const Json& desired) const override {
    std::optional<std::string> want = facts_to_text(desired);
    if (!want || trim(*want).empty()) return "a sysfs value must be non-empty text or a number";
    if (want->find('\n') != std::string::npos) return "a sysfs value must be one line";
    if (!knob_well_formed(knob)) return "invalid sysfs path '" + knob.subject + "'";
    Result<std::vector<std::string>> paths = expand_sysfs(ctx_.fs, knob.subject);
    if (!paths) return paths.error().message();
    for (const std::string& path : *paths) {
      Result<std::string> text = ctx_.fs.read_file(path);
      if (!text) return text.error().message();
      SysfsText t = interpret(*text);
      if (!t.choices.empty() &&
          std::find(t.choices.begin(), t.choices.end(), trim(*want)) == t.choices.end())
        return "'" + std::string(trim(*want)) + "' is not offered by " + path + " (" +
               std::string(trim(*text)) + ")";
    }
    return std::nullopt;
  }

  bool equal(const Knob&, const Json& current, const Json& desired) const override {
    std::optional<std::string> want = facts_to_text(desired);
    if (!want) return false;
    auto same = [&](const Json& one) {
      std::optional<std::string> have = facts_to_text(one);
      return have && words_equal(*have, *want);
    };
    if (!current.is_object()) return same(current);
    return !current.empty() && std::all_of(current.begin(), current.end(), same);
  }

 private:
  ApplierContext ctx_;
};

}  // namespace

std::unique_ptr<Applier> make_sysfs_applier(const ApplierContext& ctx) {
  return std::make_unique<SysfsApplier>(ctx);
}

}  // namespace vtune

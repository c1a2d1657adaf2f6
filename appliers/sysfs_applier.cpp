#include "appliers/sysfs_applier.h"

#include <fnmatch.h>

#include <algorithm>
#include <deque>

#include "appliers/appliers.h"
#include "appliers/kernel_file.h"
#include "appliers/value_text.h"
#include "engine/core/text.h"
#include "engine/facts/json_text.h"

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

constexpr int kMaxLinks = 40;

std::string join_path(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

void push_front_components(std::deque<std::string>& todo, std::string_view path) {
  std::vector<std::string_view> parts = split(path, '/');
  for (auto it = parts.rbegin(); it != parts.rend(); ++it)
    if (!it->empty() && *it != ".") todo.emplace_front(*it);
}

}  // namespace

Result<std::string> canonical_path(const HostFs& fs, std::string_view path) {
  std::vector<std::string> done;
  std::deque<std::string> todo;
  push_front_components(todo, path);
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.front());
    todo.pop_front();
    if (part == "..") {
      if (!done.empty()) done.pop_back();
      continue;
    }
    done.push_back(part);
    std::string here = join_path(done);
    Result<FileMode> mode = fs.mode(here, FollowLinks::No);
    if (!mode) return mode.error();
    if (mode->kind != EntryKind::Link) continue;
    if (++links > kMaxLinks) return errno_error("resolve", fs.describe(path), ELOOP);
    Result<std::string> target = fs.read_link(here);
    if (!target) return target.error();
    done.pop_back();
    if (starts_with(*target, "/")) done.clear();
    push_front_components(todo, *target);
  }
  return join_path(done);
}

Result<std::string> sysfs_write_path(const HostFs& fs, std::string_view pattern) {
  Result<std::vector<std::string>> paths = expand_sysfs(fs, pattern);
  if (!paths) return paths.error();
  if (paths->size() != 1)
    return SysError{
        EINVAL, std::string(pattern),
        "a write names one file, but " + std::to_string(paths->size()) + " match the glob"};
  const std::string& path = paths->front();
  Result<std::string> canonical = canonical_path(fs, path);
  if (!canonical) return canonical.error();
  if (!starts_with(*canonical, "/sys/"))
    return SysError{EXDEV, fs.describe(path),
                    "refusing to write outside /sys (it is " + *canonical + "):"};
  Result<FileMode> mode = fs.mode(path, FollowLinks::No);
  if (!mode) return mode.error();
  if (mode->kind == EntryKind::Link)
    return SysError{ELOOP, fs.describe(path), "refusing to write through a link at"};
  if (mode->kind != EntryKind::File)
    return SysError{EINVAL, fs.describe(path), "not a sysfs attribute file:"};
  return path;
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

// What a write puts in the file to bring back `raw` as it was read: the selected word of a
// bracket-choice file ("always [madvise] never" takes "madvise"), anything else as read.
std::string restore_text(const std::string& raw) {
  SysfsText t = interpret(raw);
  return t.choices.empty() ? raw : t.value;
}

// The disk, interface or SCSI device a path concerns, for the plan and the journal.
std::string sysfs_device(std::string_view path) {
  static constexpr std::string_view kDirs[] = {"/sys/block/", "/sys/class/net/",
                                               "/sys/class/scsi_device/", "/sys/bus/scsi/devices/"};
  for (std::string_view dir : kDirs)
    if (starts_with(path, dir)) {
      std::string_view rest = path.substr(dir.size());
      return std::string(rest.substr(0, rest.find('/')));
    }
  return {};
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

  Result<Target> resolve(const Knob& knob) const override {
    if (!knob_well_formed(knob)) return SysError{EINVAL, knob.subject, "invalid sysfs path"};
    Result<std::string> path = sysfs_write_path(ctx_.fs, knob.subject);
    if (!path) return path.error();
    std::string device = sysfs_device(*path);
    return file_target(std::move(*path), std::move(device));
  }

  Result<BeforeImage> capture(const Knob& knob) const override {
    Result<Target> target = resolve(knob);
    if (!target) return target.error();
    Result<std::string> text = ctx_.fs.read_file(target->path);
    if (!text) return text.error();
    Json value(interpret(*text).value);
    return file_before_image(std::move(value), std::move(*text));
  }

  Result<WriteEffect> write(const Knob& knob, const Json& desired) const override {
    if (Result<HostFs*> fs = writable_fs(ctx_, knob); !fs) return fs.error();
    std::optional<std::string> want = facts_to_text(desired);
    if (!want || want->find('\n') != std::string::npos)
      return SysError{EINVAL, format_knob(knob),
                      "not a one-line sysfs value: " + dump_json(desired) + " for"};
    if (Result<void> w = write_resolved_file(ctx_, *this, knob, trim(*want)); !w) return w.error();
    return WriteEffect{};
  }

  Result<void> restore(const Knob& knob, const BeforeImage& before) const override {
    return write_resolved_file(ctx_, *this, knob, restore_text(before.raw));
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

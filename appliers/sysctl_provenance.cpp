#include "appliers/sysctl_provenance.h"

#include <fnmatch.h>

#include "appliers/conf_dirs.h"
#include "appliers/value_text.h"

namespace vtune {
namespace {

constexpr std::string_view kSysctlDirs[] = {"/etc/sysctl.d", "/run/sysctl.d",
                                            "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d"};
constexpr std::string_view kSysctlConf = "/etc/sysctl.conf";

// Debian ships /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf; /etc/sysctl.conf is applied
// last on its own, so the link must not apply it a second time.
bool links_to_sysctl_conf(const HostFs& fs, const std::string& path) {
  Result<std::string> target = fs.read_link(path);
  return target && (*target == kSysctlConf || *target == "../sysctl.conf");
}

Assignment where(const SysctlConfLine& line, const std::string& file) {
  return Assignment{file, line.line, line.value.value_or("")};
}

}  // namespace

SysctlConfigIndex SysctlConfigIndex::build(const HostFs& fs) {
  SysctlConfigIndex index;
  ConfFileList list = list_conf_files(fs, kSysctlDirs, ".conf");
  index.unreadable_ = std::move(list.unreadable);
  std::vector<std::string> paths;
  for (const ConfFile& f : list.files)
    if (!links_to_sysctl_conf(fs, f.path)) paths.push_back(f.path);
  paths.emplace_back(kSysctlConf);

  for (const std::string& path : paths) {
    Result<std::string> text = fs.read_file(path);
    if (!text) {
      if (text.error().err != ENOENT) index.unreadable_.push_back(text.error().message());
      continue;
    }
    index.files_.push_back(path);
    SysctlConfParse parsed = parse_sysctl_conf(*text);
    for (const SysctlConfProblem& p : parsed.problems)
      index.problems_.push_back({path, p.line, p.message});
    for (SysctlConfLine& line : parsed.entries) {
      size_t at = index.entries_.size();
      if (line.glob)
        index.globs_.push_back(at);
      else
        index.explicit_[line.key].push_back(at);
      index.entries_.push_back(Entry{std::move(line), path});
    }
  }
  return index;
}

SysctlProvenance SysctlConfigIndex::lookup(std::string_view key) const {
  SysctlProvenance out;
  out.key = std::string(key);
  out.unreadable = unreadable_;
  // The assignments that apply to the key, in order: the explicit ones if there are any
  // (an exclusion line counts as explicit and leaves the key unset), else matching globs.
  std::vector<size_t> applied;
  if (auto it = explicit_.find(key); it != explicit_.end()) {
    applied = it->second;
  } else {
    std::string k(key);
    for (size_t i : globs_)
      if (fnmatch(entries_[i].line.key.c_str(), k.c_str(), 0) == 0) applied.push_back(i);
  }
  if (applied.empty()) return out;
  const Entry& last = entries_[applied.back()];
  if (!last.line.value) return out;  // excluded
  out.winner = where(last.line, last.file);
  for (size_t i : applied) {
    const Entry& e = entries_[i];
    if (i == applied.back() || !e.line.value) continue;
    if (!words_equal(*e.line.value, *last.line.value))
      out.conflicts.push_back(where(e.line, e.file));
  }
  return out;
}

SysctlProvenance sysctl_provenance(const HostFs& fs, std::string_view key) {
  return SysctlConfigIndex::build(fs).lookup(key);
}

Persisted to_persisted(const SysctlProvenance& p) {
  Persisted out;
  if (p.winner) {
    out.value = p.winner->value;
    out.file = p.winner->file;
    out.line = p.winner->line;
  }
  out.conflicts = p.conflicts;
  out.unreadable = p.unreadable;
  return out;
}

}  // namespace vtune

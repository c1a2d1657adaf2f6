#include "appliers/conf_dirs.h"

#include <map>

namespace vtune {

ConfFileList list_conf_files(const HostFs& fs, std::span<const std::string_view> dirs,
                             std::string_view suffix) {
  ConfFileList out;
  // name -> path of the winning entry, or empty when a /dev/null link masks the name.
  std::map<std::string, std::string> chosen;
  for (std::string_view dir : dirs) {
    Result<std::vector<DirEntry>> entries = fs.list_dir(dir);
    if (!entries) {
      if (entries.error().err != ENOENT && entries.error().err != ENOTDIR)
        out.unreadable.push_back(entries.error().message());
      continue;
    }
    for (const DirEntry& e : *entries) {
      if (e.is_dir || e.name.size() <= suffix.size() ||
          e.name.compare(e.name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      if (chosen.count(e.name)) continue;  // an earlier directory has this name
      std::string path = std::string(dir) + "/" + e.name;
      if (e.kind == EntryKind::Link) {
        Result<std::string> target = fs.read_link(path);
        if (target && *target == "/dev/null") {
          chosen[e.name] = "";
          out.masked.push_back(path);
          continue;
        }
      }
      chosen[e.name] = path;
    }
  }
  for (auto& [name, path] : chosen)
    if (!path.empty()) out.files.push_back(ConfFile{name, path});
  return out;
}

}  // namespace vtune

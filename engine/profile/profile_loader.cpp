#include "engine/profile/profile_loader.h"
#include "engine/core/utf8_input.h"

#include <algorithm>
#include <filesystem>

#include "engine/profile/nearest.h"

namespace vtune {
namespace {

// Absolute and lexically normal, without a trailing slash: the identity of a file for
// cycle detection and the name diagnostics show. No filesystem access beyond getcwd.
std::string normal_path(std::string_view p) {
  std::error_code ec;
  std::filesystem::path abs = std::filesystem::absolute(std::filesystem::path(p), ec);
  if (ec) abs = std::filesystem::path(p);
  std::string out = abs.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::string dir_of(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::string join(const std::string& dir, std::string_view name) {
  return dir == "/" ? "/" + std::string(name) : dir + "/" + std::string(name);
}

// A name is a bare profile name; anything with a slash or a .toml suffix is a path.
bool looks_like_path(std::string_view s) {
  return s.find('/') != std::string_view::npos ||
         (s.size() > 5 && s.substr(s.size() - 5) == ".toml");
}

bool ends_with_toml(std::string_view s) {
  return s.size() > 5 && s.substr(s.size() - 5) == ".toml";
}

void add_unique(std::vector<ProfileRef>& list, const ProfileRef& r) {
  if (std::none_of(list.begin(), list.end(), [&](const ProfileRef& x) { return x.name == r.name; }))
    list.push_back(r);
}

void remove_named(std::vector<ProfileRef>& list, const std::string& name) {
  std::erase_if(list, [&](const ProfileRef& x) { return x.name == name; });
}

std::string joined(const std::vector<std::string>& dirs) {
  std::string out;
  for (const std::string& d : dirs) out += (out.empty() ? "" : ", ") + d;
  return out;
}

}  // namespace

std::vector<std::string> profile_search_path(const ProfileSearchInputs& in, const HostFs& fs) {
  std::vector<std::string> dirs;
  auto add = [&](std::string_view d) {
    if (d.empty()) return;
    std::string n = normal_path(d);
    if (std::find(dirs.begin(), dirs.end(), n) == dirs.end()) dirs.push_back(n);
  };
  add(in.explicit_dir);
  add(join(in.host_root.empty() ? std::string("/") : in.host_root, "etc/vtune/profiles"));
  add(in.env_dir);
  add(in.installed_dir);
  if (!in.exe_dir.empty()) {
    add(join(in.exe_dir, "../profiles"));
    // A build directory's CMakeCache.txt names the source tree, wherever the build lives.
    Result<std::string> cache = fs.read_file(join(normal_path(in.exe_dir), "CMakeCache.txt"));
    if (cache) {
      constexpr std::string_view kKey = "CMAKE_HOME_DIRECTORY:INTERNAL=";
      size_t at = cache->find(kKey);
      if (at != std::string::npos) {
        size_t start = at + kKey.size();
        size_t end = cache->find('\n', start);
        std::string home = cache->substr(start, end == std::string::npos ? end : end - start);
        if (!home.empty() && home[0] == '/') add(join(home, "profiles"));
      }
    }
  }
  add("/usr/share/vtune/profiles");
  return dirs;
}

ProfileLoader::ProfileLoader(const HostFs& fs, std::vector<std::string> search_path) : fs_(fs) {
  for (const std::string& d : search_path) search_path_.push_back(normal_path(d));
}

std::optional<std::string> ProfileLoader::find_named(std::string_view name,
                                                     size_t first_dir) const {
  for (size_t i = first_dir; i < search_path_.size(); ++i) {
    std::string candidate = join(search_path_[i], std::string(name) + ".toml");
    if (fs_.exists(candidate)) return candidate;
  }
  return std::nullopt;
}

std::optional<std::string> ProfileLoader::find_include(const ProfileRef& inc,
                                                       const std::string& from) const {
  std::string from_dir = dir_of(from);
  if (looks_like_path(inc.name)) {
    std::string p = normal_path(inc.name[0] == '/' ? inc.name : join(from_dir, inc.name));
    return fs_.exists(p) ? std::optional<std::string>(p) : std::nullopt;
  }
  // A local override that includes its own name extends the stock profile it hides: look
  // only in the directories after its own.
  size_t first = 0;
  bool own_name = profile_stem(from) == inc.name;
  if (own_name) {
    auto it = std::find(search_path_.begin(), search_path_.end(), from_dir);
    if (it != search_path_.end()) first = static_cast<size_t>(it - search_path_.begin()) + 1;
  }
  if (std::optional<std::string> found = find_named(inc.name, first)) return found;
  // Nothing of that name further on: the file includes itself, which visit() reports as
  // the cycle it is rather than as a missing profile.
  if (own_name) return from;
  // A profile loaded by path may include its neighbours.
  std::string beside = join(from_dir, inc.name + ".toml");
  if (beside != from && fs_.exists(beside)) return beside;
  return std::nullopt;
}

const ProfileFile* ProfileLoader::parse(const std::string& path, const SourceSpan& asked_at,
                                        Diagnostics& diags) {
  auto it = parsed_.find(path);
  if (it == parsed_.end()) {
    Result<std::string> text = fs_.read_file(path);
    Diagnostics own;
    std::optional<ProfileFile> file;
    if (!text) {
      own.error("VT0202", asked_at, "cannot read profile: " + text.error().message());
    } else {
      sources_.add(path, *text);
      if (require_utf8(path, *text, own)) file = parse_profile_file(*text, path, own);
    }
    it = parsed_.emplace(path, Parsed{std::move(file), std::move(own)}).first;
  }
  // Each load() reports a file's own problems once, however many profiles include it.
  diags.append(it->second.diags);
  return it->second.file ? &*it->second.file : nullptr;
}

void ProfileLoader::visit(const std::string& path, const SourceSpan& asked_at,
                          std::vector<std::string>& stack, std::vector<std::string>& done,
                          std::vector<const ProfileFile*>& order, Diagnostics& diags) {
  if (std::find(done.begin(), done.end(), path) != done.end()) return;
  done.push_back(path);
  const ProfileFile* file = parse(path, asked_at, diags);
  if (file == nullptr) return;
  stack.push_back(path);
  for (const ProfileRef& inc : file->includes) {
    std::optional<std::string> target = find_include(inc, path);
    if (!target) {
      diags.error("VT0202", inc.where, "included profile '" + inc.name + "' not found",
                  "looked for " + inc.name + ".toml in: " + joined(search_path_));
      continue;
    }
    auto on_stack = std::find(stack.begin(), stack.end(), *target);
    if (on_stack != stack.end()) {
      std::string cycle;
      for (auto p = on_stack; p != stack.end(); ++p) {
        const auto& parsed = parsed_.at(*p).file;
        cycle += (parsed ? parsed->name : profile_stem(*p)) + " -> ";
      }
      cycle += inc.name;
      diags.error("VT0203", inc.where, "include cycle: " + cycle,
                  "a profile cannot include itself, directly or through others");
      continue;
    }
    visit(*target, inc.where, stack, done, order, diags);
  }
  stack.pop_back();
  order.push_back(file);
}

std::optional<Profile> ProfileLoader::load(std::string_view name_or_path, Diagnostics& diags) {
  std::optional<std::string> path;
  SourceSpan asked_at{std::string(name_or_path), 0, 0, 1};
  if (looks_like_path(name_or_path)) {
    std::string p = normal_path(name_or_path);
    if (fs_.exists(p)) path = p;
    if (!path) diags.error("VT0202", asked_at, "profile file not found");
  } else {
    path = find_named(name_or_path, 0);
    if (!path) {
      std::vector<std::string> names;
      for (const std::string& dir : search_path_) {
        Result<std::vector<DirEntry>> entries = fs_.list_dir(dir);
        if (!entries) continue;
        for (const DirEntry& e : *entries)
          if (ends_with_toml(e.name)) names.push_back(profile_stem(e.name));
      }
      std::vector<std::string_view> candidates(names.begin(), names.end());
      std::string hint = did_you_mean(name_or_path, candidates);
      if (hint.empty())
        hint = "looked for " + std::string(name_or_path) + ".toml in: " + joined(search_path_);
      diags.error("VT0202", asked_at, "profile '" + std::string(name_or_path) + "' not found",
                  hint);
    }
  }
  if (!path) return std::nullopt;
  size_t errors_before = diags.error_count();
  std::vector<std::string> stack, done;
  std::vector<const ProfileFile*> order;
  visit(*path, asked_at, stack, done, order, diags);
  if (diags.error_count() > errors_before || order.empty()) return std::nullopt;
  return merge_profile_chain(order);
}

std::vector<ProfileListing> ProfileLoader::list(Diagnostics& diags) {
  std::vector<ProfileListing> out;
  for (const std::string& dir : search_path_) {
    Result<std::vector<DirEntry>> entries = fs_.list_dir(dir);
    if (!entries) continue;  // most directories on the path do not exist on a given host
    for (const DirEntry& e : *entries) {
      if (!ends_with_toml(e.name) || e.is_dir) continue;
      std::string name = profile_stem(e.name);
      if (std::any_of(out.begin(), out.end(), [&](const auto& l) { return l.name == name; }))
        continue;
      std::string path = join(dir, e.name);
      const ProfileFile* file = parse(path, SourceSpan{path, 0, 0, 1}, diags);
      if (file == nullptr) continue;
      ProfileListing l{name, file->summary, path, {}};
      for (const ProfileRef& inc : file->includes) l.includes.push_back(inc.name);
      out.push_back(std::move(l));
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Profile merge_profile_chain(const std::vector<const ProfileFile*>& files) {
  Profile p;
  for (const ProfileFile* f : files) {
    p.chain.push_back({f->name, f->file});
    for (const ProfileRef& t : f->tags) add_unique(p.tags, t);
    // A later profile's word on a rule id replaces an earlier one's; within one file,
    // disable is applied last so it wins, as documented.
    for (const ProfileRef& e : f->enable) {
      remove_named(p.disable, e.name);
      add_unique(p.enable, e);
    }
    for (const ProfileRef& d : f->disable) {
      remove_named(p.enable, d.name);
      add_unique(p.disable, d);
    }
    for (const auto& [name, param] : f->params) p.params[name] = param;
    p.waivers.insert(p.waivers.end(), f->waivers.begin(), f->waivers.end());
    if (f->benchmarks) p.verify.benchmarks = *f->benchmarks;
    if (f->max_regression) p.verify.max_regression = f->max_regression;
    if (f->repetitions) p.verify.repetitions = f->repetitions;
    if (f->persist) p.persist = *f->persist;
  }
  if (!files.empty()) {
    const ProfileFile& self = *files.back();
    p.name = self.name;
    p.summary = self.summary;
    p.file = self.file;
    for (const ProfileRef& inc : self.includes) p.includes.push_back(inc.name);
  }
  return p;
}

}  // namespace vtune

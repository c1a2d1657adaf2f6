#include "probes/mountinfo.h"

#include "engine/core/text.h"

namespace vtune {
namespace {

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

// The escape at s[i] ('\' and three octal digits), decoded; nullopt if there is none.
std::optional<char> octal_at(std::string_view s, size_t i) {
  if (i + 3 >= s.size() || s[i] != '\\') return std::nullopt;
  if (!is_octal(s[i + 1]) || !is_octal(s[i + 2]) || !is_octal(s[i + 3])) return std::nullopt;
  int v = (s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0');
  if (v > 0xff) return std::nullopt;  // "\777" is not a byte the kernel writes
  return static_cast<char>(v);
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  for (std::string_view part : split(s, ','))
    if (!part.empty()) out.emplace_back(part);
  return out;
}

std::optional<uint32_t> parse_u32(std::string_view s) {
  std::optional<uint64_t> v = parse_uint(s);
  if (!v || *v > UINT32_MAX || trim(s).size() != s.size()) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

}  // namespace

std::string decode_octal_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::optional<char> c = octal_at(s, i)) {
      out += *c;
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::optional<MountInfo> parse_mountinfo_line(std::string_view line, std::string* reason) {
  auto fail = [&](std::string why) -> std::optional<MountInfo> {
    if (reason) *reason = std::move(why);
    return std::nullopt;
  };
  std::vector<std::string_view> f = split_ws(line);
  if (f.size() < 10) return fail("expected at least 10 fields, found " + std::to_string(f.size()));
  // Optional fields run from the 7th field up to the lone "-".
  size_t sep = 6;
  while (sep < f.size() && f[sep] != "-") ++sep;
  if (sep == f.size()) return fail("no '-' separator before the filesystem type");
  if (f.size() - sep - 1 != 3)
    return fail("expected 3 fields after '-', found " + std::to_string(f.size() - sep - 1));

  MountInfo m;
  std::optional<int64_t> id = parse_int(f[0]);
  std::optional<int64_t> parent = parse_int(f[1]);
  if (!id || !parent) return fail("mount id or parent id is not a number");
  m.mount_id = *id;
  m.parent_id = *parent;
  std::vector<std::string_view> dev = split(f[2], ':');
  std::optional<uint32_t> major = dev.size() == 2 ? parse_u32(dev[0]) : std::nullopt;
  std::optional<uint32_t> minor = dev.size() == 2 ? parse_u32(dev[1]) : std::nullopt;
  if (!major || !minor) return fail("device '" + std::string(f[2]) + "' is not major:minor");
  m.major = *major;
  m.minor = *minor;
  m.root = decode_octal_escapes(f[3]);
  m.mount_point = decode_octal_escapes(f[4]);
  m.mount_options = split_list(f[5]);
  for (size_t i = 6; i < sep; ++i) m.optional_fields.emplace_back(f[i]);
  m.fs_type = decode_octal_escapes(f[sep + 1]);
  m.source = decode_octal_escapes(f[sep + 2]);
  // Kept escaped: the kernel escapes ',' inside option values, so splitting on ',' first
  // and decoding each value afterwards is what keeps a comma in a path from splitting it.
  m.super_options = split_list(f[sep + 3]);
  return m;
}

MountTable parse_mountinfo(std::string_view text) {
  MountTable table;
  std::vector<std::string_view> ls = lines(text);
  for (size_t i = 0; i < ls.size(); ++i) {
    if (trim(ls[i]).empty()) continue;
    std::string reason;
    if (std::optional<MountInfo> m = parse_mountinfo_line(ls[i], &reason))
      table.mounts.push_back(std::move(*m));
    else
      table.errors.push_back({static_cast<uint32_t>(i + 1), std::move(reason)});
  }
  return table;
}

std::vector<std::string> split_lowerdir(std::string_view value) {
  LowerdirLayers split = split_lowerdir_layers(value);
  split.lower.insert(split.lower.end(), split.data.begin(), split.data.end());
  return split.lower;
}

LowerdirLayers split_lowerdir_layers(std::string_view value) {
  LowerdirLayers out;
  std::vector<std::string>* layers = &out.lower;
  std::string current;
  bool after_separator = false;  // the previous character was an unescaped ':'
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '\\' && i + 1 < value.size() && value[i + 1] == ':') {
      current += ':';
      ++i;
    } else if (std::optional<char> decoded = octal_at(value, i)) {
      // Decoded into the layer name, never treated as a separator: "\072" is a colon
      // the kernel escaped, not a layer boundary.
      current += *decoded;
      i += 3;
    } else if (c == ':') {
      // "::" between two layers starts the data-only ones.
      if (after_separator && !layers->empty() && layers == &out.lower) layers = &out.data;
      if (!current.empty()) layers->push_back(std::move(current));
      current.clear();
      after_separator = true;
      continue;
    } else {
      current += c;
    }
    after_separator = false;
  }
  if (!current.empty()) layers->push_back(std::move(current));
  return out;
}

std::optional<OverlayMount> overlay_of(const MountInfo& m) {
  if (m.fs_type != "overlay") return std::nullopt;
  OverlayMount o;
  o.mount_point = m.mount_point;
  for (const std::string& opt : m.super_options) {
    size_t eq = opt.find('=');
    if (eq == std::string::npos) continue;
    std::string_view key = std::string_view(opt).substr(0, eq);
    std::string_view value = std::string_view(opt).substr(eq + 1);
    if (key == "lowerdir") {
      LowerdirLayers split = split_lowerdir_layers(value);
      for (std::string& layer : split.lower) o.lower_dirs.push_back(std::move(layer));
      for (std::string& layer : split.data) o.data_dirs.push_back(std::move(layer));
    } else if (key == "lowerdir+" || key == "datadir+") {
      // Kernels from 6.8 show layers added through the new mount API one per option
      // (ovl_show_options: "lowerdir+" for merged layers, "datadir+" for data-only ones),
      // each escaped by seq_show_option. An empty value names no layer.
      std::string layer = decode_octal_escapes(value);
      if (layer.empty()) continue;
      (key == "lowerdir+" ? o.lower_dirs : o.data_dirs).push_back(std::move(layer));
    } else if (key == "upperdir") {
      o.upper_dir = decode_octal_escapes(value);
    } else if (key == "workdir") {
      o.work_dir = decode_octal_escapes(value);
    }
  }
  return o;
}

}  // namespace vtune

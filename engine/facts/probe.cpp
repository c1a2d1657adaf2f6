#include "engine/facts/probe.h"

#include "engine/core/text.h"

namespace vtune {

std::optional<std::string> ProbeContext::read_optional(std::string_view path) const {
  Result<std::string> r = host.fs.read_file(path);
  if (r) return std::move(r).value();
  if (r.error().err != ENOENT && r.error().err != ENOTDIR) warn(path, r.error().message());
  return std::nullopt;
}

std::optional<std::string> ProbeContext::read_required(std::string_view path) const {
  Result<std::string> r = host.fs.read_file(path);
  if (r) return std::move(r).value();
  warn(path, r.error().message());
  return std::nullopt;
}

std::optional<int64_t> ProbeContext::read_int(std::string_view path) const {
  std::optional<std::string> text = read_optional(path);
  if (!text) return std::nullopt;
  std::optional<int64_t> v = parse_int(*text);
  if (!v) warn(path, "not an integer: '" + std::string(trim(*text)).substr(0, 40) + "'");
  return v;
}

std::optional<std::string> ProbeContext::read_word(std::string_view path) const {
  std::optional<std::string> text = read_optional(path);
  if (!text) return std::nullopt;
  return std::string(trim(*text));
}

std::optional<std::string> ProbeContext::link_basename(std::string_view path) const {
  Result<std::string> target = host.fs.read_link(path);
  if (!target) return std::nullopt;
  std::string_view t = trim(*target);
  while (!t.empty() && t.back() == '/') t.remove_suffix(1);
  size_t slash = t.rfind('/');
  std::string_view base = slash == std::string_view::npos ? t : t.substr(slash + 1);
  if (base.empty()) return std::nullopt;
  return std::string(base);
}

void ProbeContext::warn(std::string_view path, std::string message) const {
  warnings_.add(host.fs.describe(path), std::move(message));
}

void ProbeContext::adopt(const Warnings& gathered) const {
  for (const Warning& w : gathered.items()) warnings_.add(w.path, w.message);
}

}  // namespace vtune

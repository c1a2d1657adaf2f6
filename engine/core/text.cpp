#include "engine/core/text.h"
#include "engine/core/text_escape.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

namespace vtune {

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n\v\f";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < s.size()) {
    while (i < s.size() && is_ws(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !is_ws(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::vector<std::string_view> lines(std::string_view s) {
  std::vector<std::string_view> out = split(s, '\n');
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

template <class T>
static std::optional<T> parse_whole(std::string_view s, int base = 10) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  T value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, base);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> parse_int(std::string_view s) {
  return parse_whole<int64_t>(s);
}
std::optional<uint64_t> parse_uint(std::string_view s) {
  return parse_whole<uint64_t>(s);
}

std::optional<uint64_t> parse_hex(std::string_view s) {
  s = trim(s);
  if (starts_with(s, "0x") || starts_with(s, "0X")) s.remove_prefix(2);
  return parse_whole<uint64_t>(s, 16);
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  std::string copy(s);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

std::optional<std::vector<int>> parse_cpulist(std::string_view s) {
  std::vector<int> cpus;
  s = trim(s);
  if (s.empty()) return cpus;
  for (std::string_view part : split(s, ',')) {
    size_t dash = part.find('-');
    std::optional<int64_t> lo = parse_int(part.substr(0, dash));
    std::optional<int64_t> hi =
        dash == std::string_view::npos ? lo : parse_int(part.substr(dash + 1));
    if (!lo || !hi || *lo < 0 || *hi < *lo || *hi > 1'000'000) return std::nullopt;
    for (int64_t c = *lo; c <= *hi; ++c) cpus.push_back(static_cast<int>(c));
  }
  std::sort(cpus.begin(), cpus.end());
  cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
  return cpus;
}

std::string format_cpulist(const std::vector<int>& cpus) {
  std::vector<int> sorted = cpus;
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(sorted[i]);
    if (j > i) out += '-' + std::to_string(sorted[j]);
    i = j + 1;
  }
  return out;
}

std::optional<std::vector<int>> parse_cpumask(std::string_view s) {
  s = trim(s);
  std::vector<std::string_view> words = split(s, ',');
  std::vector<int> cpus;
  int base = 0;
  for (auto it = words.rbegin(); it != words.rend(); ++it, base += 32) {
    std::string_view w = trim(*it);
    if (w.empty() || w.size() > 8) return std::nullopt;
    std::optional<uint64_t> bits = parse_hex(w);
    if (!bits) return std::nullopt;
    for (int b = 0; b < 32; ++b)
      if (*bits & (uint64_t{1} << b)) cpus.push_back(base + b);
  }
  std::sort(cpus.begin(), cpus.end());
  return cpus;
}

std::string format_cpumask(const std::vector<int>& cpus) {
  int top = 0;
  for (int c : cpus) top = std::max(top, c);
  size_t nwords = static_cast<size_t>(top / 32 + 1);
  std::vector<uint32_t> words(nwords, 0);
  for (int c : cpus)
    if (c >= 0) words[static_cast<size_t>(c / 32)] |= uint32_t{1} << (c % 32);
  std::string out;
  char buf[16];
  for (size_t i = nwords; i-- > 0;) {
    // The kernel prints the leading word without padding, the rest as 8 hex digits.
    std::snprintf(buf, sizeof buf, i + 1 == nwords ? "%x" : "%08x", words[i]);
    if (!out.empty()) out += ',';
    out += buf;
  }
  return out;
}

static bool all_hex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool is_pci_address(std::string_view s) {
  std::vector<std::string_view> parts = split(s, ':');
  if (parts.size() != 3) return false;
  if (parts[0].size() < 4 || !all_hex(parts[0])) return false;
  if (parts[1].size() != 2 || !all_hex(parts[1])) return false;
  std::string_view devfn = parts[2];
  return devfn.size() == 4 && all_hex(devfn.substr(0, 2)) && devfn[2] == '.' && devfn[3] >= '0' &&
         devfn[3] <= '7';
}

std::optional<BracketChoice> parse_bracket_choice(std::string_view s) {
  BracketChoice out;
  for (std::string_view tok : split_ws(s)) {
    if (tok.size() >= 2 && tok.front() == '[' && tok.back() == ']') {
      tok = tok.substr(1, tok.size() - 2);
      if (!out.current.empty()) return std::nullopt;
      out.current = std::string(tok);
    }
    out.all.emplace_back(tok);
  }
  if (out.all.empty()) return std::nullopt;
  return out;
}

// Unicode 15, table 3-7 (well-formed UTF-8 byte sequences).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xC2 && c <= 0xDF   ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (n == 0 || i + n > s.size()) return 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range depends on the first
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

namespace {

void append_hex_escape(std::string& out, unsigned char c, bool code_point) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += code_point ? "\\u{" : "\\x";
  out += kHex[c >> 4];
  out += kHex[c & 15];
  if (code_point) out += '}';
}

std::string escape(std::string_view s, bool keep_newline) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      append_hex_escape(out, c, false);
      ++i;
    } else if (n == 1) {
      if ((c < 0x20 && c != '\t' && !(c == '\n' && keep_newline)) || c == 0x7f) {
        if (c == '\n')
          out += "\\n";
        else
          append_hex_escape(out, c, false);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
    } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      // A C1 control such as CSI (U+009B), which some terminals obey like ESC [.
      append_hex_escape(out, static_cast<unsigned char>(s[i + 1]), true);
      i += 2;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

}  // namespace

std::optional<size_t> find_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string replace_invalid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string escape_control(std::string_view s) {
  return escape(s, true);
}
std::string escape_control_line(std::string_view s) {
  return escape(s, false);
}

}  // namespace vtune

#include "appliers/value_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "engine/core/text.h"

namespace vtune {

namespace {

std::optional<std::string> scalar_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "1" : "0");
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_float()) {
    double d = v.get<double>();
    // Integral floats (2^40 computed as 1099511627776.0) are integers to the kernel.
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18)
      return std::to_string(static_cast<int64_t>(d));
  }
  return std::nullopt;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::optional<std::string> facts_to_text(const Json& value) {
  if (!value.is_array()) return scalar_text(value);
  std::string out;
  for (const Json& item : value) {
    std::optional<std::string> t = item.is_array() ? std::nullopt : scalar_text(item);
    if (!t) return std::nullopt;
    if (!out.empty()) out += ' ';
    out += *t;
  }
  return out;
}

std::optional<std::string> canonical_integer(std::string_view s) {
  s = trim(s);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::optional<uint64_t> magnitude = parse_uint(s);
  if (!magnitude) return std::nullopt;  // beyond 64 bits: no kernel integer is that wide
  if (*magnitude == 0) return std::string("0");
  return (negative ? "-" : "") + std::to_string(*magnitude);
}

bool words_equal(std::string_view a, std::string_view b) {
  std::vector<std::string_view> wa = split_ws(a), wb = split_ws(b);
  if (wa.size() != wb.size()) return false;
  for (size_t i = 0; i < wa.size(); ++i) {
    std::optional<std::string> ia = canonical_integer(wa[i]), ib = canonical_integer(wb[i]);
    if (ia && ib ? *ia != *ib : wa[i] != wb[i]) return false;
  }
  return true;
}

std::optional<int64_t> facts_to_int(const Json& value) {
  if (value.is_number_unsigned()) {
    uint64_t u = value.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e18)
      return static_cast<int64_t>(d);
    return std::nullopt;
  }
  if (value.is_string()) return parse_int(value.get<std::string>());
  return std::nullopt;
}

std::optional<bool> facts_to_bool(const Json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number_integer() || value.is_number_unsigned()) {
    int64_t i = value.get<int64_t>();
    if (i == 0 || i == 1) return i == 1;
    return std::nullopt;
  }
  if (!value.is_string()) return std::nullopt;
  std::string s = lower(trim(value.get<std::string>()));
  if (s == "on" || s == "yes" || s == "true" || s == "y" || s == "1") return true;
  if (s == "off" || s == "no" || s == "false" || s == "n" || s == "0") return false;
  return std::nullopt;
}

bool json_equal(const Json& a, const Json& b) {
  if (a.is_object() && b.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !json_equal(*it, *other)) return false;
    }
    return true;
  }
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!json_equal(a[i], b[i])) return false;
    return true;
  }
  return a == b;
}

}  // namespace vtune

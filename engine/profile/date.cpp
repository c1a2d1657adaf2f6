#include <cstdio>

#include "engine/core/text.h"
#include "engine/profile/profile.h"

namespace vtune {

static bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

std::optional<Date> parse_date(std::string_view text) {
  text = trim(text);
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::optional<int64_t> y = parse_int(text.substr(0, 4));
  std::optional<int64_t> m = parse_int(text.substr(5, 2));
  std::optional<int64_t> d = parse_int(text.substr(8, 2));
  // parse_int accepts a sign; a date has digits only.
  if (!y || !m || !d || text[0] == '-' || text[0] == '+' || text[5] == '+' || text[8] == '+')
    return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*m < 1 || *m > 12 || *d < 1) return std::nullopt;
  int days = kDays[*m - 1] + (*m == 2 && is_leap(static_cast<int>(*y)) ? 1 : 0);
  if (*d > days) return std::nullopt;
  return Date{static_cast<int>(*y), static_cast<int>(*m), static_cast<int>(*d)};
}

std::string format_date(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace vtune

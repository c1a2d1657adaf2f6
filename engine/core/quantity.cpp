#include "engine/core/quantity.h"

#include <cmath>
#include <limits>

#include "engine/core/text.h"

namespace vtune {
namespace {

struct Unit {
  std::string_view name;
  int64_t scale;
  QuantityKind kind;
};

constexpr Unit kUnits[] = {
    {"B", 1, QuantityKind::Size},
    {"KiB", int64_t{1} << 10, QuantityKind::Size},
    {"MiB", int64_t{1} << 20, QuantityKind::Size},
    {"GiB", int64_t{1} << 30, QuantityKind::Size},
    {"TiB", int64_t{1} << 40, QuantityKind::Size},
    {"bit", 1, QuantityKind::Rate},
    {"Kbit", 1'000, QuantityKind::Rate},
    {"Mbit", 1'000'000, QuantityKind::Rate},
    {"Gbit", 1'000'000'000, QuantityKind::Rate},
    {"Tbit", 1'000'000'000'000, QuantityKind::Rate},
    {"ns", 1, QuantityKind::Duration},
    {"us", 1'000, QuantityKind::Duration},
    {"ms", 1'000'000, QuantityKind::Duration},
    {"s", 1'000'000'000, QuantityKind::Duration},
    {"min", 60'000'000'000, QuantityKind::Duration},
    {"h", 3'600'000'000'000, QuantityKind::Duration},
    {"%", 100, QuantityKind::Percent},
};

}  // namespace

std::string_view quantity_kind_name(QuantityKind k) {
  switch (k) {
    case QuantityKind::Size: return "size";
    case QuantityKind::Rate: return "rate";
    case QuantityKind::Duration: return "duration";
    case QuantityKind::Percent: return "percent";
  }
  return "size";
}

std::optional<Quantity> unit_scale(std::string_view unit) {
  for (const Unit& u : kUnits)
    if (u.name == unit) return Quantity{u.scale, u.kind};
  return std::nullopt;
}

std::optional<Quantity> parse_quantity(std::string_view text) {
  text = trim(text);
  size_t split_at = text.find_first_not_of("0123456789.+-");
  if (split_at == 0 || split_at == std::string_view::npos) return std::nullopt;
  std::optional<Quantity> unit = unit_scale(trim(text.substr(split_at)));
  if (!unit) return std::nullopt;
  std::string_view number = text.substr(0, split_at);
  if (std::optional<int64_t> whole = parse_int(number)) {
    if (*whole != 0 && std::abs(*whole) > std::numeric_limits<int64_t>::max() / unit->value)
      return std::nullopt;
    return Quantity{*whole * unit->value, unit->kind};
  }
  std::optional<double> frac = parse_double(number);
  if (!frac) return std::nullopt;
  double scaled = *frac * static_cast<double>(unit->value);
  if (!std::isfinite(scaled) || std::fabs(scaled) > 9.2e18 || scaled != std::floor(scaled))
    return std::nullopt;
  return Quantity{static_cast<int64_t>(scaled), unit->kind};
}

std::string format_quantity(Quantity q) {
  const Unit* best = nullptr;
  for (const Unit& u : kUnits)
    if (u.kind == q.kind && (q.value % u.scale) == 0 && (best == nullptr || u.scale > best->scale))
      best = &u;
  if (q.value == 0 || best == nullptr) {
    for (const Unit& u : kUnits)
      if (u.kind == q.kind && u.scale == 1) return std::to_string(q.value) + std::string(u.name);
    return std::to_string(q.value / 100) + "%";
  }
  return std::to_string(q.value / best->scale) + std::string(best->name);
}

}  // namespace vtune

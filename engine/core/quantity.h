#pragma once
// Quantities with units, as written in rules and profiles: 128MiB, 10Gbit, 15s, 5%.
// Values are kept in base units (bytes, bit/s, ns); a percentage is kept in hundredths
// of a percent (5% -> 500) so it stays an integer.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vtune {

enum class QuantityKind { Size, Rate, Duration, Percent };

struct Quantity {
  int64_t value = 0;  // in base units
  QuantityKind kind = QuantityKind::Size;
};

std::string_view quantity_kind_name(QuantityKind k);  // "size", "rate", "duration", "percent"

// The unit suffix alone: "MiB" -> {1048576, Size}; nullopt for an unknown unit.
// Units: B KiB MiB GiB TiB | Kbit Mbit Gbit Tbit (also bit) | ns us ms s min h | %
std::optional<Quantity> unit_scale(std::string_view unit);

// A whole literal: "128MiB", "1.5GiB", "10Gbit", "250ms", "5%". Fractions are allowed when
// the result is a whole number of base units. nullopt on anything else or on overflow.
std::optional<Quantity> parse_quantity(std::string_view text);

// The shortest exact form: 134217728 bytes -> "128MiB"; 1000000 bytes -> "1000000B".
std::string format_quantity(Quantity q);

}  // namespace vtune

#include <doctest/doctest.h>

#include "engine/core/quantity.h"

using namespace vtune;

TEST_CASE("quantities parse into base units") {
  CHECK(parse_quantity("128MiB")->value == 134217728);
  CHECK(parse_quantity("10Gbit")->value == 10'000'000'000);
  CHECK(parse_quantity("10Gbit")->kind == QuantityKind::Rate);
  CHECK(parse_quantity("250ms")->value == 250'000'000);
  CHECK(parse_quantity("5%")->value == 500);
  CHECK(parse_quantity("1.5GiB")->value == 1610612736);
  CHECK_FALSE(parse_quantity("12parsecs"));
  CHECK_FALSE(parse_quantity("MiB"));
  CHECK_FALSE(parse_quantity("99999999999TiB"));
}

TEST_CASE("quantities print in their largest exact unit") {
  CHECK(format_quantity({134217728, QuantityKind::Size}) == "128MiB");
  CHECK(format_quantity({1000000, QuantityKind::Size}) == "1000000B");
  CHECK(format_quantity({25'000'000'000, QuantityKind::Rate}) == "25Gbit");
  CHECK(format_quantity({500, QuantityKind::Percent}) == "5%");
}

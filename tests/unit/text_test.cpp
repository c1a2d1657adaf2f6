#include <doctest/doctest.h>

#include "engine/core/text.h"

using namespace vtune;

TEST_CASE("parse_int accepts whole numbers only") {
  CHECK(parse_int(" 42\n") == 42);
  CHECK(parse_int("-7") == -7);
  CHECK_FALSE(parse_int("42abc"));
  CHECK_FALSE(parse_int(""));
  CHECK_FALSE(parse_int("99999999999999999999999"));
}

TEST_CASE("cpulist round trip") {
  auto cpus = parse_cpulist("0-5,48-53\n");
  REQUIRE(cpus);
  CHECK(cpus->size() == 12);
  CHECK(format_cpulist(*cpus) == "0-5,48-53");
  CHECK(parse_cpulist("")->empty());
  CHECK_FALSE(parse_cpulist("3-1"));
  CHECK_FALSE(parse_cpulist("a-b"));
}

TEST_CASE("cpumask parses the kernel's comma-separated 32-bit words") {
  auto cpus = parse_cpumask("00000001,00000003");
  REQUIRE(cpus);
  CHECK(*cpus == std::vector<int>{0, 1, 32});
  CHECK(format_cpumask({0, 1, 32}) == "1,00000003");
  CHECK(parse_cpumask("0")->empty());
  CHECK_FALSE(parse_cpumask("xyz"));
}

TEST_CASE("bracket choice finds the current scheduler") {
  auto c = parse_bracket_choice("mq-deadline kyber [none]\n");
  REQUIRE(c);
  CHECK(c->current == "none");
  CHECK(c->all == std::vector<std::string>{"mq-deadline", "kyber", "none"});
  CHECK(parse_bracket_choice("[always] madvise never")->current == "always");
}

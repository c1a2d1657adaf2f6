#include <doctest/doctest.h>

#include "engine/core/text.h"
#include "engine/core/text_escape.h"

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

TEST_CASE("find_invalid_utf8 names the first ill-formed byte") {
  CHECK_FALSE(find_invalid_utf8("plain ascii").has_value());
  CHECK_FALSE(find_invalid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80").has_value());
  CHECK(find_invalid_utf8("ab\xff") == 2u);
  CHECK(find_invalid_utf8("\xc0\xaf") == 0u);          // overlong '/'
  CHECK(find_invalid_utf8("x\xed\xa0\x80") == 1u);     // a UTF-16 surrogate
  CHECK(find_invalid_utf8("\xf4\x90\x80\x80") == 0u);  // above U+10FFFF
  CHECK(find_invalid_utf8("\xe2\x82") == 0u);          // cut short
}

TEST_CASE("escape_control keeps terminal commands out of text output") {
  CHECK(escape_control("\x1b[2J") == "\\x1b[2J");
  CHECK(escape_control("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07");
  CHECK(escape_control("a\tb\nc") == "a\tb\nc");
  CHECK(escape_control_line("a\nb\r") == "a\\nb\\x0d");
  CHECK(escape_control("\x7f") == "\\x7f");
  CHECK(escape_control("\xc2\x9b"
                       "2J") == "\\u{9b}2J");  // C1 CSI
  CHECK(escape_control("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(escape_control("v\xff") == "v\\xff");
}

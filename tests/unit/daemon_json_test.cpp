#include <doctest/doctest.h>

#include "probes/daemon_json.h"

using namespace vtune;

namespace {

Diagnostic error_of(std::string_view text) {
  DaemonJsonParse p = parse_daemon_json(text, "/etc/docker/daemon.json");
  REQUIRE_FALSE(p.config);
  REQUIRE(p.error);
  CHECK(p.error->span.file == "/etc/docker/daemon.json");
  CHECK(p.error->severity == Severity::Error);
  CHECK_FALSE(p.error->hint.empty());
  return *p.error;
}

}  // namespace

TEST_CASE("daemon.json: a valid object keeps its keys in file order") {
  DaemonJsonParse p = parse_daemon_json(
      R"({"storage-driver": "overlay2", "log-driver": "json-file", "registry-mirrors": ["https://m"],
          "log-opts": {"max-size": "10m"}})",
      "daemon.json");
  REQUIRE(p.config);
  CHECK_FALSE(p.error);
  CHECK(
      p.config->dump() ==
      R"({"storage-driver":"overlay2","log-driver":"json-file","registry-mirrors":["https://m"],"log-opts":{"max-size":"10m"}})");
}

TEST_CASE("daemon.json: an empty file is an empty configuration, as for dockerd") {
  DaemonJsonParse p = parse_daemon_json(" \n\t\n", "daemon.json");
  REQUIRE(p.config);
  CHECK(p.config->is_object());
  CHECK(p.config->empty());
}

TEST_CASE("daemon.json: a trailing comma is reported at the comma") {
  Diagnostic d = error_of(
      "{\n"
      "  \"log-driver\": \"json-file\",\n"
      "  \"storage-driver\": \"overlay2\",\n"
      "}\n");
  CHECK(d.code == "VT0301");
  CHECK(d.span.line == 3);
  CHECK(d.span.column == 31);
  CHECK(d.message == "trailing comma before '}'");

  Diagnostic in_list = error_of("{\"registry-mirrors\": [\"a\", ]}");
  CHECK(in_list.span.line == 1);
  CHECK(in_list.span.column == 26);
  CHECK(in_list.message == "trailing comma before ']'");
}

TEST_CASE("daemon.json: syntax errors carry the exact line and column") {
  Diagnostic bad_literal = error_of("{\n  \"live-restore\": tru\n}");
  CHECK(bad_literal.code == "VT0301");
  CHECK(bad_literal.span.line == 2);
  CHECK(bad_literal.span.column == 22);  // the newline after "tru" ends the bad literal
  CHECK(bad_literal.message.find("invalid literal") != std::string::npos);
  CHECK(bad_literal.message.find("json.exception") == std::string::npos);

  Diagnostic missing_colon = error_of("{\n\t\"debug\" true\n}");
  CHECK(missing_colon.span.line == 2);
  CHECK(missing_colon.span.column == 10);  // the start of the unexpected token "true"
  CHECK(error_of("{\"a\" \"b\\\"c\"}").span.column == 6);  // a string token, with \"
  CHECK(error_of("[1 23.5e1]").span.column == 4);

  Diagnostic unterminated = error_of("{\"debug\": true");
  CHECK(unterminated.span.line == 1);
  CHECK(unterminated.span.column == 15);  // one past the end
  CHECK(unterminated.message.find("end of input") != std::string::npos);

  Diagnostic comment = error_of("{\n  // keep logs small\n  \"log-driver\": \"local\"\n}");
  CHECK(comment.span.line == 2);
  CHECK(comment.span.column == 3);
  CHECK(comment.message == "comments are not allowed in daemon.json");

  Diagnostic trailing_text = error_of("{} {}");
  CHECK(trailing_text.span.column == 4);
}

TEST_CASE("daemon.json: a top level that is not an object is VT0302") {
  Diagnostic array = error_of("\n  [\"log-driver\"]\n");
  CHECK(array.code == "VT0302");
  CHECK(array.span.line == 2);
  CHECK(array.span.column == 3);
  CHECK(array.message == "the top level is array, not an object");
  CHECK(error_of("null").code == "VT0302");
  CHECK(error_of("\"json-file\"").code == "VT0302");
}

TEST_CASE("daemon.json: hostile input gives a diagnostic, never a crash") {
  std::string deep(100000, '[');
  Diagnostic d = error_of(deep);
  CHECK(d.code == "VT0303");
  CHECK(d.span.column == kDaemonJsonMaxDepth + 1);
  // Brackets inside strings do not count towards the depth.
  std::string in_string = "{\"a\": \"" + std::string(1000, '[') + "\"}";
  CHECK(parse_daemon_json(in_string, "f").config);

  Diagnostic bad_utf8 = error_of("{\"a\": \"\xff\xfe\"}");
  CHECK(bad_utf8.code == "VT0301");
  CHECK(bad_utf8.span.column == 8);
  CHECK(valid_utf8(bad_utf8.message) == bad_utf8.message);  // safe to put in the facts
}

TEST_CASE("line_column_at counts lines and byte columns") {
  CHECK(line_column_at("ab\ncd", 0).line == 1);
  CHECK(line_column_at("ab\ncd", 4).line == 2);
  CHECK(line_column_at("ab\ncd", 4).column == 2);
  CHECK(line_column_at("ab\n", 3).line == 2);
  CHECK(line_column_at("ab\n", 3).column == 1);
  CHECK(line_column_at("ab", 99).column == 3);  // clamped to the end
}

TEST_CASE("valid_utf8 keeps good text and replaces bad bytes") {
  CHECK(valid_utf8("plain") == "plain");
  CHECK(valid_utf8("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(valid_utf8("\xf0\x9f\x90\xb3") == "\xf0\x9f\x90\xb3");
  CHECK(valid_utf8("a\xe9z") == "a\xef\xbf\xbdz");                              // Latin-1 é
  CHECK(valid_utf8("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
  CHECK(valid_utf8("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
  CHECK(valid_utf8("\xe2\x82") == "\xef\xbf\xbd\xef\xbf\xbd");                  // truncated
}

#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace vtune {

// Host files hold bytes, not text: a sysctl value, an interface alias or a rule string may
// carry invalid UTF-8 or terminal escapes. These two keep such bytes safe for output.
//
// The byte offset of the first byte that does not belong to well-formed UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF count as ill-formed), or nullopt.
std::optional<size_t> find_invalid_utf8(std::string_view s);
// Length of the well-formed UTF-8 sequence that starts at s[i], 0 when the byte there starts
// none (i < s.size()).
size_t utf8_sequence_length(std::string_view s, size_t i);
// `s` with each byte that is not part of valid UTF-8 replaced by U+FFFD (as JSON output does).
std::string replace_invalid_utf8(std::string_view s);
// `s` for a terminal: valid UTF-8 and tab/newline pass as they are; every other C0 control,
// DEL and the C1 controls (U+0080..U+009F) become \xHH resp. \u{HH}, and each byte that is
// not UTF-8 becomes \xHH, so `ESC[2J` prints as `\x1b[2J` and nothing reaches the terminal
// as a command. The backslash itself is not escaped (the form is for people to read).
std::string escape_control(std::string_view s);
// The same, with newline escaped as \n too: for a value shown on one line.
std::string escape_control_line(std::string_view s);

}  // namespace vtune

#pragma once
// Small pure helpers for the text formats of /proc and /sys.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vtune {

std::string_view trim(std::string_view s);
// Splits on `sep`, keeping empty fields.
std::vector<std::string_view> split(std::string_view s, char sep);
// Splits on runs of spaces and tabs (and newlines), dropping empty fields.
std::vector<std::string_view> split_ws(std::string_view s);
std::vector<std::string_view> lines(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);

// Whole-string numbers after trimming; nullopt on anything else (no partial parses).
std::optional<int64_t> parse_int(std::string_view s);
std::optional<uint64_t> parse_uint(std::string_view s);
std::optional<uint64_t> parse_hex(std::string_view s);  // with or without 0x
std::optional<double> parse_double(std::string_view s);

// "0-5,48-53" <-> {0,1,2,3,4,5,48,...}. An empty string is an empty list.
std::optional<std::vector<int>> parse_cpulist(std::string_view s);
std::string format_cpulist(const std::vector<int>& cpus);
// The kernel's hex bitmap, 32-bit words separated by commas: "ff,ffffffff".
std::optional<std::vector<int>> parse_cpumask(std::string_view s);
std::string format_cpumask(const std::vector<int>& cpus);

// A PCI function address as sysfs names it: "0000:18:00.0" (domains may be longer than
// four hex digits, as behind Intel VMD).
bool is_pci_address(std::string_view s);

// "[mq-deadline] none" -> current "mq-deadline", all {"mq-deadline","none"}.
struct BracketChoice {
  std::string current;
  std::vector<std::string> all;
};
std::optional<BracketChoice> parse_bracket_choice(std::string_view s);

}  // namespace vtune

#pragma once
// A VMware .vmx file as a document: every line is kept (comments, blank lines, order,
// spacing, quoting, line endings), so an applier can change one key and write the file back
// with everything else byte-identical.
//   .encoding = "UTF-8"
//   # a comment
//   numvcpus = "4"
// Keys are case-insensitive to VMware; the original spelling is kept. Inside a value VMware
// writes special bytes as |XX (hex): '"' is |22, '|' is |7C, a newline |0A.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/diagnostics.h"

namespace vtune {

struct VmxEntry {
  std::string key;    // as spelled in the file
  std::string value;  // decoded
  uint32_t line = 0;  // 1-based
};

struct VmxParse;

class VmxFile {
 public:
  // Never fails: a malformed line is kept verbatim, ignored as an entry, and reported as
  // VT0311; a key set twice is VT0312. `file` names the file in diagnostics.
  static VmxParse parse(std::string_view text, std::string_view file);

  // The decoded value of `key` (any case); the last one when the key is repeated.
  std::optional<std::string> get(std::string_view key) const;
  // Replaces the value of every line setting `key`, in place and keeping its spelling and
  // quoting; appends `key = "value"` when there is none. False (and no change) when `key`
  // is not a valid key.
  bool set(std::string_view key, std::string_view value);
  // Entries in file order.
  std::vector<VmxEntry> entries() const;
  // The document as text: the original bytes when nothing was set.
  std::string render() const;

 private:
  struct Line {
    std::string text;  // without the line terminator
    std::string eol;   // "\n", "\r\n", or "" for a last line without one
    bool is_entry = false;
    std::string key;
    size_t value_pos = 0;  // the raw value inside `text` (between the quotes, when quoted)
    size_t value_len = 0;
    bool quoted = false;
  };
  std::vector<Line> lines_;
  std::string eol_ = "\n";  // the style used for appended lines
};

struct VmxParse {
  VmxFile file;
  Diagnostics diagnostics;
};

bool is_valid_vmx_key(std::string_view key);
bool vmx_keys_equal(std::string_view a, std::string_view b);
std::string decode_vmx_value(std::string_view raw);
std::string encode_vmx_value(std::string_view value);

}  // namespace vtune

#include "probes/vmx_file.h"

#include <map>

namespace vtune {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool is_key_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != '=' && c != '"' && c != '#';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// What one line holds: nothing (blank or comment), an entry, or a problem at a column.
struct LineParse {
  bool is_entry = false;
  std::string key;
  size_t value_pos = 0;
  size_t value_len = 0;
  bool quoted = false;
  std::string error;  // non-empty for a malformed line
  size_t error_pos = 0;
};

LineParse parse_line(std::string_view s) {
  LineParse p;
  auto fail = [&](size_t pos, std::string message) {
    p.error = std::move(message);
    p.error_pos = pos;
    return p;
  };
  size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  if (i == s.size() || s[i] == '#') return p;
  size_t key_start = i;
  while (i < s.size() && is_key_char(s[i])) ++i;
  if (i == key_start) return fail(i, "expected a key");
  std::string_view key = s.substr(key_start, i - key_start);
  while (i < s.size() && is_space(s[i])) ++i;
  if (i == s.size() || s[i] != '=')
    return fail(i, "expected '=' after the key '" + std::string(key) + "'");
  ++i;
  while (i < s.size() && is_space(s[i])) ++i;
  if (i == s.size()) return fail(i, "missing value after '='");
  if (s[i] == '"') {
    size_t close = s.find('"', i + 1);
    if (close == std::string_view::npos) return fail(i, "unterminated quoted value");
    p.quoted = true;
    p.value_pos = i + 1;
    p.value_len = close - i - 1;
    i = close + 1;
  } else {
    // Hand-edited files sometimes leave a value unquoted; VMware reads it up to a space.
    p.value_pos = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '#' && s[i] != '"') ++i;
    p.value_len = i - p.value_pos;
    if (i < s.size() && s[i] == '"') return fail(i, "stray '\"' in an unquoted value");
  }
  while (i < s.size() && is_space(s[i])) ++i;
  if (i < s.size() && s[i] != '#') return fail(i, "unexpected text after the value");
  p.is_entry = true;
  p.key = std::string(key);
  return p;
}

bool needs_quotes(std::string_view encoded) {
  if (encoded.empty()) return true;
  for (char c : encoded)
    if (is_space(c) || c == '#') return true;
  return false;
}

}  // namespace

bool is_valid_vmx_key(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key)
    if (!is_key_char(c)) return false;
  return true;
}

bool vmx_keys_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string decode_vmx_value(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    int hi = i + 2 < raw.size() && raw[i] == '|' ? hex_digit(raw[i + 1]) : -1;
    int lo = hi >= 0 ? hex_digit(raw[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += raw[i];
    }
  }
  return out;
}

std::string encode_vmx_value(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '|' || u < 0x20 || u == 0x7f) {
      out += '|';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

VmxParse VmxFile::parse(std::string_view text, std::string_view file) {
  VmxParse out;
  VmxFile& doc = out.file;
  std::map<std::string, uint32_t> first_line;  // lowercased key -> line
  bool eol_seen = false;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    Line line;
    std::string_view body = text.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (nl != std::string_view::npos) {
      bool crlf = !body.empty() && body.back() == '\r';
      if (crlf) body.remove_suffix(1);
      line.eol = crlf ? "\r\n" : "\n";
      if (!eol_seen) doc.eol_ = line.eol;
      eol_seen = true;
    }
    line.text = std::string(body);
    start = nl == std::string_view::npos ? text.size() : nl + 1;

    const uint32_t number = static_cast<uint32_t>(doc.lines_.size() + 1);
    LineParse p = parse_line(line.text);
    if (!p.error.empty()) {
      out.diagnostics.error("VT0311",
                            {std::string(file), number, static_cast<uint32_t>(p.error_pos + 1), 1},
                            p.error, "each line is `key = \"value\"`, a `# comment`, or blank");
    } else if (p.is_entry) {
      std::string folded;
      for (char c : p.key) folded += lower(c);
      auto [it, inserted] = first_line.emplace(folded, number);
      if (!inserted)
        out.diagnostics.warning(
            "VT0312", {std::string(file), number, 1, static_cast<uint32_t>(p.key.size())},
            "duplicate key '" + p.key + "' (first set on line " + std::to_string(it->second) + ")",
            "keep one line per key; vtune reads the last one");
      line.is_entry = true;
      line.key = std::move(p.key);
      line.value_pos = p.value_pos;
      line.value_len = p.value_len;
      line.quoted = p.quoted;
    }
    doc.lines_.push_back(std::move(line));
  }
  return out;
}

std::optional<std::string> VmxFile::get(std::string_view key) const {
  for (auto it = lines_.rbegin(); it != lines_.rend(); ++it)
    if (it->is_entry && vmx_keys_equal(it->key, key))
      return decode_vmx_value(std::string_view(it->text).substr(it->value_pos, it->value_len));
  return std::nullopt;
}

bool VmxFile::set(std::string_view key, std::string_view value) {
  if (!is_valid_vmx_key(key)) return false;
  std::string encoded = encode_vmx_value(value);
  bool found = false;
  for (Line& line : lines_) {
    if (!line.is_entry || !vmx_keys_equal(line.key, key)) continue;
    found = true;
    if (!line.quoted && needs_quotes(encoded)) {
      line.text.replace(line.value_pos, line.value_len, "\"" + encoded + "\"");
      line.quoted = true;
      line.value_pos += 1;
    } else {
      line.text.replace(line.value_pos, line.value_len, encoded);
    }
    line.value_len = encoded.size();
  }
  if (found) return true;
  if (!lines_.empty() && lines_.back().eol.empty()) lines_.back().eol = eol_;
  Line line;
  line.text = std::string(key) + " = \"" + encoded + "\"";
  line.eol = eol_;
  line.is_entry = true;
  line.key = std::string(key);
  line.quoted = true;
  line.value_pos = key.size() + 4;
  line.value_len = encoded.size();
  lines_.push_back(std::move(line));
  return true;
}

std::vector<VmxEntry> VmxFile::entries() const {
  std::vector<VmxEntry> out;
  for (size_t i = 0; i < lines_.size(); ++i) {
    const Line& l = lines_[i];
    if (!l.is_entry) continue;
    out.push_back({l.key,
                   decode_vmx_value(std::string_view(l.text).substr(l.value_pos, l.value_len)),
                   static_cast<uint32_t>(i + 1)});
  }
  return out;
}

std::string VmxFile::render() const {
  std::string out;
  for (const Line& l : lines_) out += l.text + l.eol;
  return out;
}

}  // namespace vtune

#include "engine/txn/journal_bytes.h"

#include "engine/core/text_escape.h"

namespace vtune {

namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int alphabet_index(char c) {
  size_t i = kAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}
}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    int pad = 0;
    uint32_t n = 0;
    for (size_t j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && last && j >= 2) {
        ++pad;
        n <<= 6;
        continue;
      }
      int v = alphabet_index(c);
      if (v < 0 || pad > 0) return std::nullopt;  // '=' only at the very end
      n = (n << 6) | static_cast<uint32_t>(v);
    }
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

Json encode_bytes(std::string_view bytes) {
  if (!find_invalid_utf8(bytes)) return Json(std::string(bytes));
  return Json{{"base64", base64_encode(bytes)}};
}

std::optional<std::string> decode_bytes(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.size() == 1 && v.contains("base64") && v["base64"].is_string())
    return base64_decode(v["base64"].get<std::string>());
  return std::nullopt;
}

namespace {
bool is_escape_shaped(const Json& v) {
  return v.is_object() && v.size() == 1 && (v.contains("base64") || v.contains("object"));
}
}  // namespace

Json encode_json_exact(const Json& value) {
  if (value.is_string()) return encode_bytes(value.get_ref<const std::string&>());
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& e : value) out.push_back(encode_json_exact(e));
    return out;
  }
  if (value.is_object()) {
    Json out = Json::object();
    for (auto it = value.begin(); it != value.end(); ++it) {
      // A key that is not UTF-8 cannot be kept as a key: it is replaced (daemon.json keys and
      // every other typed value's keys come from JSON text, which was UTF-8 already).
      out[replace_invalid_utf8(it.key())] = encode_json_exact(it.value());
    }
    if (is_escape_shaped(value)) return Json{{"object", std::move(out)}};
    return out;
  }
  return value;
}

std::optional<Json> decode_json_exact(const Json& v) {
  if (v.is_array()) {
    Json out = Json::array();
    for (const Json& e : v) {
      std::optional<Json> d = decode_json_exact(e);
      if (!d) return std::nullopt;
      out.push_back(std::move(*d));
    }
    return out;
  }
  if (!v.is_object()) return v;
  const Json* members = &v;
  if (is_escape_shaped(v)) {
    if (v.contains("base64")) {
      std::optional<std::string> b = decode_bytes(v);
      if (!b) return std::nullopt;
      return Json(std::move(*b));
    }
    members = &v["object"];
    if (!members->is_object()) return std::nullopt;
  }
  Json out = Json::object();
  for (auto it = members->begin(); it != members->end(); ++it) {
    std::optional<Json> d = decode_json_exact(it.value());
    if (!d) return std::nullopt;
    out[it.key()] = std::move(*d);
  }
  return out;
}

}  // namespace vtune

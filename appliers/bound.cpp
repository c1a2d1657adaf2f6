#include "appliers/bound.h"

#include <algorithm>

#include "appliers/value_text.h"
#include "engine/core/text.h"

namespace vtune {

std::string_view bound_name(Bound b) {
  switch (b) {
    case Bound::AtLeast:
      return "at_least";
    case Bound::AtMost:
      return "at_most";
    default:
      return "eq";
  }
}

std::string_view bound_symbol(Bound b) {
  switch (b) {
    case Bound::AtLeast:
      return ">=";
    case Bound::AtMost:
      return "<=";
    default:
      return "=";
  }
}

std::optional<std::vector<int64_t>> numeric_elements(const Json& v) {
  std::vector<int64_t> out;
  if (v.is_array()) {
    for (const Json& e : v) {
      std::optional<int64_t> i = e.is_string() || e.is_number() ? facts_to_int(e) : std::nullopt;
      if (!i) return std::nullopt;
      out.push_back(*i);
    }
    return out;
  }
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    std::vector<std::string_view> words = split_ws(text);
    if (words.empty()) return std::nullopt;
    for (std::string_view w : words) {
      std::optional<int64_t> i = parse_int(w);
      if (!i) return std::nullopt;
      out.push_back(*i);
    }
    return out;
  }
  if (v.is_number()) {
    std::optional<int64_t> i = facts_to_int(v);
    if (!i) return std::nullopt;
    return std::vector<int64_t>{*i};
  }
  return std::nullopt;
}

namespace {

bool holds(int64_t current, int64_t bound, Bound b) {
  switch (b) {
    case Bound::AtLeast:
      return current >= bound;
    case Bound::AtMost:
      return current <= bound;
    default:
      return current == bound;
  }
}

Bound bound_at(const Bounds& bounds, size_t i) {
  if (bounds.empty()) return Bound::Eq;
  return i < bounds.size() ? bounds[i] : bounds.back();
}

// "16384 < 65536: raised to the floor"
std::string violation(int64_t current, int64_t bound, Bound b) {
  std::string c = std::to_string(current), t = std::to_string(bound);
  switch (b) {
    case Bound::AtLeast:
      return c + " < " + t + ": raised to the floor";
    case Bound::AtMost:
      return c + " > " + t + ": lowered to the ceiling";
    default:
      return c + " != " + t + ": set";
  }
}

Json shaped(const Json& like, const std::vector<int64_t>& values) {
  if (!like.is_array()) return Json(values.at(0));
  Json out = Json::array();
  for (int64_t v : values) out.push_back(v);
  return out;
}

}  // namespace

BoundOutcome apply_bounds(const Json& current, const Json& bound, const Bounds& bounds) {
  BoundOutcome out;
  std::optional<std::vector<int64_t>> want = numeric_elements(bound);
  if (!want || want->empty()) {
    out.desired = bound;
    out.message = "the bound is not numeric";
    return out;
  }
  std::optional<std::vector<int64_t>> have =
      current.is_null() ? std::nullopt : numeric_elements(current);
  if (!have || have->size() != want->size()) {
    out.desired = bound;
    std::string text;
    for (size_t i = 0; i < want->size(); ++i)
      text += (i ? ", " : "") + std::string(bound_symbol(bound_at(bounds, i))) + " " +
              std::to_string((*want)[i]);
    out.message = (current.is_null() ? std::string("not set")
                   : have            ? "current value has " + std::to_string(have->size()) +
                                " fields, the bound " + std::to_string(want->size())
                          : std::string("current value is not numeric")) +
                  ": set to the bound (" + text + ")";
    return out;
  }
  std::vector<int64_t> desired = *have;
  std::string kept, moved;
  for (size_t i = 0; i < want->size(); ++i) {
    Bound b = bound_at(bounds, i);
    int64_t c = (*have)[i], t = (*want)[i];
    if (holds(c, t, b)) {
      kept += (kept.empty() ? "" : ", ") + std::to_string(c) + " " +
              std::string(b == Bound::Eq ? "==" : bound_symbol(b)) + " " + std::to_string(t);
    } else {
      desired[i] = t;
      moved += (moved.empty() ? "" : "; ") + violation(c, t, b);
    }
  }
  out.compliant = moved.empty();
  out.message = out.compliant ? kept : moved;
  out.desired = shaped(bound, desired);
  return out;
}

std::string bound_text(const Bounds& bounds, const Json& value) {
  if (is_exact(bounds)) return {};
  bool uniform = std::all_of(bounds.begin(), bounds.end(), [&](Bound b) { return b == bounds[0]; });
  if (uniform)
    return std::string(bound_symbol(bounds[0])) + " " + facts_to_text(value).value_or(value.dump());
  std::optional<std::vector<int64_t>> v = numeric_elements(value);
  if (!v) return value.dump();
  std::string out;
  for (size_t i = 0; i < v->size(); ++i)
    out += (i ? ", " : "") + std::string(bound_symbol(bound_at(bounds, i))) + " " +
           std::to_string((*v)[i]);
  return out;
}

Json bounds_to_json(const Bounds& bounds) {
  if (bounds.empty()) return Json(std::string(bound_name(Bound::Eq)));
  bool uniform = std::all_of(bounds.begin(), bounds.end(), [&](Bound b) { return b == bounds[0]; });
  if (uniform) return Json(std::string(bound_name(bounds[0])));
  Json out = Json::array();
  for (Bound b : bounds) out.push_back(std::string(bound_name(b)));
  return out;
}

bool satisfies_bounds(const Json& current, const Json& bound, const Bounds& bounds) {
  std::optional<std::vector<int64_t>> want = numeric_elements(bound);
  std::optional<std::vector<int64_t>> have =
      current.is_null() ? std::nullopt : numeric_elements(current);
  if (!want || !have || have->size() != want->size()) return false;
  for (size_t i = 0; i < want->size(); ++i)
    if (!holds((*have)[i], (*want)[i], bound_at(bounds, i))) return false;
  return true;
}

}  // namespace vtune

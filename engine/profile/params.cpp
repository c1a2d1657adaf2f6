// Typing [params] values against the rules' `param` declarations.
#include <limits>

#include "engine/core/quantity.h"
#include "engine/profile/selection.h"

namespace vtune {
namespace {

std::optional<QuantityKind> quantity_kind(std::string_view type) {
  if (type == "size") return QuantityKind::Size;
  if (type == "rate") return QuantityKind::Rate;
  if (type == "duration") return QuantityKind::Duration;
  if (type == "percent") return QuantityKind::Percent;
  return std::nullopt;
}

std::string_view example_of(QuantityKind k) {
  switch (k) {
    case QuantityKind::Size:
      return "\"128MiB\"";
    case QuantityKind::Rate:
      return "\"10Gbit\"";
    case QuantityKind::Duration:
      return "\"15s\"";
    case QuantityKind::Percent:
      return "\"5%\"";
  }
  return "";
}

std::string_view json_type(const Json& v) {
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer()) return "an integer";
  if (v.is_number_float()) return "a float";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "a table";
  return "nothing";
}

TypedParam fail(std::string message) {
  return {std::nullopt, std::move(message)};
}

TypedParam type_quantity(const Json& raw, QuantityKind kind) {
  std::string name(quantity_kind_name(kind));
  bool bare_allowed = kind == QuantityKind::Size || kind == QuantityKind::Rate;
  if (raw.is_number_integer()) {
    if (!bare_allowed)
      return fail("expects a " + name + " with a unit, like " + std::string(example_of(kind)));
    if (raw.get<int64_t>() < 0) return fail("expects a non-negative " + name);
    return {raw, {}};
  }
  if (!raw.is_string())
    return fail("expects a " + name + " like " + std::string(example_of(kind)) + ", not " +
                std::string(json_type(raw)));
  std::optional<Quantity> q = parse_quantity(raw.get<std::string>());
  if (!q)
    return fail("'" + raw.get<std::string>() + "' is not a " + name + " (like " +
                std::string(example_of(kind)) + ")");
  if (q->kind != kind)
    return fail("expects a " + name + ", but '" + raw.get<std::string>() + "' is a " +
                std::string(quantity_kind_name(q->kind)));
  if (q->value < 0) return fail("expects a non-negative " + name);
  return {Json(q->value), {}};
}

}  // namespace

TypedParam type_param_value(const Json& raw, std::string_view type) {
  if (type.starts_with("list<") && type.ends_with(">")) {
    std::string_view element = type.substr(5, type.size() - 6);
    if (!raw.is_array()) return fail("expects a list, not " + std::string(json_type(raw)));
    Json out = Json::array();
    for (size_t i = 0; i < raw.size(); ++i) {
      TypedParam e = type_param_value(raw[i], element);
      if (!e.value) return fail("element " + std::to_string(i) + ": " + e.error);
      out.push_back(std::move(*e.value));
    }
    return {std::move(out), {}};
  }
  if (std::optional<QuantityKind> kind = quantity_kind(type)) return type_quantity(raw, *kind);
  if (type == "bool") {
    if (raw.is_boolean()) return {raw, {}};
    return fail("expects true or false, not " + std::string(json_type(raw)));
  }
  if (type == "int") {
    if (raw.is_number_integer()) return {raw, {}};
    return fail("expects an integer, not " + std::string(json_type(raw)));
  }
  if (type == "float") {
    if (raw.is_number()) return {Json(raw.get<double>()), {}};
    return fail("expects a number, not " + std::string(json_type(raw)));
  }
  if (type == "string") {
    if (raw.is_string()) return {raw, {}};
    return fail("expects a string, not " + std::string(json_type(raw)));
  }
  return fail("has a type this version cannot set from a profile: " + std::string(type));
}

std::map<std::string, Json> param_values(const Profile& profile, std::span<const ParamSpec> specs) {
  std::map<std::string, Json> values;
  for (const ParamSpec& spec : specs) {
    Json value = spec.default_value;
    auto it = profile.params.find(spec.name);
    if (it != profile.params.end()) {
      TypedParam typed = type_param_value(it->second.value, spec.type);
      // An invalid value was reported by validate_profile; the default is the safe fallback.
      if (typed.value) value = std::move(*typed.value);
    }
    values[spec.name] = std::move(value);
  }
  return values;
}

}  // namespace vtune

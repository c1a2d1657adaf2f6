#include "engine/lang/value.h"
#include "engine/facts/json_text.h"

#include <cmath>
#include <cstdio>

namespace vtune::lang {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  return v;
}
Value Value::integer(int64_t i) {
  Value v;
  v.kind_ = Kind::Int;
  v.i_ = i;
  return v;
}
Value Value::real(double d) {
  Value v;
  v.kind_ = Kind::Float;
  v.f_ = d;
  return v;
}
Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  auto owned = std::make_shared<const std::string>(std::move(s));
  v.sref_ = owned.get();
  v.own_ = std::move(owned);
  return v;
}
Value Value::borrowed(const std::string& s) {
  Value v;
  v.kind_ = Kind::String;
  v.sref_ = &s;
  return v;
}
Value Value::quantity(int64_t value, QuantityKind k) {
  Value v;
  v.kind_ = Kind::Quantity;
  v.i_ = value;
  v.qkind_ = k;
  return v;
}
Value Value::list(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::List;
  v.own_ = std::make_shared<const std::vector<Value>>(std::move(items));
  return v;
}

Value Value::from_fact(const Json& f, const Type* hint) {
  switch (f.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return Value();
    case Json::value_t::boolean:
      return boolean(f.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: {
      int64_t i = f.is_number_unsigned() && f.get<uint64_t>() > uint64_t(INT64_MAX)
                      ? INT64_MAX
                      : f.get<int64_t>();
      if (hint && hint->kind == TypeKind::Quantity) return quantity(i, hint->qkind);
      return integer(i);
    }
    case Json::value_t::number_float:
      return real(f.get<double>());
    case Json::value_t::string:
      return borrowed(f.get_ref<const std::string&>());
    case Json::value_t::object:
    case Json::value_t::array:
    case Json::value_t::binary: {
      Value v;
      v.kind_ = Kind::Fact;
      v.fact_ = &f;
      return v;
    }
  }
  return Value();
}

double Value::as_double() const {
  return kind_ == Kind::Float ? f_ : static_cast<double>(i_);
}

size_t Value::size() const {
  if (kind_ == Kind::List) return list()->size();
  if (fact_ && (fact_->is_array() || fact_->is_object())) return fact_->size();
  if (kind_ == Kind::String) return str().size();
  return 0;
}

Value Value::at(size_t i, const Type* elem_hint) const {
  if (kind_ == Kind::List) return i < list()->size() ? (*list())[i] : Value();
  if (fact_ && fact_->is_array() && i < fact_->size()) return from_fact((*fact_)[i], elem_hint);
  return Value();
}

Json Value::to_json() const {
  switch (kind_) {
    case Kind::Null:
      return nullptr;
    case Kind::Bool:
      return b_;
    case Kind::Int:
    case Kind::Quantity:
      return i_;
    case Kind::Float:
      return f_;
    case Kind::String:
      return std::string(str());
    case Kind::List: {
      Json a = Json::array();
      for (const Value& v : *list()) a.push_back(v.to_json());
      return a;
    }
    case Kind::Fact:
      return *fact_;
  }
  return nullptr;
}

namespace {
std::string float_text(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}
}  // namespace

std::string percent_text(int64_t hundredths) {
  if (hundredths % 100 == 0) return std::to_string(hundredths / 100);
  return float_text(static_cast<double>(hundredths) / 100.0);
}

std::string Value::display() const {
  switch (kind_) {
    case Kind::String:
      return "\"" + std::string(str()) + "\"";
    case Kind::List: {
      std::string out = "[";
      for (size_t i = 0; i < list()->size(); ++i) out += (i ? ", " : "") + (*list())[i].display();
      return out + "]";
    }
    case Kind::Fact:
      return dump_json(*fact_);
    default:
      return text();
  }
}

std::string Value::text() const {
  switch (kind_) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return b_ ? "true" : "false";
    case Kind::Int:
      return std::to_string(i_);
    case Kind::Float:
      return float_text(f_);
    case Kind::String:
      return std::string(str());
    case Kind::Quantity:
      return format_quantity(Quantity{i_, qkind_});
    case Kind::List: {
      std::string out;
      for (size_t i = 0; i < list()->size(); ++i) out += (i ? ", " : "") + (*list())[i].text();
      return out;
    }
    case Kind::Fact:
      return dump_json(*fact_);
  }
  return "";
}

std::string Value::kernel_text() const {
  switch (kind_) {
    case Kind::Null:
      return "";
    case Kind::Bool:
      return b_ ? "1" : "0";
    case Kind::Quantity:
      return qkind_ == QuantityKind::Percent ? percent_text(i_) : std::to_string(i_);
    case Kind::List: {
      std::string out;
      for (size_t i = 0; i < list()->size(); ++i)
        out += (i ? " " : "") + (*list())[i].kernel_text();
      return out;
    }
    case Kind::Fact:
      if (fact_->is_array()) {
        std::string out;
        for (size_t i = 0; i < fact_->size(); ++i)
          out += (i ? " " : "") + from_fact((*fact_)[i], nullptr).kernel_text();
        return out;
      }
      return dump_json(*fact_);
    default:
      return text();
  }
}

bool values_equal(const Value& a, const Value& b) {
  using K = Value::Kind;
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  bool an = a.is(K::Int) || a.is(K::Float) || a.is(K::Quantity);
  bool bn = b.is(K::Int) || b.is(K::Float) || b.is(K::Quantity);
  if (an && bn) {
    if (a.is(K::Quantity) && b.is(K::Quantity) && a.qkind() != b.qkind()) return false;
    if (a.is(K::Float) || b.is(K::Float)) return a.as_double() == b.as_double();
    return a.as_int() == b.as_int();
  }
  if (a.kind() != b.kind()) {
    if (a.is(K::Fact) || b.is(K::Fact) || a.is(K::List) || b.is(K::List))
      return a.to_json() == b.to_json();
    return false;
  }
  switch (a.kind()) {
    case K::Bool:
      return a.as_bool() == b.as_bool();
    case K::String:
      return a.str() == b.str();
    case K::List: {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!values_equal(a.items()[i], b.items()[i])) return false;
      return true;
    }
    case K::Fact:
      return *a.fact() == *b.fact();
    default:
      return false;
  }
}

std::optional<int> values_compare(const Value& a, const Value& b) {
  using K = Value::Kind;
  bool an = a.is(K::Int) || a.is(K::Float) || a.is(K::Quantity);
  bool bn = b.is(K::Int) || b.is(K::Float) || b.is(K::Quantity);
  if (an && bn) {
    if (a.is(K::Quantity) && b.is(K::Quantity) && a.qkind() != b.qkind()) return std::nullopt;
    if (a.is(K::Float) || b.is(K::Float)) {
      double x = a.as_double(), y = b.as_double();
      if (std::isnan(x) || std::isnan(y)) return std::nullopt;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  }
  if (a.is(K::String) && b.is(K::String)) {
    int c = a.str().compare(b.str());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  return std::nullopt;
}

}  // namespace vtune::lang

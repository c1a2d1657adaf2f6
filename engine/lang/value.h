#pragma once
// The evaluator's value: null, bool, int, float, string, quantity, list, or a reference to a
// map or list inside the facts tree (converted element by element on demand, never copied).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/json.h"
#include "engine/core/quantity.h"
#include "engine/lang/types.h"

namespace vtune::lang {

class Value {
 public:
  enum class Kind : uint8_t { Null, Bool, Int, Float, String, Quantity, List, Fact };

  Value() = default;
  static Value boolean(bool b);
  static Value integer(int64_t i);
  static Value real(double d);
  static Value string(std::string s);
  static Value borrowed(const std::string& s);  // a string that lives in the facts tree
  static Value quantity(int64_t v, QuantityKind k);
  static Value list(std::vector<Value> items);
  // A facts node: scalars become values (ints become quantities when `hint` says so);
  // maps and lists stay references.
  static Value from_fact(const Json& f, const Type* hint);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is(Kind k) const { return kind_ == k; }
  bool as_bool() const { return b_; }
  int64_t as_int() const { return i_; }
  double as_double() const;  // Int, Float, Quantity
  QuantityKind qkind() const { return qkind_; }
  std::string_view str() const { return sref_ ? std::string_view(*sref_) : std::string_view(); }
  const Json* fact() const { return fact_; }
  bool is_fact_map() const { return fact_ && fact_->is_object(); }
  bool is_fact_list() const { return fact_ && fact_->is_array(); }
  // List values and fact lists alike: size and element i.
  size_t size() const;
  Value at(size_t i, const Type* elem_hint) const;
  const std::vector<Value>& items() const { return *list(); }

  Json to_json() const;             // typed JSON: quantities in base units
  std::string display() const;      // human form: 128MiB, "text" quoted, [a, b]
  std::string text() const;         // unquoted human form, for advice text
  std::string kernel_text() const;  // the kernel's form: 134217728, lists joined by spaces

 private:
  const std::vector<Value>* list() const {
    return static_cast<const std::vector<Value>*>(own_.get());
  }

  // Small and cheap to copy: the evaluator makes one per fact read. Only owned strings and
  // lists live on the heap, shared (values are immutable), so a copy never copies text.
  Kind kind_ = Kind::Null;
  QuantityKind qkind_ = QuantityKind::Size;
  bool b_ = false;
  int64_t i_ = 0;
  double f_ = 0;
  const std::string* sref_ = nullptr;  // String: borrowed text, or the string in own_
  const Json* fact_ = nullptr;
  std::shared_ptr<const void> own_;  // an owned std::string (String) or std::vector<Value> (List)
};

// Equality across kinds: numbers compare by value, quantities need the same kind, a facts
// reference equals its JSON. Null equals only null.
bool values_equal(const Value& a, const Value& b);
// Ordering for numbers, quantities and strings; nullopt when the two are not ordered.
std::optional<int> values_compare(const Value& a, const Value& b);
// The text form of a percent held in hundredths: 500 -> "5", 250 -> "2.5".
std::string percent_text(int64_t hundredths);

}  // namespace vtune::lang

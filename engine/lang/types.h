#pragma once
// Static types of the rule language, and the facts schema indexed as a tree so the type
// checker can look paths up. The schema comes only from the probes' FactField lists.
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/quantity.h"
#include "engine/facts/schema.h"

namespace vtune::lang {

struct SchemaNode;

enum class TypeKind : uint8_t { Any, Null, Bool, Int, Float, String, Quantity, List, Map };

struct Type {
  TypeKind kind = TypeKind::Any;
  QuantityKind qkind = QuantityKind::Size;  // Quantity
  std::shared_ptr<const Type> elem;         // List: the element; Map with free keys: the value
  const SchemaNode* schema = nullptr;       // where this type came from in the facts schema

  static Type of(TypeKind k) { return Type{k, QuantityKind::Size, nullptr, nullptr}; }
  static Type quantity(QuantityKind q) { return Type{TypeKind::Quantity, q, nullptr, nullptr}; }
  static Type list_of(Type e) {
    return Type{TypeKind::List, QuantityKind::Size, std::make_shared<const Type>(std::move(e)),
                nullptr};
  }
  bool is(TypeKind k) const { return kind == k; }
  bool is_any() const { return kind == TypeKind::Any; }
  bool is_numeric() const { return kind == TypeKind::Int || kind == TypeKind::Float; }
  std::string name() const;  // "size", "list<int>", "map", "any"
};

// Whether a value of type `a` can be compared with / assigned from one of type `b`.
bool comparable(const Type& a, const Type& b);

// One node of the facts schema: a map key or a list's element.
struct SchemaNode {
  std::string path;  // as written in the schema: "nics[].ring.rx"
  std::string type_text;
  std::string meaning;
  Type type;
  std::map<std::string, std::unique_ptr<SchemaNode>, std::less<>> children;  // declared keys
  std::unique_ptr<SchemaNode> element;  // list<map>: the element's keys live here
  std::vector<std::string> enum_values;
  bool declared = false;  // named by a FactField (not only implied by a child's path)

  const SchemaNode* child(std::string_view key) const;
};

class SchemaIndex {
 public:
  static SchemaIndex from_fields(std::span<const FactField> fields);
  // Every probe's schema, from all_probes(): the single source of fact names and types.
  static const SchemaIndex& from_probes();

  const SchemaNode* root(std::string_view name) const;
  std::vector<std::string> root_names() const;

 private:
  std::map<std::string, std::unique_ptr<SchemaNode>, std::less<>> roots_;
};

// The static type a FactField type string denotes ("size", "list<map>", "enum:a|b", ...),
// for a node whose map children / list element are already in place.
Type type_from_text(std::string_view text, const SchemaNode* node);

}  // namespace vtune::lang

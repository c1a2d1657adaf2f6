#include "engine/lang/types.h"

#include "engine/core/text.h"
#include "probes/probes.h"

namespace vtune::lang {

std::string Type::name() const {
  switch (kind) {
    case TypeKind::Any:
      return "any";
    case TypeKind::Null:
      return "null";
    case TypeKind::Bool:
      return "bool";
    case TypeKind::Int:
      return "int";
    case TypeKind::Float:
      return "float";
    case TypeKind::String:
      return "string";
    case TypeKind::Quantity:
      return std::string(quantity_kind_name(qkind));
    case TypeKind::List:
      return "list<" + (elem ? elem->name() : std::string("any")) + ">";
    case TypeKind::Map:
      return elem ? "map<string," + elem->name() + ">" : "map";
  }
  return "any";
}

bool comparable(const Type& a, const Type& b) {
  if (a.is_any() || b.is_any() || a.is(TypeKind::Null) || b.is(TypeKind::Null)) return true;
  if (a.is_numeric() && b.is_numeric()) return true;
  // A bare integer is a quantity in base units (facts store them so).
  if (a.is(TypeKind::Quantity) && b.is(TypeKind::Quantity)) return a.qkind == b.qkind;
  if ((a.is(TypeKind::Quantity) && b.is_numeric()) || (b.is(TypeKind::Quantity) && a.is_numeric()))
    return true;
  if (a.kind != b.kind) return false;
  if (a.is(TypeKind::List) && a.elem && b.elem) return comparable(*a.elem, *b.elem);
  return true;
}

const SchemaNode* SchemaNode::child(std::string_view key) const {
  auto it = children.find(key);
  return it == children.end() ? nullptr : it->second.get();
}

namespace {

Type scalar_type(std::string_view t) {
  if (t == "bool") return Type::of(TypeKind::Bool);
  if (t == "int") return Type::of(TypeKind::Int);
  if (t == "float") return Type::of(TypeKind::Float);
  if (t == "string" || starts_with(t, "enum:")) return Type::of(TypeKind::String);
  if (t == "size") return Type::quantity(QuantityKind::Size);
  if (t == "rate") return Type::quantity(QuantityKind::Rate);
  if (t == "duration") return Type::quantity(QuantityKind::Duration);
  if (t == "percent") return Type::quantity(QuantityKind::Percent);
  if (t == "map") return Type::of(TypeKind::Map);
  return Type::of(TypeKind::Any);  // unknown spellings stay unchecked rather than wrong
}

// The node at a schema path, created on the way down.
SchemaNode* walk_create(std::map<std::string, std::unique_ptr<SchemaNode>, std::less<>>& roots,
                        std::string_view path) {
  std::map<std::string, std::unique_ptr<SchemaNode>, std::less<>>* level = &roots;
  SchemaNode* node = nullptr;
  for (std::string_view seg : split(path, '.')) {
    bool is_list = seg.size() > 2 && seg.substr(seg.size() - 2) == "[]";
    if (is_list) seg.remove_suffix(2);
    auto it = level->find(seg);
    if (it == level->end())
      it = level->emplace(std::string(seg), std::make_unique<SchemaNode>()).first;
    node = it->second.get();
    if (is_list) {
      if (!node->element) node->element = std::make_unique<SchemaNode>();
      node = node->element.get();
    }
    level = &node->children;
  }
  return node;
}

void assign_types(SchemaNode& node) {
  if (node.element) assign_types(*node.element);
  for (auto& [key, child] : node.children) assign_types(*child);
  if (!node.declared && node.type_text.empty()) {
    node.type_text = "map";  // implied by children only
  }
  node.type = type_from_text(node.type_text, &node);
}

}  // namespace

Type type_from_text(std::string_view text, const SchemaNode* node) {
  text = trim(text);
  Type t;
  if (starts_with(text, "list<") && text.back() == '>') {
    std::string_view inner = text.substr(5, text.size() - 6);
    Type e = type_from_text(inner, node && node->element ? node->element.get() : nullptr);
    if (e.is(TypeKind::Map) && node && node->element) e.schema = node->element.get();
    t = Type::list_of(std::move(e));
  } else if (starts_with(text, "map<") && text.back() == '>') {
    std::string_view inner = text.substr(4, text.size() - 5);
    size_t comma = inner.find(',');
    Type v = comma == std::string_view::npos ? Type::of(TypeKind::Any)
                                             : type_from_text(inner.substr(comma + 1), nullptr);
    t = Type::of(TypeKind::Map);
    t.elem = std::make_shared<const Type>(std::move(v));
  } else {
    t = scalar_type(text);
  }
  t.schema = node;
  return t;
}

SchemaIndex SchemaIndex::from_fields(std::span<const FactField> fields) {
  SchemaIndex index;
  for (const FactField& f : fields) {
    SchemaNode* node = walk_create(index.roots_, f.path);
    if (node == nullptr) continue;
    node->path = std::string(f.path);
    node->type_text = std::string(f.type);
    node->meaning = std::string(f.meaning);
    node->declared = true;
    if (starts_with(f.type, "enum:"))
      for (std::string_view v : split(f.type.substr(5), '|')) node->enum_values.emplace_back(v);
  }
  for (auto& [name, root] : index.roots_) assign_types(*root);
  return index;
}

const SchemaIndex& SchemaIndex::from_probes() {
  static const SchemaIndex index = [] {
    std::vector<FactField> fields;
    for (const Probe* p : all_probes())
      fields.insert(fields.end(), p->schema.begin(), p->schema.end());
    return from_fields(fields);
  }();
  return index;
}

const SchemaNode* SchemaIndex::root(std::string_view name) const {
  auto it = roots_.find(name);
  return it == roots_.end() ? nullptr : it->second.get();
}

std::vector<std::string> SchemaIndex::root_names() const {
  std::vector<std::string> names;
  for (const auto& [name, node] : roots_) names.push_back(name);
  return names;
}

}  // namespace vtune::lang

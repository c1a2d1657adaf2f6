#include "engine/lang/item_filter.h"

#include <charconv>
#include <cstdio>

namespace vtune::lang {
namespace {

void append_int(int64_t i, std::string& key) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, i);
  key.append(buf, r.ptr);
  key += ';';
}

// A length-prefixed string, so keys cannot run into each other.
void append_text(const std::string& s, std::string& key) {
  append_int(static_cast<int64_t>(s.size()), key);
  key += s;
}

}  // namespace

void append_type_key(const Type& t, std::string& key) {
  key += static_cast<char>('a' + static_cast<int>(t.kind));
  if (t.kind == TypeKind::Quantity) key += static_cast<char>('0' + static_cast<int>(t.qkind));
  if (t.elem) {
    key += '<';
    append_type_key(*t.elem, key);
    key += '>';
  }
}

bool item_only(const Expr& e, int slot, std::string& key) {
  key += '(';
  key += static_cast<char>('A' + static_cast<int>(e.kind));
  key += static_cast<char>('a' + static_cast<int>(e.op));
  append_type_key(e.type, key);
  switch (e.kind) {
    case ExprKind::Null:
      break;
    case ExprKind::Bool:
      key += e.boolean ? 't' : 'f';
      break;
    case ExprKind::Int:
      append_int(e.integer, key);
      break;
    case ExprKind::Quantity:
      append_int(e.integer, key);
      key += static_cast<char>('0' + static_cast<int>(e.qkind));
      break;
    case ExprKind::Float: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%a", e.real);
      key += buf;
      break;
    }
    case ExprKind::String:
      if (e.parts.size() > 1 || (e.parts.size() == 1 && e.parts[0].hole)) return false;
      append_text(e.parts.empty() ? std::string() : e.parts[0].text, key);
      break;
    case ExprKind::Name:
      if (e.name_kind != NameKind::Variable || e.slot != slot) return false;
      key += '$';
      break;
    case ExprKind::Member:
      append_text(e.name, key);
      [[fallthrough]];
    case ExprKind::List:
    case ExprKind::Index:
    case ExprKind::Unary:
    case ExprKind::Binary:
      for (const ExprPtr& a : e.args)
        if (!a || !item_only(*a, slot, key)) return false;
      break;
    case ExprKind::Param:  // constant, but kept out: the key would need the profile's value
    case ExprKind::Call:
    case ExprKind::Quantifier:
      return false;
  }
  key += ')';
  return true;
}

const Expr* leading_item_test(const Expr& where, int slot, std::string& key) {
  const Expr* e = &where;
  while (true) {
    key.clear();
    if (item_only(*e, slot, key)) return e;
    if (e->kind != ExprKind::Binary || e->op != Op::And || e->args.empty()) return nullptr;
    e = e->args[0].get();
  }
}

}  // namespace vtune::lang

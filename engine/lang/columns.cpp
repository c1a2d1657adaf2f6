#include "engine/lang/columns.h"

namespace vtune::lang {

PathRead read_member_path(const Json& elem, std::span<const std::string* const> keys,
                          const Type* hint, Value& out) {
  // As Evaluator::member: a member of null is null (and not noted); a member of anything
  // else that is not a map is an error; a missing key is null (and noted). Intermediate
  // values are maps or null, so only the last step's hint matters.
  out = Value();
  const Json* cur = &elem;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (cur->is_null() || cur->is_discarded()) return PathRead::NullBase;
    if (!cur->is_object()) return PathRead::Error;
    auto it = cur->find(*keys[i]);
    if (it == cur->end()) return i + 1 == keys.size() ? PathRead::FromMap : PathRead::NullBase;
    cur = &*it;
  }
  out = Value::from_fact(*cur, hint);
  return PathRead::FromMap;
}

const FactColumn& FactColumns::get(const Json& list, std::span<const std::string* const> keys,
                                   const Type* hint) {
  std::string joined;
  for (const std::string* k : keys) {
    joined += *k;
    joined += '\0';
  }
  int h = hint && hint->kind == TypeKind::Quantity ? 1 + static_cast<int>(hint->qkind) : 0;
  std::unique_ptr<FactColumn>& slot = columns_[Key{&list, std::move(joined), h}];
  if (!slot) {
    slot = std::make_unique<FactColumn>();
    slot->list = &list;
    size_t n = list.is_array() ? list.size() : 0;
    slot->values.resize(n);
    slot->how.resize(n);
    for (size_t i = 0; i < n; ++i)
      slot->how[i] = read_member_path(list[i], keys, hint, slot->values[i]);
  }
  return *slot;
}

}  // namespace vtune::lang

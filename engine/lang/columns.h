#pragma once
// A per-evaluation cache of member paths read across a facts list: the column
// "nics[*].ring.rx" holds, for every element of `nics`, the Value that evaluating
// `n.ring.rx` gives when `n` is that element. A rule that loops over 1,000 NICs then reads
// a field by index instead of searching each element's keys, and 10,000 rules over the same
// list share one column. Columns point into the facts tree, which must outlive them and not
// change (it is const for the whole evaluation).
//
// A cell also says how it was read: where the path meets a value that is neither a map nor
// null (e.g. `n.name.x` on a string) evaluating it raises an error, so the evaluator takes
// its generic path there and reports the error as before; where it meets null before the
// last key the value is null but, as in the generic path, not quoted in reasons.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "engine/core/json.h"
#include "engine/lang/types.h"
#include "engine/lang/value.h"

namespace vtune::lang {

// How a member path read went, per element.
enum class PathRead : uint8_t {
  Error,     // a step met a value that is neither a map nor null: take the generic path
  FromMap,   // the last key was looked up in a map (the evaluator quotes the value in reasons)
  NullBase,  // a step before the last met null: the value is null and not a fact read
};

struct FactColumn {
  const Json* list = nullptr;  // the facts list the column runs over
  std::vector<Value> values;   // by element index
  std::vector<PathRead> how;   // by element index
};

// The value of `elem.keys[0].keys[1]...` as the evaluator's member accesses compute it,
// the last one converted with `hint` (as Value::from_fact).
PathRead read_member_path(const Json& elem, std::span<const std::string* const> keys,
                          const Type* hint, Value& out);

class FactColumns {
 public:
  // The column for `keys` over the array `list`, built on first use.
  const FactColumn& get(const Json& list, std::span<const std::string* const> keys,
                        const Type* hint);
  size_t size() const { return columns_.size(); }

 private:
  // (list, keys joined by '\0', hint: 0 or 1 + the quantity kind)
  using Key = std::tuple<const Json*, std::string, int>;
  std::map<Key, std::unique_ptr<FactColumn>> columns_;
};

}  // namespace vtune::lang

#pragma once
#include <string>

#include "engine/facts/facts.h"

namespace vtune {

// The JSON text of `v`. Facts hold bytes read from host files, which need not be UTF-8;
// nlohmann's plain dump() throws (type_error 316) on such bytes and would end the audit.
// Here each byte that is not part of valid UTF-8 becomes U+FFFD, the policy of every JSON
// output of vtune (docs/output-formats.md, "Bytes that are not UTF-8").
inline std::string dump_json(const Facts& v, int indent = -1) {
  return v.dump(indent, ' ', false, Facts::error_handler_t::replace);
}

}  // namespace vtune

#pragma once
// `vtune facts` in a terminal: a readable summary of the facts tree, not a dump.
#include <string>

#include "engine/facts/facts.h"

namespace vtune {

std::string render_facts_text(const Facts& facts);

}  // namespace vtune

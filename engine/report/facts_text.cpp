#include "engine/report/facts_text.h"

namespace vtune {

std::string render_facts_text(const Facts& facts) { return facts.dump(2) + "\n"; }

}  // namespace vtune

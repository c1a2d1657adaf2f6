#pragma once
// The active profile record: STATE/profile.json {"profile", "time", "transaction"}, which
// says which profile the persisted files come from and which transaction wrote them.
#include <string_view>

#include "appliers/persistence.h"

namespace vtune {

PersistFile plan_profile_record(std::string_view profile, std::string_view state_dir,
                                const PersistRecord& record);

}  // namespace vtune

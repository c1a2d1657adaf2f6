#pragma once
// The active profile record: STATE/profile.json {"profile", "time", "transaction"}, which
// says which profile the persisted files come from and which transaction wrote them.
#include <string>
#include <string_view>

#include "appliers/persistence.h"

namespace vtune {

// STATE/profile.json for a state directory.
std::string profile_record_path(std::string_view state_dir);

PersistFile plan_profile_record(std::string_view profile, std::string_view state_dir,
                                const PersistRecord& record);

}  // namespace vtune

#include "appliers/persist_profile.h"

#include "engine/facts/json_text.h"

namespace vtune {

std::string profile_record_path(std::string_view state_dir) {
  return std::string(state_dir) + "/profile.json";
}

PersistFile plan_profile_record(std::string_view profile, std::string_view state_dir,
                                const PersistRecord& record) {
  Json doc = {{"schema_version", 1},
              {"profile", std::string(profile)},
              {"time", record.time},
              {"transaction", record.transaction}};
  return PersistFile{profile_record_path(state_dir), dump_json(doc, 2) + "\n", 0644};
}

}  // namespace vtune

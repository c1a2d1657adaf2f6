#include "appliers/persist_profile.h"

#include "engine/facts/json_text.h"

namespace vtune {

PersistFile plan_profile_record(std::string_view profile, std::string_view state_dir,
                                const PersistRecord& record) {
  Json doc = {{"schema_version", 1},
              {"profile", std::string(profile)},
              {"time", record.time},
              {"transaction", record.transaction}};
  return PersistFile{std::string(state_dir) + "/profile.json", dump_json(doc, 2) + "\n", 0644};
}

}  // namespace vtune

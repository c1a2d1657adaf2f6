// TEMPORARY (not committed): runs h2's rules/tests/*.json cases.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "appliers/registry.h"
#include "appliers/value_text.h"
#include "engine/core/memory_host_fs.h"
#include "engine/plan/planner.h"

using namespace vtune;

TEST_CASE("h2 tmp: rule cases") {
  const std::string rules = std::string(VTUNE_SOURCE_DIR) + "/rules";
  Result<lang::RuleLibrary> lib = lang::load_library(std::span<const std::string>(&rules, 1));
  REQUIRE(lib.ok());
  for (auto& ent : std::filesystem::directory_iterator(rules + "/tests")) {
    std::ifstream in(ent.path());
    std::stringstream ss;
    ss << in.rdbuf();
    Facts file = Facts::parse(ss.str());
    std::string rule = file["rule"];
    for (const Facts& c : file["cases"]) {
      std::string name = c["name"];
      CAPTURE(rule);
      CAPTURE(name);
      MemoryHostFs fs;
      Facts facts = Facts::object();
      if (c.contains("facts")) facts = c["facts"];
      if (facts.contains("sysctl"))
        for (auto it = facts["sysctl"].begin(); it != facts["sysctl"].end(); ++it) {
          std::string k = it.key();
          for (char& ch : k)
            if (ch == '.') ch = '/';
          fs.add_file("/proc/sys/" + k, it->get<std::string>() + "\n");
        }
      if (c.contains("files"))
        for (auto it = c["files"].begin(); it != c["files"].end(); ++it)
          fs.add_file(it.key(), it->get<std::string>());
      std::unique_ptr<EthtoolPort> eth = make_snapshot_ethtool(fs);
      ApplierSet set{ApplierContext{fs, *eth, facts}};
      Profile p;
      p.name = "t";
      p.enable.push_back({rule, {}});
      if (c.contains("params"))
        for (auto it = c["params"].begin(); it != c["params"].end(); ++it)
          p.params[it.key()] = ProfileParam{*it, {}};
      Plan plan = plan_from_facts({*lib, p, Date{2027, 1, 1}}, facts, set);
      std::vector<const PlanItem*> items;
      for (const PlanItem& i : plan.items)
        if (i.rule == rule) items.push_back(&i);
      std::string got;
      for (const PlanItem* i : items)
        got += std::string(item_state_name(i->state)) + " " + i->knob + " " +
               i->current.dump() + " -> " + i->desired.dump() + " | " + i->message + "\n";
      INFO(got);
      std::vector<bool> used(items.size());
      for (const Facts& e : c["expect"]) {
        bool found = false;
        for (size_t k = 0; k < items.size() && !found; ++k) {
          const PlanItem& i = *items[k];
          if (used[k]) continue;
          if (e.contains("state") && item_state_name(i.state) != e["state"].get<std::string>()) continue;
          if (e.contains("knob") && i.knob != e["knob"].get<std::string>()) continue;
          auto txt = [](const Facts& v) { return v.is_null() ? std::string("") : facts_to_text(v).value_or(v.dump()); };
          if (e.contains("current") && txt(i.current) != e["current"].get<std::string>()) continue;
          if (e.contains("desired") && txt(i.desired) != e["desired"].get<std::string>()) continue;
          if (e.contains("message_contains") &&
              i.message.find(e["message_contains"].get<std::string>()) == std::string::npos)
            continue;
          used[k] = found = true;
        }
        INFO(e.dump());
        CHECK(found);
      }
      for (bool u : used) CHECK(u);
    }
  }
}

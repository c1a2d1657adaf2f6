#pragma once
// Helpers shared by the rule-language tests: a small facts schema built in the test, so
// the tests do not depend on which probes have landed.
#include <string>

#include "engine/lang/library.h"

namespace vtune::lang::testing {

inline const SchemaIndex& test_schema() {
  static const FactField kFields[] = {
      {"memory", "map", "", ""},
      {"memory.total", "size", "", ""},
      {"virt", "map", "", ""},
      {"virt.hypervisor", "enum:none|kvm|vmware|hyperv", "", ""},
      {"virt.guest", "bool", "", ""},
      {"nics", "list<map>", "", ""},
      {"nics[].name", "string", "", ""},
      {"nics[].driver", "string", "", ""},
      {"nics[].speed", "rate", "", ""},
      {"nics[].virtual", "bool", "", ""},
      {"nics[].numa_node", "int", "", ""},
      {"nics[].ring", "map", "", ""},
      {"nics[].ring.rx", "int", "", ""},
      {"nics[].ring.rx_max", "int", "", ""},
      {"nics[].features", "map<string,bool>", "", ""},
      {"nics[].queues", "map", "", ""},
      {"nics[].queues.rx", "int", "", ""},
      {"numa", "map", "", ""},
      {"numa.nodes", "list<map>", "", ""},
      {"numa.nodes[].id", "int", "", ""},
      {"numa.nodes[].cpus", "list<int>", "", ""},
      {"sysctl", "map<string,string>", "", ""},
      {"disks", "list<map>", "", ""},
      {"disks[].name", "string", "", ""},
      {"disks[].rotational", "bool", "", ""},
  };
  static const SchemaIndex index = SchemaIndex::from_fields(kFields);
  return index;
}

inline RuleLibrary check(const std::string& text, bool lint = false) {
  CheckOptions o;
  o.schema = &test_schema();
  o.conflicts = lint;
  return build_library({{"t.vtr", text}}, o);
}

inline std::string codes(const RuleLibrary& lib) {
  std::string out;
  for (const Diagnostic& d : lib.diagnostics.items())
    out += d.code + "@" + std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + " ";
  return out;
}

}  // namespace vtune::lang::testing

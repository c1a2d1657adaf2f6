#pragma once
// Hosts for applier tests: a fixture snapshot with its facts, or an empty in-memory host,
// each with an ApplierSet over it.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "appliers/knob.h"
#include "appliers/registry.h"
#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/collect.h"

namespace vtune::test {

inline Knob knob(const std::string& text) {
  KnobParse p = parse_knob(text);
  REQUIRE_MESSAGE(p, p.error);
  return *p.knob;
}

struct FixtureHost {
  explicit FixtureHost(const std::string& name)
      : backend(VTUNE_FIXTURES_DIR "/hosts/" + name),
        facts(collect_facts(backend.host(), ProbeOptions{}, warnings)),
        set(ApplierContext{backend.fs(), backend.host().ethtool, facts}) {}
  HostBackend backend;
  Warnings warnings;
  Facts facts;
  ApplierSet set;
};

struct MemoryHost {
  MemoryHostFs fs;
  Facts facts = Json::object();
  std::unique_ptr<EthtoolPort> ethtool = make_snapshot_ethtool(fs);
  ApplierSet set{ApplierContext{fs, *ethtool, facts}};
};

}  // namespace vtune::test

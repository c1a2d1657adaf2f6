#pragma once
// Writable hosts for the write-side applier tests: a copy of a fixture snapshot in a
// temporary directory (the repository's fixtures are never written), or an in-memory host,
// each with an ApplierSet whose context has the write seams set.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "appliers/registry.h"
#include "engine/core/memory_host_fs.h"
#include "engine/facts/host_backend.h"
#include "probes/collect.h"

#include "tests/unit/temp_root.h"

namespace vtune::test {

// A fixture host copied to a temporary root (links kept as links), read through
// DiskHostFs and the snapshot ethtool port, writable.
struct WritableFixture {
  explicit WritableFixture(const std::string& name, void (*prepare)(const TempRoot&) = nullptr)
      : copied(copy(name, root, prepare)),
        backend(root.dir),
        facts(collect_facts(backend.host(), ProbeOptions{}, warnings)),
        ethtool(make_snapshot_ethtool(backend.fs())),
        set(ApplierContext{backend.fs(), *ethtool, facts, &backend.fs(), ethtool.get()}) {}

  const Applier& applier(KnobKind kind) const { return set.applier_for(kind); }

  TempRoot root;
  bool copied;
  HostBackend backend;
  Warnings warnings;
  Facts facts;
  std::unique_ptr<EthtoolPort> ethtool;
  ApplierSet set;

 private:
  static bool copy(const std::string& name, const TempRoot& root,
                   void (*prepare)(const TempRoot&)) {
    namespace fs = std::filesystem;
    fs::copy(VTUNE_FIXTURES_DIR "/hosts/" + name, root.dir,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    if (prepare) prepare(root);
    return true;
  }
};

// An in-memory host with the write seams set (MemoryHost in applier_test_hosts.h is the
// read-only one).
struct WritableMemoryHost {
  MemoryHostFs fs;
  Facts facts = Json::object();
  std::unique_ptr<EthtoolPort> ethtool = make_snapshot_ethtool(fs);
  ApplierSet set{ApplierContext{fs, *ethtool, facts, &fs, ethtool.get()}};
  const Applier& applier(KnobKind kind) const { return set.applier_for(kind); }
};

}  // namespace vtune::test

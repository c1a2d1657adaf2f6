#pragma once
// `vtune snapshot`: capture every file the probes read (plus the whole /proc/sys tree, so
// later audits can read any sysctl), the CPUID and ethtool answers, and a meta.json, into a
// root tree that `--root` reads back.
#include <string>
#include <vector>

#include "engine/core/result.h"
#include "engine/core/warnings.h"
#include "engine/facts/facts.h"

namespace vtune {

struct SnapshotRequest {
  std::string source_root = "/";  // normally the live host
  std::string out_dir;            // must exist and be empty
  std::vector<std::string> vmx_files;
  bool include_proc_sys = true;
};

struct SnapshotSummary {
  size_t entries = 0;  // files, directories and links written
  size_t sysctls = 0;  // /proc/sys files captured
  size_t nics = 0;     // ethtool states captured
  Facts facts;         // what the probes saw while capturing
};

Result<SnapshotSummary> take_snapshot(const SnapshotRequest& request, Warnings& warnings);

}  // namespace vtune

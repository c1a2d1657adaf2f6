#include "probes/snapshot.h"
#include "engine/facts/json_text.h"

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <functional>

#include "engine/facts/host_backend.h"
#include "engine/facts/recording_host_fs.h"
#include "probes/collect.h"
#include "vtune_version.h"

namespace vtune {
namespace {

// Reads every readable file under /proc/sys through the recorder. Write-only and
// per-request files fail to read and are skipped.
size_t capture_tree(const HostFs& fs, const std::string& dir, int depth) {
  if (depth > 12) return 0;
  Result<std::vector<DirEntry>> entries = fs.list_dir(dir);
  if (!entries) return 0;
  size_t n = 0;
  for (const DirEntry& e : *entries) {
    std::string child = dir + "/" + e.name;
    if (e.kind == EntryKind::Dir)
      n += capture_tree(fs, child, depth + 1);
    else if (e.kind == EntryKind::File && fs.read_file(child).ok())
      ++n;
  }
  return n;
}

std::string utc_now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

Result<void> write_json(HostFs& out, const std::string& path, const Facts& j) {
  return out.replace_file(path, dump_json(j, 2) + "\n", 0644);
}

}  // namespace

Result<SnapshotSummary> take_snapshot(const SnapshotRequest& request, Warnings& warnings) {
  auto recorder_owned = std::make_unique<RecordingHostFs>(make_disk_host_fs(request.source_root));
  RecordingHostFs* recorder = recorder_owned.get();
  HostBackend backend(request.source_root, std::move(recorder_owned));

  SnapshotSummary summary;
  ProbeOptions options{request.vmx_files};
  summary.facts = collect_facts(backend.host(), options, warnings);
  if (request.include_proc_sys) summary.sysctls = capture_tree(*recorder, "/proc/sys", 0);

  std::unique_ptr<HostFs> out = make_disk_host_fs(request.out_dir);
  Result<size_t> written = recorder->write_tree(*out);
  if (!written) return written.error();
  summary.entries = *written;

  if (Result<void> r = out->make_dirs("/.vtune/ethtool", 0755); !r) return r.error();
  const Host& host = backend.host();
  if (Result<void> r = write_json(*out, "/.vtune/cpuid.json", cpuid_to_json(host.cpuid.read())); !r)
    return r.error();
  if (summary.facts.contains("nics") && summary.facts["nics"].is_array()) {
    for (const Facts& nic : summary.facts["nics"]) {
      if (!nic.contains("name") || !nic["name"].is_string()) continue;
      std::string name = nic["name"].get<std::string>();
      Result<void> r = write_json(*out, "/.vtune/ethtool/" + name + ".json",
                                  ethtool_state_to_json(host.ethtool, name));
      if (!r) return r.error();
      ++summary.nics;
    }
  }
  Facts meta = {{"hostname", backend.live() ? hostname() : std::string()},
                {"captured_at", utc_now()},
                {"vtune_version", VTUNE_VERSION},
                {"source_root", request.source_root},
                {"kernel_release", summary.facts.value("/kernel/release"_json_pointer, Facts())}};
  if (Result<void> r = write_json(*out, "/.vtune/meta.json", meta); !r) return r.error();
  return summary;
}

}  // namespace vtune

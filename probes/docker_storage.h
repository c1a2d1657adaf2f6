#pragma once
// The parts of the docker probe that decide whether a daemon.json change is safe: is a
// daemon installed or running (not just the client), which flags its command line gives,
// which storage driver is configured, what data the other drivers already hold, swarm mode.
#include <string>
#include <vector>

#include "engine/core/processes.h"
#include "engine/facts/probe.h"

namespace vtune {

// Adds daemon_installed, daemon_running, daemon_unit and daemon_flags to `docker`.
// Returns the flags' daemon.json keys and values for the storage facts.
Facts dockerd_command_facts(const ProbeContext& ctx, const std::vector<ProcessInfo>& dockerds,
                            Facts& docker);

// Adds storage_driver, storage_driver_configured, data_root, storage_data,
// containerd_snapshotter, containerd_snapshot_data and swarm, from docker.daemon_json (and
// daemon_json_error) already in `docker` and the flags returned above.
void docker_storage_facts(const ProbeContext& ctx, const Facts& flags, Facts& docker);

}  // namespace vtune

#pragma once
// Checks a facts tree against the probes' schemas: every key must be documented and hold a
// value of the documented type (null is always allowed: it means "unknown").
#include <set>
#include <string>
#include <vector>

#include "engine/facts/facts.h"
#include "engine/facts/probe.h"

namespace vtune {

struct SchemaReport {
  std::vector<std::string> problems;  // "nics[].speed: expected rate, got string"
  std::set<std::string> seen_paths;   // schema paths that held a value
};

SchemaReport check_facts_schema(const Facts& facts, std::span<const Probe* const> probes);

// The documented type of a path ("nics[].ring.rx"), or nullptr.
const FactField* find_fact_field(std::span<const Probe* const> probes, std::string_view path);

// docs/facts.md and `vtune facts --schema`.
std::string render_facts_markdown(std::span<const Probe* const> probes);
Facts facts_schema_json(std::span<const Probe* const> probes);

}  // namespace vtune

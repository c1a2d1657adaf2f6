#pragma once
// Runs every registered probe, in registry order, into one facts tree.
#include "engine/facts/probe.h"

namespace vtune {

Facts collect_facts(const Host& host, const ProbeOptions& options, Warnings& warnings);

// The machine-readable document of `vtune facts --format json`:
// {"schema_version", "vtune_version", "root", "facts", "warnings": [{path, message}]}.
Facts facts_document(const Facts& facts, const Warnings& warnings, std::string_view root);

}  // namespace vtune

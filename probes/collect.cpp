#include "probes/collect.h"

#include <spdlog/spdlog.h>

#include "probes/probes.h"
#include "vtune_version.h"

namespace vtune {

Facts collect_facts(const Host& host, const ProbeOptions& options, Warnings& warnings) {
  Facts facts = Facts::object();
  ProbeContext ctx(host, options, warnings);
  for (const Probe* probe : all_probes()) {
    size_t before = warnings.items().size();
    probe->collect(ctx, facts);
    for (size_t i = before; i < warnings.items().size(); ++i)
      spdlog::debug("probe {}: {}: {}", probe->name, warnings.items()[i].path,
                    warnings.items()[i].message);
  }
  return facts;
}

Facts facts_document(const Facts& facts, const Warnings& warnings, std::string_view root) {
  Facts doc = Facts::object();
  doc["schema_version"] = kFactsSchemaVersion;
  doc["vtune_version"] = VTUNE_VERSION;
  doc["root"] = std::string(root);
  doc["facts"] = facts;
  Facts list = Facts::array();
  for (const Warning& w : warnings.items())
    list.push_back({{"path", w.path}, {"message", w.message}});
  doc["warnings"] = std::move(list);
  return doc;
}

}  // namespace vtune

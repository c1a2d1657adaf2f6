// The boot unit `vtune apply --persist` writes when the package's is missing must be the one
// the package installs (packaging/vtune-apply.service): the two copies cannot drift apart.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "appliers/persist_boot.h"

TEST_CASE("packaging: vtune-apply.service is the unit apply --persist writes") {
  std::ifstream in(std::string(VTUNE_SOURCE_DIR) + "/packaging/vtune-apply.service",
                   std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  CHECK(text.str() == std::string(vtune::boot_unit_text()));
}

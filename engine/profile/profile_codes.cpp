// The VT02xx codes: problems in profiles. Codes are stable; docs/profiles.md lists them.
#include "engine/core/diagnostics.h"

namespace vtune {
namespace {

constexpr DiagnosticCode kCodes[] = {
    {"VT0201", "profile is not valid TOML",
     "toml++ could not parse the file. The position is where the parser gave up; the mistake "
     "is often just before it (an unclosed string or bracket, a missing '=')."},
    {"VT0202", "profile not found",
     "A profile named on the command line or in an include list is not NAME.toml in any "
     "directory of the search path (--profiles DIR, /etc/vtune/profiles, $VTUNE_PROFILES_DIR, "
     "the installed share directory), or the file could not be read."},
    {"VT0203", "include cycle",
     "Profiles include each other in a loop. The message lists the loop; remove one of the "
     "includes. A local override may include the stock profile of its own name: that include "
     "looks only in the directories after the override's own."},
    {"VT0204", "unknown key or table",
     "The profile has a key or table this version does not know. Unknown keys are errors, not "
     "warnings, because a misspelt key would silently do nothing. The hint names the nearest "
     "known key."},
    {"VT0205", "wrong value type",
     "A profile key has the wrong TOML type, for example a string where a list of strings is "
     "expected (include = \"base\" instead of include = [\"base\"])."},
    {"VT0206", "missing or empty required value",
     "Every profile needs [profile] with a summary saying who it is for; every waiver needs a "
     "rule and a non-empty reason. Names in lists cannot be empty."},
    {"VT0207", "unknown parameter",
     "[params] sets a parameter no rule declares with `param`. The hint names the nearest "
     "declared parameter."},
    {"VT0208", "parameter value has the wrong type",
     "A [params] value does not match the type of the rule library's `param` declaration. "
     "Sizes take bytes or \"128MiB\", rates bit/s or \"10Gbit\", durations \"15s\", percentages "
     "\"5%\"; dates and times are never parameter values."},
    {"VT0209", "unknown rule id",
     "[rules] enable or disable, or a waiver's rule, names a rule id the library does not "
     "have. The hint names the nearest rule id."},
    {"VT0210", "tag selects no rule",
     "A tag under [rules] tags is carried by no rule in the library, so it selects nothing. "
     "It is a warning: the library may be older or newer than the profile."},
    {"VT0211", "bad waiver date",
     "A waiver's expires is not a date: a quoted string that is not YYYY-MM-DD, a date-time, "
     "or a number. Write a TOML date, expires = 2027-06-30. A day the month does not have "
     "(2027-02-30) is already a TOML syntax error (VT0201)."},
    {"VT0212", "waiver expired",
     "The waiver's expires date has passed, so the finding it covered is reported again. "
     "Renew it with a new date and a current reason, or remove it."},
    {"VT0213", "unknown benchmark",
     "[verify] benchmarks names a benchmark this version does not have. The ids are the "
     "bench registry's (vtune bench --list, docs/benchmarks.md): cpu.int, cpu.fp, mem.copy, "
     "mem.scale, mem.add, mem.triad, mem.latency, sys.syscall, sys.ctxswitch, net.tcp_rr, "
     "net.tcp_crr, net.tcp_stream, net.accept_burst, storage.randread4k, storage.randwrite4k, "
     "storage.seqread, storage.seqwrite."},
    {"VT0214", "bad verify setting",
     "[verify] max_regression must be a percentage string between 0% and 100% (\"5%\"); "
     "repetitions an integer from 3 to 1000, since fewer runs cannot separate a regression "
     "from noise."},
    {"VT0215", "profile name differs from file name",
     "Profiles are found and included by file name, so a [profile] name that differs from "
     "the file's name misleads. The name from the file is used."},
    {"VT0216", "duplicate or contradictory entry",
     "A name is listed twice in one list, or a rule is both enabled and disabled in the same "
     "file (disable wins)."},
    {"VT0217", "profile selects no rules",
     "No rule in the library has any of the profile's tags or is enabled by id, so the "
     "profile would do nothing."},
};

}  // namespace

const std::span<const DiagnosticCode> kProfileCodes{kCodes};

}  // namespace vtune

#pragma once
// The crash tests' failpoint: VTUNE_FAILPOINT=journal:K makes the process kill itself with
// SIGKILL right after the K-th journal record of this run has been appended durably
// (counted from 1, across every journal the process appends to). Unset, or any other
// value: no effect. A kill is as abrupt as a power cut after that record: no destructor,
// no flush, no unlock but the kernel's.
#include <optional>
#include <string_view>

namespace vtune {

// The K of "journal:K", or nullopt for anything else.
std::optional<long> parse_journal_failpoint(std::string_view spec);

// Called by Journal::append after each durable record; kills the process at the K-th.
void failpoint_after_journal_record();

}  // namespace vtune

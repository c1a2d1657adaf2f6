// Diagnostic codes for per-rule test cases (rules/tests/<rule-id>.json, docs/rule-tests.md):
// VT040x. Codes are stable: a retired code is never reused for another meaning.
#include "engine/core/diagnostics.h"

namespace vtune {
namespace {

constexpr DiagnosticCode kCodes[] = {
    {"VT0401", "a rule case file is not valid JSON",
     "The file could not be parsed as JSON at the position shown (a trailing comma, a comment, "
     "a missing quote or brace). Rule case files are strict JSON; fix the text at the position "
     "shown."},
    {"VT0402", "a rule case file is malformed",
     "The file is JSON but not the shape docs/rule-tests.md describes: one object with \"rule\" "
     "(the rule id, which is also the file's name) and \"cases\", a non-empty list of objects "
     "with \"name\", optional \"params\", \"facts\", \"files\" and \"exact\", and \"expect\", a "
     "list of expected items whose fields (state, knob, device, current, desired, "
     "message_contains) are strings. The message names the key that is wrong."},
    {"VT0403", "a rule case file names a rule the library does not have",
     "rules/tests/<rule-id>.json belongs to a rule that no longer exists or was renamed. "
     "Rename the file (and its \"rule\") with the rule, or delete it together with the rule. "
     "`vtune lint` warns; `vtune test-rules` fails the file."},
    {"VT0404", "a rule case's facts or params are invalid",
     "The case's facts fragment holds a key the facts schema does not document or a value of "
     "the wrong type (docs/facts.md), or its params name a parameter the rule library does "
     "not declare or give it a value of the wrong type. Such a case could pass without "
     "testing anything, so it fails. Fix the name or the value the message shows."},
    {"VT0405", "a rule case failed",
     "The rule's plan items on the case's facts differ from the case's \"expect\": an "
     "expectation matched no item (the message shows the nearest item and each field that "
     "differs, expected against actual), or the rule produced an item no expectation lists. "
     "Either the rule is wrong (fix the rule) or the expectation is (fix the case); read "
     "which before changing either."},
    {"VT0406", "a rule has no test cases",
     "Every rule should have a case file rules/tests/<rule-id>.json with at least one case "
     "where the rule applies and one where it does not (docs/rule-tests.md). `vtune lint` "
     "warns for each rule without one; the shipped library has a case file for every rule."},
};

}  // namespace

const std::span<const DiagnosticCode> kRuleCaseCodes{kCodes};

}  // namespace vtune

// The rule language's diagnostic codes (VT01xx). Codes are stable: never renumber or reuse
// one; retire a code by leaving its entry with a note. docs/rule-language.md lists them (a
// unit test keeps the two in step).
#include "engine/core/diagnostics.h"

namespace vtune {
namespace {
constexpr DiagnosticCode kCodes[] = {
    {"VT0101", "syntax error",
     "The file does not follow the grammar of the rule language. The message says what was "
     "expected at the marked position. See docs/rule-language.md for the grammar."},
    {"VT0102", "nesting too deep",
     "An expression nests parentheses, 'not' or unary '-' too deeply, or one expression is "
     "extremely long. The limit protects the parser and evaluator; split the expression with "
     "'let' declarations."},
    {"VT0103", "invalid literal",
     "A number, quantity or string literal cannot be used: an integer out of range, a quantity "
     "that is not a whole number of base units (0.5B), an unknown escape, or interpolation "
     "('{...}') in a place that needs constant text such as a rule title or a key."},
    {"VT0104", "unknown fact or name",
     "A name is not a fact root, a let or a loop variable, or a fact path names a key its map "
     "does not have according to the probes' schema. Fact names come only from the probes "
     "(vtune facts --format json, docs/facts.md). The hint suggests the closest known name."},
    {"VT0105", "unknown param",
     "param.NAME refers to a parameter no file declares. Declare it at top level with "
     "'param NAME = <default literal>'."},
    {"VT0106", "type mismatch",
     "An operation gets operands of types it cannot combine: comparing a size with a string, "
     "adding a rate to a size, 'and' on a number, a non-bool 'when'/'where'/'check', a map "
     "value in a setting. Quantities compare only with quantities of the same kind (size, "
     "rate, duration, percent) or plain numbers in base units."},
    {"VT0107", "unknown function",
     "A call names a function that is not built in. The built-ins are min max clamp len "
     "contains matches cpumask cpulist cpus_of local_cpus int str range ints, and the quantifiers "
     "any all count."},
    {"VT0108", "wrong number of arguments",
     "A built-in function is called with too few or too many arguments."},
    {"VT0109", "duplicate rule id",
     "Two rules share an id. Rule ids are global across all files; profiles, waivers and "
     "reports refer to rules by id."},
    {"VT0110", "duplicate declaration",
     "A let or param name is declared twice (lets and params share one namespace across all "
     "files), or it hides a fact root of the same name."},
    {"VT0111", "let cycle",
     "Lets refer to each other in a cycle (a = b, b = a). Lets are macros expanded where "
     "used, so a cycle has no value."},
    {"VT0112", "unused let", "A let is declared but no rule or other let uses it (a warning)."},
    {"VT0113", "invalid sysctl key",
     "A 'set sysctl' key must be a dotted lowercase name: letters, digits, '_', '-' and '.', "
     "without '..' or a leading or trailing dot, as in \"net.core.rmem_max\"."},
    {"VT0114", "invalid sysfs path",
     "A 'set sysfs' path must be absolute, under /sys/, and must not contain \"..\". Values "
     "interpolated into the path are checked again when the rule is evaluated."},
    {"VT0115", "unknown setting kind",
     "'set' names a kind of setting vtune has no applier for. The kinds are sysctl, sysfs, "
     "ethtool(...).ring/coalesce/channels/feature, irq_affinity, rps, rps_flow, xps, "
     "daemon_json, modprobe and vmx."},
    {"VT0116", "repeated rule clause",
     "A rule gives an attribute (severity, tags, ...) or its 'when' clause more than once. "
     "Combine the conditions with 'and'."},
    {"VT0117", "not a list",
     "'for' or a quantifier (any/all/count) iterates over something that is not a list."},
    {"VT0118", "invalid regular expression",
     "The pattern of matches() must be a string literal holding a valid ECMAScript regular "
     "expression."},
    {"VT0119", "param default is not a literal",
     "A param's default must be a literal: a bool, number, quantity, string, or a list of "
     "literals of one kind. Its type is the type profiles must give."},
    {"VT0120", "conflicting settings",
     "Two rules set the same knob to different values, their conditions can hold together, "
     "and they have the same priority, so which one wins would depend on order. Give one a "
     "higher 'priority', or make their conditions exclusive (e.g. virt.hypervisor == "
     "\"kvm\" in one and == \"vmware\" in the other)."},
    {"VT0121", "(reserved)", "Reserved; not reported."},
    {"VT0122", "not a value of an enum fact",
     "A string compared with an enum fact (for example virt.hypervisor) is not one of the "
     "values the probe can produce, so the comparison can never be true (a warning)."},
    {"VT0123", "fact root without schema",
     "A fact root the language knows has no schema declared by any probe yet, so paths under "
     "it are not type-checked (a warning)."},
    {"VT0124", "variable hides a name",
     "A loop or quantifier variable has the name of a fact root, a let or an enclosing "
     "variable. Pick another name."},
    {"VT0125", "rule does nothing",
     "A rule has no 'set', 'advise' or 'check' statement, so it can never produce a result."},
    {"VT0126", "invalid .vmx key",
     "A vmx(...) setting names a key with characters a .vmx file does not use. Keys are "
     "letters, digits and . : _ -, such as \"ethernet0.virtualDev\" or \"scsi0:1.virtualSSD\"; "
     "interpolated parts (\"ethernet{e.index}.virtualDev\") are checked when evaluated."},
    {"VT0127", "bound on a value that is not numeric",
     "A floor (>=), a ceiling (<=) or a range (covers) compares numbers element by element: "
     "its value must be an int, a quantity or a list of them (covers: a list [low, high]), "
     "and its knob one with a numeric value (a sysctl, a sysfs attribute, an ethtool ring, "
     "channel or coalesce field, rps_flow, a module parameter or a daemon.json number). "
     "Feature flags, CPU masks and .vmx keys take exact values only (=)."},
};
}  // namespace

const std::span<const DiagnosticCode> kLangCodes{kCodes};

}  // namespace vtune

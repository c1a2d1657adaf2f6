// Diagnostic codes for host input files: VT030x for Docker's daemon.json, VT031x for VMware
// .vmx files. Codes are stable: a retired code is never reused for another meaning.
#include "engine/core/diagnostics.h"

namespace vtune {
namespace {

constexpr DiagnosticCode kCodes[] = {
    {"VT0301", "daemon.json is not valid JSON",
     "The Docker daemon configuration file could not be parsed as JSON at the position shown. "
     "dockerd reads it with a strict JSON decoder, so it would refuse to start (or to reload) "
     "with this file: comments, trailing commas, single quotes and unquoted keys are all "
     "errors. Fix the text at the position shown, then check the file with `dockerd "
     "--validate --config-file <file>`. vtune will not plan changes to daemon.json until it "
     "parses."},
    {"VT0302", "daemon.json is not a JSON object",
     "The file is valid JSON but its top level is an array, a string, a number, a boolean or "
     "null. dockerd expects one object whose keys are daemon options, for example "
     "{\"log-driver\": \"json-file\", \"storage-driver\": \"overlay2\"}. Wrap the options in "
     "braces, or remove the file to let dockerd use its defaults."},
    {"VT0303", "daemon.json nests too deeply",
     "The file nests objects or arrays more deeply than any dockerd option does (vtune stops "
     "at 64 levels). This is almost always a corrupted or generated-by-mistake file. Restore "
     "it from a backup or rewrite it by hand."},
    {"VT0311", "malformed line in a .vmx file",
     "Each line of a VMware .vmx file is either blank, a comment starting with '#', or an "
     "entry of the form `key = \"value\"`. This line is none of those: a missing '=', an "
     "unterminated quote, or text after the closing quote. VMware may refuse to power on the "
     "VM or silently drop the line. vtune ignores the line and will not rewrite it; fix it "
     "with the VM powered off, keeping a copy of the original file."},
    {"VT0312", "duplicate key in a .vmx file",
     "The same key (compared without regard to case, as VMware does) is set on more than one "
     "line. Only one value takes effect, and which one is easy to misjudge. vtune reports the "
     "last one and, when it changes the key, changes every line that sets it. Remove the "
     "extra lines with the VM powered off."},
    {"VT0390", "file is not valid UTF-8",
     "vtune reads rule files (.vtr), profiles (.toml) and the other text it loads as user "
     "input as UTF-8, and refuses a file with a byte that is not part of a well-formed UTF-8 "
     "character (for example 0xFF, or a Latin-1 accented letter). Such a byte would be copied "
     "into plans, JSON, JUnit XML and terminal output, where it is invalid or unsafe. The "
     "position shown is the first such byte. Convert the file, e.g. `iconv -f LATIN1 -t UTF-8 "
     "FILE > FILE.new`, or retype the character. (Host files such as sysctl values are not "
     "rejected: their bytes are escaped in output, see docs/output-formats.md.)"},
};

}  // namespace

const std::span<const DiagnosticCode> kInputCodes{kCodes};

}  // namespace vtune

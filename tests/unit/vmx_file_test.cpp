#include <doctest/doctest.h>

#include "probes/vmx_file.h"

using namespace vtune;

namespace {

// Odd but legal layout: comments, blank lines, no spaces around '=', tabs, a trailing
// comment, an unquoted value, CRLF on one line, and no newline at the end.
constexpr std::string_view kOdd =
    ".encoding = \"UTF-8\"\n"
    "# VM: web01\n"
    "\n"
    "numVCPUs=\"4\"\n"
    "\tmemSize   =  \"8192\"   # 8 GiB\n"
    "ethernet0.virtualDev = \"e1000\"\r\n"
    "   \n"
    "cpuid.coresPerSocket = 4\n"
    "annotation = \"say |22hi|22|0Aand |7C pipe\"\n"
    "guestOS = \"debian12-64\"";

VmxFile parse_ok(std::string_view text) {
  VmxParse p = VmxFile::parse(text, "t.vmx");
  CHECK(p.diagnostics.empty());
  return std::move(p.file);
}

}  // namespace

TEST_CASE("vmx: render reproduces the original bytes") {
  VmxFile f = parse_ok(kOdd);
  CHECK(f.render() == kOdd);
  CHECK(parse_ok("").render().empty());
  CHECK(parse_ok("\n\n").render() == "\n\n");
  CHECK(parse_ok("a = \"1\"\r\nb = \"2\"\r\n").render() == "a = \"1\"\r\nb = \"2\"\r\n");
  // Malformed lines are kept too.
  VmxParse bad = VmxFile::parse("a = \"1\"\nthis is not vmx\nb = \"2\n", "t.vmx");
  CHECK(bad.file.render() == "a = \"1\"\nthis is not vmx\nb = \"2\n");
}

TEST_CASE("vmx: keys are looked up without case and values are decoded") {
  VmxFile f = parse_ok(kOdd);
  CHECK(f.get("numvcpus") == "4");
  CHECK(f.get("NUMVCPUS") == "4");
  CHECK(f.get("memsize") == "8192");
  CHECK(f.get("ethernet0.virtualdev") == "e1000");
  CHECK(f.get("cpuid.corespersocket") == "4");
  CHECK(f.get("annotation") == "say \"hi\"\nand | pipe");
  CHECK(f.get(".encoding") == "UTF-8");
  CHECK_FALSE(f.get("scsi0.virtualDev"));
  std::vector<VmxEntry> e = f.entries();
  REQUIRE(e.size() == 7);
  CHECK(e[1].key == "numVCPUs");
  CHECK(e[1].line == 4);
  CHECK(e[6].key == "guestOS");
  CHECK(e[6].line == 10);
}

TEST_CASE("vmx: set() replaces a value in place and touches nothing else") {
  VmxFile f = parse_ok(kOdd);
  REQUIRE(f.set("ETHERNET0.VIRTUALDEV", "vmxnet3"));
  std::string expected(kOdd);
  expected.replace(expected.find("\"e1000\""), 7, "\"vmxnet3\"");
  CHECK(f.render() == expected);
  CHECK(f.get("ethernet0.virtualDev") == "vmxnet3");

  // The spacing and the trailing comment of the line survive.
  REQUIRE(f.set("memsize", "16384"));
  CHECK(f.render().find("\tmemSize   =  \"16384\"   # 8 GiB\n") != std::string::npos);

  // An unquoted value stays unquoted when it can, and gains quotes when it must.
  REQUIRE(f.set("cpuid.coresPerSocket", "2"));
  CHECK(f.render().find("\ncpuid.coresPerSocket = 2\n") != std::string::npos);
  REQUIRE(f.set("cpuid.coresPerSocket", "two words"));
  CHECK(f.render().find("\ncpuid.coresPerSocket = \"two words\"\n") != std::string::npos);
  CHECK(f.get("cpuid.corespersocket") == "two words");
  REQUIRE(f.set("cpuid.coresPerSocket", "4"));
  CHECK(f.render().find("\ncpuid.coresPerSocket = \"4\"\n") != std::string::npos);

  // Special characters are written the way VMware writes them.
  REQUIRE(f.set("annotation", "a \"b\" | c"));
  CHECK(f.render().find("annotation = \"a |22b|22 |7C c\"\n") != std::string::npos);
  CHECK(f.get("annotation") == "a \"b\" | c");
}

TEST_CASE("vmx: set() of a new key appends one line") {
  VmxFile f = parse_ok(kOdd);
  REQUIRE(f.set("scsi0.virtualDev", "pvscsi"));
  // The file had no final newline: the last line gains one, then the new line follows.
  CHECK(f.render() == std::string(kOdd) + "\nscsi0.virtualDev = \"pvscsi\"\n");
  CHECK(f.get("SCSI0.virtualdev") == "pvscsi");

  VmxFile crlf = parse_ok("a = \"1\"\r\n");
  REQUIRE(crlf.set("b", "2"));
  CHECK(crlf.render() == "a = \"1\"\r\nb = \"2\"\r\n");

  VmxFile empty = parse_ok("");
  REQUIRE(empty.set("numvcpus", "2"));
  CHECK(empty.render() == "numvcpus = \"2\"\n");
  REQUIRE(empty.set("numvcpus", "8"));
  CHECK(empty.render() == "numvcpus = \"8\"\n");

  CHECK_FALSE(empty.set("bad key", "x"));
  CHECK_FALSE(empty.set("", "x"));
  CHECK_FALSE(empty.set("a=b", "x"));
  CHECK(empty.render() == "numvcpus = \"8\"\n");
}

TEST_CASE("vmx: malformed lines are VT0311 with line and column") {
  VmxParse p = VmxFile::parse(
      "numvcpus = \"4\"\n"
      "memSize = \"8192\n"                // unterminated quote
      "guestOS \"debian12-64\"\n"         // no '='
      "ethernet0.present = \"TRUE\" x\n"  // text after the value
      "scsi0.present =\n"                 // no value
      "= \"x\"\n",                        // no key
      "/vmfs/web01.vmx");
  const auto& d = p.diagnostics.items();
  REQUIRE(d.size() == 5);
  for (const Diagnostic& x : d) {
    CHECK(x.code == "VT0311");
    CHECK(x.severity == Severity::Error);
    CHECK(x.span.file == "/vmfs/web01.vmx");
  }
  CHECK(d[0].span.line == 2);
  CHECK(d[0].span.column == 11);
  CHECK(d[0].message == "unterminated quoted value");
  CHECK(d[1].span.line == 3);
  CHECK(d[1].span.column == 9);
  CHECK(d[1].message == "expected '=' after the key 'guestOS'");
  CHECK(d[2].span.line == 4);
  CHECK(d[2].span.column == 28);
  CHECK(d[3].span.line == 5);
  CHECK(d[3].message == "missing value after '='");
  CHECK(d[4].span.line == 6);
  CHECK(d[4].span.column == 1);
  // The good line is still an entry; the bad ones are not.
  CHECK(p.file.get("numvcpus") == "4");
  CHECK_FALSE(p.file.get("memsize"));
  CHECK(p.file.entries().size() == 1);
}

TEST_CASE("vmx: a repeated key is a VT0312 warning; the last wins, set() changes all") {
  VmxParse p = VmxFile::parse("numvcpus = \"2\"\nmemsize = \"1024\"\nNumVcpus = \"4\"\n", "t.vmx");
  REQUIRE(p.diagnostics.items().size() == 1);
  const Diagnostic& d = p.diagnostics.items()[0];
  CHECK(d.code == "VT0312");
  CHECK(d.severity == Severity::Warning);
  CHECK(d.span.line == 3);
  CHECK(d.message == "duplicate key 'NumVcpus' (first set on line 1)");
  CHECK(p.file.get("numvcpus") == "4");
  REQUIRE(p.file.set("numvcpus", "8"));
  CHECK(p.file.render() == "numvcpus = \"8\"\nmemsize = \"1024\"\nNumVcpus = \"8\"\n");
}

TEST_CASE("vmx: value encoding round trip") {
  CHECK(encode_vmx_value("plain") == "plain");
  CHECK(encode_vmx_value("a\"b|c\nd") == "a|22b|7Cc|0Ad");
  CHECK(decode_vmx_value("a|22b|7cc|0Ad") == "a\"b|c\nd");
  CHECK(decode_vmx_value("|zz|") == "|zz|");  // not an escape: kept
  std::string all;
  for (int c = 1; c < 256; ++c) all += static_cast<char>(c);
  CHECK(decode_vmx_value(encode_vmx_value(all)) == all);
}

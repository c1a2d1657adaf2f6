#!/usr/bin/perl
# Validates a JSON document against a JSON Schema (draft-07) with JSON::Validator
# (Debian: libjson-validator-perl). Usage: validate_json.pl SCHEMA DOCUMENT
# Prints one line per error ("/json/pointer: message") and exits 1 when the document is
# invalid, 2 when either file cannot be read or parsed.
use strict;
use warnings;
use JSON::Validator;
use Mojo::JSON qw(decode_json);
use Mojo::File qw(path);

if (@ARGV != 2) {
  print STDERR "usage: $0 SCHEMA DOCUMENT\n";
  exit 2;
}
my ($schema_file, $doc_file) = @ARGV;

my $doc = eval { decode_json(path($doc_file)->slurp) };
if (!defined $doc) {
  my $why = $@ || "empty document";
  print STDERR "$doc_file: not JSON: $why";
  exit 2;
}

my $jv = JSON::Validator->new;
# Local files only: the schemas' $id values are not fetched.
$jv->ua->max_redirects(0);
eval { $jv->schema("file://" . path($schema_file)->to_abs) };
if ($@) {
  print STDERR "$schema_file: bad schema: $@";
  exit 2;
}

my @errors = $jv->validate($doc);
for my $e (@errors) {
  print "$doc_file: $e\n";
}
exit(@errors ? 1 : 0);

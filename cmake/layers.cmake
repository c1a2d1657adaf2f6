# The engine's layers, lowest first. Data flows one way: each layer is a static library that
# links only the layer below it (and so, transitively, everything under that), and
# cmake/check_layers.cmake fails the build when a file includes a header from a layer above
# its own. A call against the flow therefore fails twice: at the include check, and at link
# time, since a lower library never sees an upper one.
#
# Each entry is NAME=DIRECTORY. bench/ needs only core and facts, and sits low so that the
# profile validator can read its registry table; verify/ (verified apply) sits above txn.
set(VTUNE_LAYERS
  core=engine/core
  facts=engine/facts
  probes=probes
  bench=bench
  appliers=appliers
  lang=engine/lang
  profile=engine/profile
  plan=engine/plan
  txn=engine/txn
  verify=engine/verify
  rulecheck=engine/rulecheck
  report=engine/report
  audit=engine/audit
  cli=engine/cli)

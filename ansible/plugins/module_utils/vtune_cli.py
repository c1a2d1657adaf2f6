# -*- coding: utf-8 -*-
# Copyright: vtune contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running the vtune binary from a module: find it, build the common arguments, run it
without a shell (module.run_command with a list) and parse its one JSON document."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

# docs/exit-codes.md: what each exit code of apply/rollback/plan/check means, for messages.
EXIT_MEANINGS = {
    1: "error",
    2: "drift (or, for rollback, items left alone because they changed since vtune wrote them)",
    3: "invalid input: the rules or the profile have errors; nothing was evaluated or changed",
    4: "incomplete audit: some items are unknown (not checkable here)",
    5: "a write failed or read back wrong; everything written was rolled back",
    6: "another vtune holds the lock",
    7: "an unfinished transaction exists (run vtune rollback or vtune confirm)",
    8: "the rollback after a failure did not complete: the host is partly changed",
    9: "verification rolled the change back",
}


def binary_path(module):
    """The vtune executable: an absolute path as given, else looked up on PATH."""
    binary = module.params['binary']
    if os.path.isabs(binary):
        if not os.access(binary, os.X_OK):
            module.fail_json(msg="vtune binary %s is not executable" % binary)
        return binary
    return module.get_bin_path(binary, required=True)


def host_args(params):
    """--root, which every command takes (the live host when unset)."""
    return ['--root', params['root']] if params.get('root') else []


def library_args(params):
    """Where the rules and profiles come from (the binary's defaults when unset)."""
    args = []
    for d in params.get('rules_dirs') or []:
        args += ['--rules', d]
    if params.get('profiles_dir'):
        args += ['--profiles', params['profiles_dir']]
    return args


def state_args(params):
    return ['--state-dir', params['state_dir']] if params.get('state_dir') else []


def run_json(module, argv):
    """Runs argv (a list: no shell) with NO_COLOR; returns (rc, document or None, stdout,
    stderr). The document is None when stdout is not one JSON object."""
    rc, out, err = module.run_command(argv, environ_update={'NO_COLOR': '1'})
    doc = None
    try:
        parsed = json.loads(out) if out.strip() else None
        if isinstance(parsed, dict):
            doc = parsed
    except ValueError:
        doc = None
    return rc, doc, out, err


def failure_message(command, rc, doc, err):
    """One line for a failed task: the exit code's meaning, then vtune's own words."""
    said = (doc or {}).get('message') or err.strip().replace('\n', '; ')
    meaning = EXIT_MEANINGS.get(rc, 'unexpected exit code')
    msg = "vtune %s exited %d (%s)" % (command, rc, meaning)
    return msg + (": " + said if said else "")


def value_text(value):
    """A value as the text plan prints it: lists space-separated, booleans true/false,
    no value '-'."""
    if value is None:
        return '-'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, list):
        return ' '.join(value_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def settings_diff(pairs, header):
    """Ansible's diff for settings: one 'knob = value' line per setting, before and after.
    pairs: (knob, before, after) in the order vtune reported them."""
    before = ''.join('%s = %s\n' % (pair[0], value_text(pair[1])) for pair in pairs)
    after = ''.join('%s = %s\n' % (pair[0], value_text(pair[2])) for pair in pairs)
    return {'before': before, 'after': after,
            'before_header': header + ' (before)', 'after_header': header + ' (after)'}

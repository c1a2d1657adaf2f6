#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vtune contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: vtune
short_description: Check a host against a vtune tuning profile, apply it, or roll it back
version_added: "0.1.0"
description:
  - Runs the installed C(vtune) binary (never through a shell) with JSON output and reports
    its result as a task result.
  - With I(state=checked) it audits the host (C(vtune check)). It never changes anything and
    always returns C(changed=false); it fails when a setting drifts from the profile and is
    not waived (or only warns, with I(warn_on_drift)).
  - With I(state=applied) it applies the profile's changes as one journaled transaction
    (C(vtune apply --yes)). A host that already has every setting reports C(changed=false)
    and nothing is written, so a second run is a no-op.
  - With I(state=rolled_back) it undoes a transaction (C(vtune rollback --yes)).
  - In check mode I(state=applied) runs the same planning as apply, as C(vtune apply --dry-run),
    and changes nothing; C(changed) then means "would change". I(state=checked) is read-only
    and runs in check mode exactly as without it.
  - In diff mode the diff lists, for each setting, its value before and after (for
    I(state=checked), the current and the desired value of each drifting setting).
options:
  state:
    description:
      - C(checked) audits, C(applied) applies the profile, C(rolled_back) undoes a transaction.
    type: str
    choices: [checked, applied, rolled_back]
    default: checked
  profile:
    description:
      - A profile name (C(vtune profiles) lists them) or the path of a profile C(.toml) file.
      - Required with I(state=checked) and I(state=applied).
    type: str
  persist:
    description:
      - Also persist the settings at commit (sysctl.d, udev rules, the boot unit), as
        C(vtune apply --persist). Only with I(state=applied).
      - In check mode the persistence files are previewed, as C(vtune apply --dry-run --persist).
        C(persisted) lists the files and links a real run would write, and a run whose only work
        would be to rewrite them reports C(changed=true).
    type: bool
    default: false
  verify:
    description:
      - C(true) passes C(--verify) (benchmark before and after, roll back if worse), C(false)
        passes C(--no-verify). Unset, neither flag is passed and the profile decides.
      - Needs a vtune whose apply has these flags; an older one refuses them (exit 1).
    type: bool
  confirm_within:
    description:
      - Commit-confirmed apply, C(vtune apply --confirm-within SECONDS). The change is rolled back
        after that many seconds unless C(vtune confirm) runs first.
    type: int
  warn_on_drift:
    description:
      - With I(state=checked), report drift that is not waived as a warning instead of failing
        the task.
    type: bool
    default: false
  transaction:
    description:
      - With I(state=rolled_back), the transaction id to undo (C(vtune history) lists them).
        Unset, the newest transaction still on the host is undone.
    type: str
  force:
    description:
      - With I(state=rolled_back), also restore values someone changed since vtune wrote them
        (C(vtune rollback --force)).
    type: bool
    default: false
  root:
    description:
      - Audit or change a host tree at this path instead of the live host (C(--root)); for
        snapshots and tests.
    type: path
  state_dir:
    description:
      - Keep vtune's lock and journal in this directory instead of C(/var/lib/vtune)
        (C(--state-dir)).
    type: path
  rules_dirs:
    description:
      - Rule files or directories to load instead of the installed rule library (C(--rules),
        repeated).
    type: list
    elements: path
  profiles_dir:
    description:
      - Look for profiles in this directory first (C(--profiles)).
    type: path
notes:
  - Exit codes follow the vtune documentation (docs/exit-codes.md). Invalid rules or profile
    (3), a held lock (6), an unfinished transaction (7), a change rolled back after a failure
    (5, 8) or by verification (9) fail the task with vtune's message.
  - Plan items in state C(error) fail I(state=checked); C(unknown) items (not checkable here)
    give a warning. With I(state=applied), the items apply never writes (errors, unknown
    items, advisories) are returned in C(not_applied), and errors also give a warning.
  - Supports check mode and diff mode.
extends_documentation_fragment:
  - vtune.host.vtune
author:
  - vtune contributors (@vtune)
'''

EXAMPLES = r'''
- name: Audit the host against the web profile (fails on drift)
  vtune.host.vtune:
    state: checked
    profile: high-concurrency-web

- name: Audit, but only warn on drift
  vtune.host.vtune:
    profile: high-concurrency-web
    warn_on_drift: true
  register: audit

- name: Apply the profile and make it survive a reboot
  vtune.host.vtune:
    state: applied
    profile: high-concurrency-web
    persist: true

- name: Apply, rolled back in 5 minutes unless confirmed
  vtune.host.vtune:
    state: applied
    profile: high-concurrency-web
    confirm_within: 300

- name: Undo the last transaction
  vtune.host.vtune:
    state: rolled_back
'''

RETURN = r'''
compliant:
  description: With I(state=checked), whether the host is compliant (C(vtune check) exit 0).
  returned: state is checked
  type: bool
  sample: false
exit_code:
  description:
    - The exit code of vtune (docs/exit-codes.md). Not named C(rc), since Ansible fails any
      task whose C(rc) is not 0, and drift (2) with I(warn_on_drift) is not a failure.
  returned: always
  type: int
  sample: 2
outcome:
  description:
    - What vtune did. C(checked) for an audit; for apply C(applied), C(nothing_to_do),
      C(dry_run) (check mode), C(rolled_back) or C(refused); for rollback C(rolled_back) or
      C(nothing_to_do), or C(would_roll_back) in check mode.
  returned: always
  type: str
  sample: applied
summary:
  description:
    - For I(state=checked), the plan's counts (total, compliant, change, advisory, waived,
      not_applicable, error, unknown). For I(state=applied), the counts of the apply
      (applied, failed, rolled_back, skipped).
  returned: when vtune produced a report
  type: dict
  sample: {"total": 41, "compliant": 30, "change": 6, "advisory": 2, "waived": 1,
           "not_applicable": 2, "error": 0, "unknown": 0}
items:
  description:
    - For I(state=checked), every plan item of C(vtune check --format json) (state, rule,
      knob, current, desired, waiver, message...). For I(state=applied), the change items
      (rule, knob, target, before, after, state, message). For I(state=rolled_back), the
      items of every transaction rolled back (knob, before, current, written, state).
  returned: when vtune produced a report
  type: list
  elements: dict
  sample: [{"rule": "net.n2-somaxconn", "knob": "sysctl:net.core.somaxconn",
            "before": "4096", "after": "65535", "state": "applied"}]
drift:
  description: With I(state=checked), one line per drifting setting that is not waived.
  returned: state is checked
  type: list
  elements: str
  sample: ["sysctl:net.core.somaxconn: 4096 -> 65535 [net.n2-somaxconn]"]
not_applied:
  description: With I(state=applied), the plan items apply never writes (error, unknown, advisory).
  returned: state is applied
  type: list
  elements: dict
  sample: [{"rule": "net.n3-qdisc-fq", "knob": null, "state": "advisory", "message": "..."}]
transaction:
  description: The journal id of the transaction (C(vtune history)); null when none was begun.
  returned: state is applied
  type: str
  sample: 20260512-101530.123-4242
persisted:
  description: The persistence files written (I(persist=true)).
  returned: state is applied
  type: list
  elements: str
  sample: ["/etc/sysctl.d/90-vtune.conf"]
notes:
  description: vtune's notes (what makes a value take effect, persistence).
  returned: state is applied
  type: list
  elements: str
  sample: []
awaiting_confirm_until:
  description: With I(confirm_within), the deadline (ISO 8601, UTC) before which C(vtune confirm) must run.
  returned: state is applied
  type: str
  sample: "2026-05-12T10:20:30Z"
verification:
  description: The verification report of C(vtune apply --verify), null when not verified.
  returned: state is applied and vtune reports it
  type: dict
  sample: null
transactions:
  description: With I(state=rolled_back), the transactions rolled back, each with its items.
  returned: state is rolled_back
  type: list
  elements: dict
  sample: [{"id": "20260512-101530.123-4242", "state": "committed", "complete": true, "items": []}]
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vtune.host.plugins.module_utils.vtune_cli import (
    binary_path, host_args, library_args, state_args, run_json, failure_message, value_text,
    settings_diff)

# The history states of a transaction whose changes are still on the host (docs/apply.md).
ON_HOST_STATES = ('open', 'committed', 'awaiting_confirm', 'confirmed', 'rolling_back')


def fail(module, command, rc, doc, err, **extra):
    extra['exit_code'] = rc
    module.fail_json(msg=failure_message(command, rc, doc, err), stderr=err, **extra)


def checked(module, vtune):
    p = module.params
    argv = [vtune, 'check', '--profile', p['profile'], '--format', 'json']
    argv += library_args(p) + host_args(p)
    rc, doc, out, err = run_json(module, argv)
    if doc is None or rc not in (0, 1, 2, 4):
        fail(module, 'check', rc, doc, err)
    items = doc.get('items', [])
    drifting = [i for i in items if i.get('state') == 'change']
    errors = [i for i in items if i.get('state') == 'error']
    unknown = [i for i in items if i.get('state') == 'unknown']
    result = dict(changed=False, compliant=rc == 0, exit_code=rc, outcome='checked',
                  profile=doc.get('profile'), summary=doc.get('summary', {}), items=items,
                  drift=['%s: %s -> %s [%s]' % (i['knob'], value_text(i.get('current')),
                                                value_text(i.get('desired')), i['rule'])
                         for i in drifting])
    if module._diff:
        result['diff'] = settings_diff(
            [(i['knob'], i.get('current'), i.get('desired')) for i in drifting],
            'vtune check %s' % p['profile'])
    for i in unknown:
        what = i.get('knob') or i['rule']
        module.warn('unknown (not checkable here): %s: %s' % (what, i.get('message', '')))
    if errors:
        module.fail_json(msg='%d item(s) could not be read or validated: %s' % (
            len(errors), '; '.join('%s: %s' % (i.get('knob') or i['rule'], i.get('message', ''))
                                   for i in errors)), **result)
    if rc == 1:  # an error without an error item: the report is not to be trusted
        fail(module, 'check', rc, doc, err, **result)
    if drifting:
        msg = '%d setting(s) drift from profile %s: %s' % (
            len(drifting), p['profile'], '; '.join(result['drift']))
        if not p['warn_on_drift']:
            module.fail_json(msg=msg, **result)
        module.warn(msg)
    module.exit_json(**result)


def history(module, vtune):
    """The transactions of vtune history, oldest first (read-only)."""
    p = module.params
    rc, doc, out, err = run_json(module, [vtune, 'history', '--format', 'json'] +
                                 state_args(p) + host_args(p))
    if doc is None:
        fail(module, 'history', rc, doc, err)
    return doc.get('transactions', [])


def applied(module, vtune):
    p = module.params
    argv = [vtune, 'apply', '--profile', p['profile'], '--format', 'json']
    argv += library_args(p) + state_args(p) + host_args(p)
    if p['persist']:
        argv.append('--persist')
    if module.check_mode:
        argv.append('--dry-run')
    else:
        argv.append('--yes')
        if p['confirm_within']:
            argv += ['--confirm-within', str(p['confirm_within'])]
        if p['verify'] is not None:
            argv.append('--verify' if p['verify'] else '--no-verify')
    rc, doc, out, err = run_json(module, argv)
    result = dict(exit_code=rc, changed=bool((doc or {}).get('changed')))
    if doc is not None:
        for key in ('outcome', 'transaction', 'items', 'summary', 'not_applied', 'persisted',
                    'notes', 'awaiting_confirm_until', 'verification'):
            if key in doc:
                result[key] = doc[key]
    if rc != 0 or doc is None:
        fail(module, 'apply', rc, doc, err, **result)
    # In check mode the dry run lists exactly the items apply would write (state "skipped"),
    # its `changed` counts the persisted files it would write too, and it refuses an
    # unfinished transaction (exit 7) as apply does.
    items = doc.get('items', [])
    if not module.check_mode:
        items = [i for i in items if i.get('state') == 'applied']
    for i in doc.get('not_applied', []):
        if i.get('state') == 'error':
            module.warn('not applied (error): %s: %s' % (i.get('knob') or i.get('rule'),
                                                         i.get('message', '')))
    if module._diff:
        result['diff'] = settings_diff([(i['knob'], i.get('before'), i.get('after'))
                                        for i in items], 'vtune apply %s' % p['profile'])
    module.exit_json(**result)


def would_roll_back(module, vtune):
    """Check mode: which transaction a rollback would undo, from vtune history."""
    p = module.params
    transactions = history(module, vtune)
    if p['transaction']:
        chosen = [t for t in transactions if t.get('id') == p['transaction']]
        if not chosen:
            module.fail_json(msg='vtune rollback would fail: no transaction %s' % p['transaction'],
                             exit_code=1)
    else:
        chosen = [t for t in transactions if t.get('state') in ON_HOST_STATES][-1:]
    pending = [t for t in chosen if t.get('state') in ON_HOST_STATES]
    module.exit_json(changed=bool(pending), exit_code=0,
                     outcome='would_roll_back' if pending else 'nothing_to_do',
                     transactions=pending)


def rolled_back(module, vtune):
    p = module.params
    if module.check_mode:
        would_roll_back(module, vtune)
    argv = [vtune, 'rollback', '--yes', '--format', 'json']
    argv += [p['transaction']] if p['transaction'] else ['--last']
    if p['force']:
        argv.append('--force')
    argv += state_args(p) + host_args(p)
    rc, doc, out, err = run_json(module, argv)
    transactions = (doc or {}).get('transactions', [])
    items = [i for t in transactions for i in t.get('items', [])]
    restored = [i for i in items if i.get('state') == 'restored']
    result = dict(exit_code=rc, outcome=(doc or {}).get('outcome'), transactions=transactions,
                  items=items, changed=bool(restored))
    if module._diff:
        result['diff'] = settings_diff([(i['knob'], i.get('current'), i.get('before'))
                                        for i in restored], 'vtune rollback')
    if rc != 0 or doc is None:
        fail(module, 'rollback', rc, doc, err, **result)
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            state=dict(type='str', default='checked',
                       choices=['checked', 'applied', 'rolled_back']),
            profile=dict(type='str'),
            persist=dict(type='bool', default=False),
            verify=dict(type='bool'),
            confirm_within=dict(type='int'),
            warn_on_drift=dict(type='bool', default=False),
            transaction=dict(type='str'),
            force=dict(type='bool', default=False),
            root=dict(type='path'),
            state_dir=dict(type='path'),
            rules_dirs=dict(type='list', elements='path'),
            profiles_dir=dict(type='path'),
            binary=dict(type='str', default='vtune'),
        ),
        required_if=[('state', 'checked', ['profile']), ('state', 'applied', ['profile'])],
        supports_check_mode=True,
    )
    vtune = binary_path(module)
    state = module.params['state']
    if state == 'checked':
        checked(module, vtune)
    elif state == 'applied':
        applied(module, vtune)
    else:
        rolled_back(module, vtune)


if __name__ == '__main__':
    main()

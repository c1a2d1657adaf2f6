#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: vtune contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: vtune_facts
short_description: Gather vtune's host facts into ansible_facts.vtune
version_added: "0.1.0"
description:
  - Runs C(vtune facts --format json) (never through a shell) and sets C(ansible_facts.vtune)
    to its C(facts) tree (CPU and virtualization, IOMMU, NUMA, memory, NICs, disks, sysctls,
    kernel, Docker, .vmx files; C(vtune facts --schema) documents every key).
  - Read-only; it runs in check mode as without it.
  - Unknown values are null, and vtune's warning for each path it could not read is returned
    in C(vtune_warnings) (a normal user cannot read some of them).
options:
  root:
    description:
      - Probe a host tree at this path (a snapshot, C(vtune snapshot --out DIR)) instead of the
        live host (C(--root)).
    type: path
  vmx:
    description:
      - VMware .vmx files to parse into the vmx facts (C(--vmx), repeated).
    type: list
    elements: path
notes:
  - Supports check mode.
extends_documentation_fragment:
  - vtune.host.vtune
author:
  - vtune contributors (@vtune)
'''

EXAMPLES = r'''
- name: Gather vtune facts
  vtune.host.vtune_facts:

- name: Show the CPU governor vtune sees
  ansible.builtin.debug:
    var: ansible_facts.vtune.cpu.governor
'''

RETURN = r'''
ansible_facts:
  description: The facts set on the host.
  returned: always
  type: complex
  contains:
    vtune:
      description: The C(facts) tree of C(vtune facts --format json), with C(vtune_version).
      returned: always
      type: dict
      sample: {"cpu": {"vendor": "GenuineIntel", "sockets": 2}, "vtune_version": "0.1.0"}
vtune_warnings:
  description: vtune's warnings (stderr), one per path that could not be read.
  returned: always
  type: list
  elements: str
  sample: ["/proc/irq/*/smp_affinity_list: permission denied, 48 files"]
'''

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.vtune.host.plugins.module_utils.vtune_cli import (
    binary_path, host_args, run_json, failure_message)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type='path'),
            vmx=dict(type='list', elements='path'),
            binary=dict(type='str', default='vtune'),
        ),
        supports_check_mode=True,
    )
    argv = [binary_path(module), 'facts', '--format', 'json'] + host_args(module.params)
    for f in module.params['vmx'] or []:
        argv += ['--vmx', f]
    rc, doc, out, err = run_json(module, argv)
    if rc != 0 or doc is None or not isinstance(doc.get('facts'), dict):
        module.fail_json(msg=failure_message('facts', rc, doc, err), exit_code=rc, stderr=err)
    facts = dict(doc['facts'])
    facts['vtune_version'] = doc.get('vtune_version')
    warnings = [line for line in err.splitlines() if line.strip()]
    module.exit_json(changed=False, ansible_facts=dict(vtune=facts), vtune_warnings=warnings)


if __name__ == '__main__':
    main()

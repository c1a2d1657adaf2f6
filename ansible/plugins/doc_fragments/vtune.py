# -*- coding: utf-8 -*-
# Copyright: vtune contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the vtune.host modules document alike: the binary they run."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r'''
options:
  binary:
    description:
      - The vtune executable; a name is looked up on C(PATH).
    type: str
    default: vtune
requirements:
  - vtune on the managed host
'''

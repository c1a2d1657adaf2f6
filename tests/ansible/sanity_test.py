"""ansible-test sanity on the vtune.host collection, as far as it runs offline. ctest:
ansible.sanity.

The collection is copied to a temporary ansible_collections/vtune/host/ (ansible-test needs
that layout, and a real directory: it resolves symlinks). Then:

1. `ansible-test sanity --python 3.11 --test T` for every test that needs no Python
   requirements (OFFLINE_TESTS).
2. The tests whose requirements ansible-test installs into a venv from PyPI, which is not
   reachable here (validate-modules, yamllint, pep8, pylint), are run with the same scripts,
   configuration and arguments ansible-test uses, on Debian's packages of those tools
   (python3-voluptuous, yamllint, pycodestyle, pylint; versions close to, not equal to,
   ansible-test's pins).
3. `ansible-doc` renders each module's documentation.

Each step prints `ok`/`FAIL` with its name; any failure fails the test. Not run: import and
ansible-doc's sanity test (venv only), runtime-metadata (venv only).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ansible_harness as h  # noqa: E402

SANITY_ROOT = '/usr/lib/python3/dist-packages/ansible_test/_util/controller/sanity'
OFFLINE_TESTS = [
    'action-plugin-docs', 'changelog', 'compile', 'empty-init', 'future-import-boilerplate',
    'ignores', 'line-endings', 'metaclass-boilerplate', 'no-assert', 'no-basestring',
    'no-dict-iteritems', 'no-dict-iterkeys', 'no-dict-itervalues', 'no-get-exception',
    'no-illegal-filenames', 'no-main-display', 'no-smart-quotes', 'no-unicode-literals',
    'replace-urlopen', 'shebang', 'symlinks', 'use-argspec-type-path', 'use-compat-six',
]
MODULES = ['plugins/modules/vtune.py', 'plugins/modules/vtune_facts.py']
DOC_FRAGMENTS = ['plugins/doc_fragments/vtune.py']
PYTHON_FILES = MODULES + DOC_FRAGMENTS + ['plugins/module_utils/vtune_cli.py']

failures = []


def step(name, argv, cwd, env, ok_codes=(0,), stdin=None, check_output=None):
    p = subprocess.run(argv, cwd=cwd, env=env, input=stdin, capture_output=True, text=True)
    ok = p.returncode in ok_codes and (check_output is None or check_output(p.stdout))
    print('%s: %s' % ('ok' if ok else 'FAIL', name))
    if not ok:
        failures.append(name)
        print(p.stdout[-4000:] + p.stderr[-4000:])


def main():
    if shutil.which('ansible-test') is None:
        print('SKIP: ansible-test is not installed (apt-get install ansible-core)')
        return h.SKIP
    tmp = tempfile.mkdtemp(prefix='vtune-ansible-sanity-')
    try:
        top = os.path.join(tmp, 'ansible_collections')
        coll = os.path.join(top, 'vtune', 'host')
        shutil.copytree(os.path.join(h.SOURCE_DIR, 'ansible'), coll,
                        ignore=shutil.ignore_patterns('__pycache__', 'tests'))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=tmp, HOME=tmp, NO_COLOR='1')
        for test in OFFLINE_TESTS:
            step('ansible-test sanity --test ' + test,
                 ['ansible-test', 'sanity', '--python', '3.11', '--test', test], coll, env)

        step('validate-modules (--arg-spec)',
             ['/usr/bin/python3', os.path.join(SANITY_ROOT, 'validate-modules', 'validate.py'),
              '--format', 'json', '--arg-spec', '--collection', 'ansible_collections/vtune/host',
              '--collection-version', '0.1.0'] + MODULES, coll, env,
             check_output=lambda out: json.loads(out) == {})
        yaml_files = sorted(os.path.relpath(os.path.join(d, f), coll)
                            for d, _, files in os.walk(coll) for f in files
                            if f.endswith(('.yml', '.yaml', '.py')))
        step('yamllint (ansible-test yamllinter.py)',
             ['/usr/bin/python3', os.path.join(SANITY_ROOT, 'yamllint', 'yamllinter.py')],
             coll, env, stdin='\n'.join(yaml_files),
             check_output=lambda out: json.loads(out)['messages'] == [])
        with open(os.path.join(SANITY_ROOT, 'pep8', 'current-ignore.txt')) as f:
            ignore = ','.join(sorted(line.strip() for line in f
                                     if line.strip() and not line.startswith('#')))
        step('pep8 (pycodestyle)', ['/usr/bin/python3', '-m', 'pycodestyle',
                                    '--max-line-length', '160', '--config', '/dev/null',
                                    '--ignore', ignore] + PYTHON_FILES, coll, env)
        plugins = os.path.join(coll, 'plugins')
        pylint_env = dict(env, PYLINTHOME=os.path.join(tmp, 'pylint'),
                          PYTHONPATH=os.path.join(SANITY_ROOT, 'pylint', 'plugins') + ':' + tmp,
                          ANSIBLE_TEST_MODULES_PATH=os.path.join(plugins, 'modules') + '/',
                          ANSIBLE_TEST_MODULE_UTILS_PATH=os.path.join(plugins, 'module_utils')
                          + '/')
        step('pylint (collection.cfg and ansible-test plugins)',
             ['/usr/bin/python3', '-m', 'pylint', '--jobs', '0', '--reports', 'n',
              '--max-line-length', '160', '--max-complexity', '20',
              '--rcfile', os.path.join(SANITY_ROOT, 'pylint', 'config', 'collection.cfg'),
              '--output-format', 'parseable',
              '--load-plugins', 'deprecated,pylint.extensions.mccabe,string_format,unwanted',
              '--collection-name', 'vtune.host', '--collection-version', '0.1.0']
             + PYTHON_FILES, coll, pylint_env)
        for module in ('vtune.host.vtune', 'vtune.host.vtune_facts'):
            step('ansible-doc ' + module, ['ansible-doc', '-t', 'module', module], coll, env,
                 check_output=lambda out: 'OPTIONS' in out and 'RETURN VALUES' in out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('%d failure(s)%s' % (len(failures), (': ' + ', '.join(failures)) if failures else ''))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

"""What the Ansible tests share: a collections tree that links ansible/ as vtune.host, a
playbook run with ansible-playbook -c local and the json stdout callback, the parsed task
results, and a fingerprint of a directory tree (bytes and mtimes) to prove nothing changed.

Standard library only. The environment gives the paths:
  VTUNE_BIN          the built vtune
  VTUNE_SOURCE_DIR   the repository (ansible/, tests/fixtures/hosts/, profiles/, rules/)
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

SOURCE_DIR = os.environ.get('VTUNE_SOURCE_DIR',
                            os.path.dirname(os.path.dirname(os.path.dirname(
                                os.path.abspath(__file__)))))
VTUNE_BIN = os.environ.get('VTUNE_BIN', os.path.join(SOURCE_DIR, 'build', 'vtune'))
FIXTURES = os.path.join(SOURCE_DIR, 'tests', 'fixtures', 'hosts')
TEST_DIR = os.path.dirname(os.path.abspath(__file__))
# The interpreter Debian's ansible-core runs with (not whatever python3 comes first on PATH).
PYTHON = '/usr/bin/python3'
SKIP = 77


class Collection:
    """A temporary ANSIBLE_COLLECTIONS_PATH whose ansible_collections/vtune/host links to
    the repository's ansible/ directory."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix='vtune-ansible-')
        ns = os.path.join(self.tmp, 'collections', 'ansible_collections', 'vtune')
        os.makedirs(ns)
        os.symlink(os.path.join(SOURCE_DIR, 'ansible'), os.path.join(ns, 'host'))
        self.path = os.path.join(self.tmp, 'collections')

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


class Run:
    """One ansible-playbook run: the exit code, the parsed json callback document, and the
    per-task results for the one host, in task order."""

    def __init__(self, rc, doc, stdout, stderr):
        self.rc, self.doc, self.stdout, self.stderr = rc, doc, stdout, stderr
        self.tasks = []
        for play in (doc or {}).get('plays', []):
            for t in play.get('tasks', []):
                result = t.get('hosts', {}).get('localhost')
                if result is not None:
                    self.tasks.append((t['task']['name'], result))
        self.stats = (doc or {}).get('stats', {}).get('localhost', {})

    def task(self, name):
        for n, r in self.tasks:
            if n == name:
                return r
        raise AssertionError('no task %r in the run; tasks: %s\nstdout: %s\nstderr: %s' % (
            name, [n for n, _ in self.tasks], self.stdout[-2000:], self.stderr[-2000:]))


def run_playbook(collection, plays, workdir, extra_args=(), env_extra=None):
    """Writes plays (a list of play dicts; JSON is YAML) to workdir and runs them on
    localhost with -c local."""
    book = os.path.join(workdir, 'playbook-%d.yml' % len(os.listdir(workdir)))
    with open(book, 'w') as f:
        json.dump(plays, f, indent=1)
    env = dict(os.environ)
    env.update({
        'ANSIBLE_COLLECTIONS_PATH': collection.path,
        'ANSIBLE_STDOUT_CALLBACK': 'json',
        'ANSIBLE_LOAD_CALLBACK_PLUGINS': '1',
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_RETRY_FILES_ENABLED': '0',
        'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, '.ansible-tmp'),
        'ANSIBLE_REMOTE_TEMP': os.path.join(workdir, '.ansible-remote'),
        'ANSIBLE_HOME': os.path.join(workdir, '.ansible-home'),
    })
    env.update(env_extra or {})
    argv = ['ansible-playbook', '-c', 'local', '-i', 'localhost,',
            '-e', 'ansible_python_interpreter=' + PYTHON] + list(extra_args) + [book]
    p = subprocess.run(argv, env=env, cwd=workdir, capture_output=True, text=True)
    doc = None
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        pass
    return Run(p.returncode, doc, p.stdout, p.stderr)


def play(tasks, name='vtune test'):
    return [{'name': name, 'hosts': 'all', 'gather_facts': False, 'tasks': tasks}]


def vtune_task(name, **options):
    options.setdefault('binary', VTUNE_BIN)
    return {'name': name, 'vtune.host.vtune': options}


def fingerprint(root):
    """Every entry under root: a file's sha256 and mtime, a link's target, a directory's
    mtime. Equal fingerprints: nothing was written (not even the same bytes again)."""
    out = {}
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(d, name)
            st = os.lstat(p)
            if os.path.islink(p):
                out[p] = ('link', os.readlink(p))
            elif os.path.isdir(p):
                out[p] = ('dir', st.st_mtime_ns)
            else:
                with open(p, 'rb') as f:
                    out[p] = ('file', hashlib.sha256(f.read()).hexdigest(), st.st_mtime_ns)
    return out


def contents(root):
    """The bytes of every regular file under root, keyed by path relative to root."""
    out = {}
    for d, _, files in os.walk(root):
        for name in files:
            p = os.path.join(d, name)
            if not os.path.islink(p):
                with open(p, 'rb') as f:
                    out[os.path.relpath(p, root)] = f.read()
    return out


def copy_fixture(name, dest):
    """A private copy of a fixture host (symlinks kept), so an apply never touches the
    fixture itself."""
    shutil.copytree(os.path.join(FIXTURES, name), dest, symlinks=True)
    return dest


def vtune_json(*args):
    """Runs the built vtune directly; returns (rc, parsed stdout)."""
    p = subprocess.run([VTUNE_BIN] + list(args), capture_output=True, text=True,
                       env=dict(os.environ, NO_COLOR='1'))
    try:
        return p.returncode, json.loads(p.stdout)
    except ValueError:
        return p.returncode, None


def require_ansible():
    """Exits with the skip code when ansible-playbook or the built vtune is missing."""
    if shutil.which('ansible-playbook') is None:
        print('SKIP: ansible-playbook is not installed (apt-get install ansible-core)')
        sys.exit(SKIP)
    if not os.access(VTUNE_BIN, os.X_OK):
        print('SKIP: no vtune binary at %s' % VTUNE_BIN)
        sys.exit(SKIP)

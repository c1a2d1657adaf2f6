"""The vtune module on the real kernel: ansible-playbook -c local runs inside a private
network namespace (unshare --net), where the module audits, applies (check mode first), and
rolls back two per-namespace sysctls (net.core.somaxconn, net.ipv4.tcp_fin_timeout) with
tests/ansible/netns/'s rule and profile. The namespace vanishes with the run, and the
machine's own values are compared before and after. Needs root and namespaces; otherwise it
exits 77, which ctest reports as skipped. ctest: ansible.netns."""

import base64
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ansible_harness as h  # noqa: E402

NETNS_DIR = os.path.join(h.TEST_DIR, 'netns')
SYSCTLS = {'/proc/sys/net/core/somaxconn': '8191', '/proc/sys/net/ipv4/tcp_fin_timeout': '23'}


def read_sysctls():
    out = {}
    for path in SYSCTLS:
        with open(path) as f:
            out[path] = f.read()
    return out


def slurp(name, path):
    return {'name': name, 'ansible.builtin.slurp': {'src': path}}


class NetnsHost(unittest.TestCase):
    def test_check_apply_idempotence_audit_and_rollback_on_the_real_kernel(self):
        collection = h.Collection()
        work = tempfile.mkdtemp(prefix='vtune-ansible-netns-')
        try:
            self.run_sequence(collection, work)
        finally:
            collection.close()
            shutil.rmtree(work, ignore_errors=True)

    def run_sequence(self, collection, work):
        state = os.path.join(work, 'state')
        os.makedirs(state)
        common = dict(profile=os.path.join(NETNS_DIR, 'ansible-netns.toml'),
                      rules_dirs=[os.path.join(NETNS_DIR, 'ansible-netns.vtr')],
                      state_dir=state)
        tasks = []
        for path in SYSCTLS:
            tasks.append(slurp('before ' + path, path))
        tasks.append(dict(h.vtune_task('audit drifting', state='checked', **common),
                          ignore_errors=True))
        tasks.append(dict(h.vtune_task('plan', state='applied', **common), check_mode=True,
                          diff=True))
        for path in SYSCTLS:
            tasks.append(slurp('after plan ' + path, path))
        tasks.append(h.vtune_task('apply', state='applied', **common))
        for path in SYSCTLS:
            tasks.append(slurp('after apply ' + path, path))
        tasks.append(h.vtune_task('apply again', state='applied', **common))
        tasks.append(h.vtune_task('audit compliant', state='checked', **common))
        tasks.append(dict(h.vtune_task('rollback', state='rolled_back', state_dir=state),
                          diff=True))
        for path in SYSCTLS:
            tasks.append(slurp('after rollback ' + path, path))
        r = h.run_playbook(collection, h.play(tasks), work)

        def value(task):
            return base64.b64decode(r.task(task)['content']).decode()

        original = {p: value('before ' + p) for p in SYSCTLS}
        audit = r.task('audit drifting')
        self.assertTrue(audit['failed'])
        self.assertEqual(audit['exit_code'], 2)
        self.assertEqual(len(audit['drift']), 2)
        plan = r.task('plan')
        self.assertTrue(plan['changed'])
        self.assertEqual(plan['outcome'], 'dry_run')
        self.assertIn('sysctl:net.core.somaxconn = 8191', plan['diff']['after'])
        self.assertIn('sysctl:net.core.somaxconn = %s' % original[
            '/proc/sys/net/core/somaxconn'].strip(), plan['diff']['before'])
        for p in SYSCTLS:
            self.assertEqual(value('after plan ' + p), original[p], 'check mode wrote ' + p)
        self.assertTrue(r.task('apply')['changed'])
        self.assertEqual(r.task('apply')['summary']['applied'], 2)
        for p, want in SYSCTLS.items():
            self.assertEqual(value('after apply ' + p).strip(), want, p)
        self.assertFalse(r.task('apply again')['changed'])
        self.assertEqual(r.task('apply again')['outcome'], 'nothing_to_do')
        self.assertFalse(r.task('audit compliant').get('failed', False))
        self.assertTrue(r.task('audit compliant')['compliant'])
        rollback = r.task('rollback')
        self.assertTrue(rollback['changed'])
        self.assertIn('sysctl:net.core.somaxconn = 8191', rollback['diff']['before'])
        for p in SYSCTLS:
            self.assertEqual(value('after rollback ' + p), original[p], 'not restored: ' + p)
        self.assertEqual(r.stats.get('failures'), 0, 'only the drifting audit fails')
        self.assertEqual(r.stats.get('ignored'), 1, 'only the drifting audit fails')


def outside():
    """Checks root and namespaces, runs the test inside `unshare --net`, and checks that the
    machine's own values did not change."""
    h.require_ansible()
    if os.geteuid() != 0:
        print('SKIP: needs root (a private network namespace)')
        return h.SKIP
    if shutil.which('unshare') is None or subprocess.run(
            ['unshare', '--net', 'true'], capture_output=True).returncode != 0:
        print('SKIP: unshare --net is refused here')
        return h.SKIP
    host_before = read_sysctls()
    rc = subprocess.run(['unshare', '--net', '--', sys.executable, os.path.abspath(__file__),
                         '--inside']).returncode
    host_after = read_sysctls()
    if host_after != host_before:
        print('FAIL: the machine\'s own sysctls changed: %r -> %r' % (host_before, host_after))
        return 1
    print('ok: the machine\'s own sysctls are unchanged: %r' % host_before)
    return rc


if __name__ == '__main__':
    if sys.argv[1:] == ['--inside']:
        unittest.main(argv=sys.argv[:1], verbosity=2)
    sys.exit(outside())

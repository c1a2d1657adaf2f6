"""The vtune.host collection under real ansible-core, against private copies of fixture hosts
(tests/fixtures/hosts/*): --root points at the copy and --state-dir at a temporary directory,
so neither the fixtures nor this machine change. ctest: ansible.collection."""

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ansible_harness as h  # noqa: E402

PROFILE = 'high-concurrency-web'
# A knob every run below knows on baremetal-2s: 4096 in the fixture, at least 65535 wanted.
SOMAXCONN = 'sysctl:net.core.somaxconn'


def diff_lines(text):
    """'knob = value' lines of the module's diff text, as a dict."""
    out = {}
    for line in text.splitlines():
        knob, _, value = line.partition(' = ')
        out[knob] = value
    return out


class FixtureHost(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.collection = h.Collection()

    @classmethod
    def tearDownClass(cls):
        cls.collection.close()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='vtune-ansible-case-')
        self.root = h.copy_fixture('baremetal-2s', os.path.join(self.tmp, 'root'))
        self.state = os.path.join(self.tmp, 'state')
        os.makedirs(self.state)
        self.work = os.path.join(self.tmp, 'work')
        os.makedirs(self.work)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def vtune(self, name, **options):
        options.setdefault('root', self.root)
        if options.get('state') != 'checked':
            options.setdefault('state_dir', self.state)
        return h.vtune_task(name, **options)

    def run_tasks(self, tasks, *args):
        return h.run_playbook(self.collection, h.play(tasks), self.work, args)

    def assert_restored(self, original):
        """Every file of the host tree holds its original bytes again (the fake ethtool
        device's state, which vtune rewrites as formatted JSON: the same JSON value)."""
        now = h.contents(self.root)
        self.assertEqual(set(now), set(original))
        for path, data in original.items():
            if path.startswith('.vtune/ethtool/'):
                self.assertEqual(json.loads(now[path]), json.loads(data), path)
            else:
                self.assertEqual(now[path], data, path)

    # -- check mode -------------------------------------------------------------------------

    def test_check_mode_changes_nothing_and_says_what_would_change(self):
        before_root, before_state = h.fingerprint(self.root), h.fingerprint(self.state)
        r = self.run_tasks([
            self.vtune('apply', state='applied', profile=PROFILE),
            self.vtune('audit', state='checked', profile=PROFILE, warn_on_drift=True),
        ], '--check', '--diff')
        apply, audit = r.task('apply'), r.task('audit')
        self.assertTrue(apply['changed'], 'check mode: changed means "would change"')
        self.assertEqual(apply['outcome'], 'dry_run')
        self.assertFalse(apply.get('failed', False))
        self.assertGreater(len(apply['items']), 0)
        # The same items as a real apply would write: what vtune's dry run lists.
        rc, dry = h.vtune_json('apply', '--profile', PROFILE, '--root', self.root,
                               '--state-dir', self.state, '--dry-run', '--format', 'json')
        self.assertEqual(rc, 0)
        self.assertEqual([(i['knob'], i['after']) for i in apply['items']],
                         [(i['knob'], i['after']) for i in dry['items']])
        # The read-only audit ran in check mode (not skipped) and reported the drift.
        self.assertNotIn('skipped', audit)
        self.assertFalse(audit['changed'])
        self.assertEqual(audit['summary']['change'], len(apply['items']))
        self.assertEqual(h.fingerprint(self.root), before_root, 'check mode wrote to the host')
        self.assertEqual(h.fingerprint(self.state), before_state, 'check mode wrote state')

    def test_diff_gives_before_and_after_of_each_setting(self):
        r = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)],
                           '--check', '--diff')
        diff = r.task('apply')['diff']
        before, after = diff_lines(diff['before']), diff_lines(diff['after'])
        self.assertEqual(before[SOMAXCONN], '4096')
        self.assertEqual(after[SOMAXCONN], '65535')
        self.assertEqual(set(before), {i['knob'] for i in r.task('apply')['items']})
        # A real apply's diff holds the values read back after the write.
        r = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)], '--diff')
        diff = r.task('apply')['diff']
        self.assertEqual(diff_lines(diff['before'])[SOMAXCONN], '4096')
        self.assertEqual(diff_lines(diff['after'])[SOMAXCONN], '65535')
        with open(os.path.join(self.root, 'proc/sys/net/core/somaxconn')) as f:
            self.assertEqual(f.read().strip(), '65535')

    # -- idempotence (molecule's idempotence step) ------------------------------------------

    def test_first_apply_changes_and_the_second_does_not(self):
        first = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)])
        self.assertEqual(first.rc, 0, first.stdout[-2000:])
        r1 = first.task('apply')
        self.assertTrue(r1['changed'])
        self.assertEqual(r1['outcome'], 'applied')
        self.assertEqual(r1['summary']['applied'], len(r1['items']))
        self.assertTrue(r1['transaction'])
        written = h.fingerprint(self.root)
        second = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)])
        r2 = second.task('apply')
        self.assertFalse(r2['changed'])
        self.assertEqual(r2['outcome'], 'nothing_to_do')
        self.assertEqual(second.stats.get('changed'), 0)
        self.assertEqual(h.fingerprint(self.root), written, 'the second run rewrote files')
        # The host is now compliant: the audit passes.
        audit = self.run_tasks([self.vtune('audit', state='checked', profile=PROFILE)])
        self.assertEqual(audit.rc, 0)
        self.assertTrue(audit.task('audit')['compliant'])

    def persist_twice(self, **options):
        """Two applies with persist=true; returns both results and whether the second
        left every file of the host tree and the state directory untouched."""
        options.update(state='applied', persist=True)

        def files():
            # STATE/lock is vtune's flock file (every run takes it and records its pid).
            state = h.fingerprint(self.state)
            state.pop(os.path.join(self.state, 'lock'), None)
            return h.fingerprint(self.root), state

        r1 = self.run_tasks([self.vtune('apply', **options)]).task('apply')
        written = files()
        r2 = self.run_tasks([self.vtune('apply', **options)]).task('apply')
        return r1, r2, files() == written

    def test_persist_writes_its_files_once(self):
        r1, r2, untouched = self.persist_twice(
            profile=os.path.join(h.TEST_DIR, 'netns', 'ansible-netns.toml'),
            rules_dirs=[os.path.join(h.TEST_DIR, 'netns', 'ansible-netns.vtr')])
        self.assertTrue(r1['changed'])
        self.assertIn('/etc/sysctl.d/90-vtune.conf', r1['persisted'])
        with open(os.path.join(self.root, 'etc/sysctl.d/90-vtune.conf')) as f:
            self.assertIn('net.core.somaxconn = 8191', f.read())
        self.assertFalse(r2['changed'])
        self.assertEqual(r2['outcome'], 'nothing_to_do')
        self.assertTrue(untouched, 'a second apply --persist rewrote files')

    def test_persist_of_the_web_profile_is_idempotent(self):
        # On baremetal-2s the web profile's rule states some RPS/XPS masks as "1" and the host
        # reads them back as "00000000,00000000,00000001": persisted as the host holds them,
        # the second run rewrites nothing.
        r1, r2, untouched = self.persist_twice(profile=PROFILE)
        self.assertTrue(r1['changed'])
        self.assertFalse(r2['changed'], r2.get('persisted'))
        self.assertTrue(untouched)

    def test_confirm_within_is_rolled_back_by_the_watchdog_unless_confirmed(self):
        somaxconn = os.path.join(self.root, 'proc/sys/net/core/somaxconn')
        r = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE,
                                       confirm_within=3)])
        apply = r.task('apply')
        self.assertTrue(apply['changed'])
        self.assertTrue(apply['awaiting_confirm_until'])
        with open(somaxconn) as f:
            self.assertEqual(f.read().strip(), '65535')
        deadline = time.time() + 30
        while time.time() < deadline:
            rc, hist = h.vtune_json('history', '--root', self.root, '--state-dir', self.state,
                                    '--format', 'json')
            if hist and hist['transactions'][-1]['state'] == 'rolled_back':
                break
            time.sleep(0.5)
        self.assertEqual(hist['transactions'][-1]['state'], 'rolled_back')
        with open(somaxconn) as f:
            self.assertEqual(f.read().strip(), '4096')

    # -- failed and ok follow compliance ----------------------------------------------------

    def test_drift_fails_the_audit_and_warn_on_drift_turns_it_into_a_warning(self):
        r = self.run_tasks([self.vtune('audit', state='checked', profile=PROFILE)])
        audit = r.task('audit')
        self.assertTrue(audit['failed'])
        self.assertFalse(audit['changed'])
        self.assertFalse(audit['compliant'])
        self.assertEqual(audit['exit_code'], 2)
        self.assertIn(SOMAXCONN, audit['msg'])
        self.assertIn('%s: 4096 -> 65535 [net.n2-somaxconn]' % SOMAXCONN, audit['drift'])
        self.assertEqual(r.stats.get('failures'), 1)
        r = self.run_tasks([self.vtune('audit', state='checked', profile=PROFILE,
                                       warn_on_drift=True)])
        audit = r.task('audit')
        self.assertFalse(audit.get('failed', False))
        self.assertTrue(any(SOMAXCONN in w for w in audit.get('warnings', [])))
        self.assertEqual(r.rc, 0)

    def test_a_fully_waived_host_is_ok(self):
        rc, plan = h.vtune_json('check', '--profile', PROFILE, '--root', self.root,
                                '--format', 'json')
        self.assertEqual(rc, 2)
        drifting = sorted({i['rule'] for i in plan['items'] if i['state'] == 'change'})
        profile = os.path.join(self.tmp, 'web-waived.toml')
        with open(profile, 'w') as f:
            f.write('[profile]\nname = "web-waived"\nsummary = "web, every drift waived"\n'
                    'include = ["%s"]\n' % PROFILE)
            for rule in drifting:
                f.write('\n[[waivers]]\nrule = "%s"\nreason = "ansible test: accepted"\n' % rule)
        r = self.run_tasks([self.vtune('audit', state='checked', profile=profile)])
        audit = r.task('audit')
        self.assertFalse(audit.get('failed', False), audit.get('msg'))
        self.assertTrue(audit['compliant'])
        self.assertEqual(audit['summary']['change'], 0)
        self.assertEqual(audit['summary']['waived'], plan['summary']['change'])
        self.assertEqual(audit['drift'], [])

    def test_an_unreadable_setting_fails_the_audit_even_with_warn_on_drift(self):
        somaxconn = os.path.join(self.root, 'proc/sys/net/core/somaxconn')
        os.remove(somaxconn)
        os.mkdir(somaxconn)  # reading it fails: an error item, exit 1
        r = self.run_tasks([self.vtune('audit', state='checked', profile=PROFILE,
                                       warn_on_drift=True)])
        audit = r.task('audit')
        self.assertTrue(audit['failed'])
        self.assertEqual(audit['exit_code'], 1)
        self.assertEqual(audit['summary']['error'], 1)
        self.assertIn('%s: cannot read the current value' % SOMAXCONN, audit['msg'])

    def test_a_root_that_is_not_a_host_fails_the_audit(self):
        empty = os.path.join(self.tmp, 'empty')
        os.makedirs(os.path.join(empty, 'proc'))
        r = self.run_tasks([self.vtune('audit', state='checked', profile=PROFILE, root=empty)])
        audit = r.task('audit')
        self.assertTrue(audit['failed'])
        self.assertEqual(audit['exit_code'], 1)
        self.assertIn('vtune snapshot', audit['msg'])

    # -- rolled_back ------------------------------------------------------------------------

    def test_rolled_back_restores_the_original_values(self):
        original = h.contents(self.root)
        self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)])
        self.assertNotEqual(h.contents(self.root), original)
        applied = h.fingerprint(self.root)
        preview = self.run_tasks([self.vtune('undo', state='rolled_back')], '--check')
        self.assertTrue(preview.task('undo')['changed'])
        self.assertEqual(preview.task('undo')['outcome'], 'would_roll_back')
        self.assertEqual(h.fingerprint(self.root), applied, 'check mode rolled back')
        r = self.run_tasks([self.vtune('undo', state='rolled_back')], '--diff')
        undo = r.task('undo')
        self.assertTrue(undo['changed'])
        self.assertEqual(undo['outcome'], 'rolled_back')
        self.assertEqual(diff_lines(undo['diff']['before'])[SOMAXCONN], '65535')
        self.assertEqual(diff_lines(undo['diff']['after'])[SOMAXCONN], '4096')
        self.assert_restored(original)
        again = self.run_tasks([self.vtune('undo', state='rolled_back')])
        self.assertFalse(again.task('undo')['changed'])

    # -- errors become failed tasks with vtune's message ------------------------------------

    def test_an_invalid_profile_fails_with_exit_3(self):
        profile = os.path.join(self.tmp, 'broken.toml')
        with open(profile, 'w') as f:
            f.write('[profile]\nname = "broken"\nsummary = "s"\ninclude = ["no-such-profile"]\n')
        r = self.run_tasks([self.vtune('apply', state='applied', profile=profile)])
        apply = r.task('apply')
        self.assertTrue(apply['failed'])
        self.assertEqual(apply['exit_code'], 3)
        self.assertIn('exited 3 (invalid input', apply['msg'])
        self.assertIn('no-such-profile', apply['msg'])
        self.assertEqual(h.contents(self.root), h.contents(
            os.path.join(h.FIXTURES, 'baremetal-2s')))

    def test_a_failed_write_fails_with_exit_5_and_everything_is_rolled_back(self):
        somaxconn = os.path.join(self.root, 'proc/sys/net/core/somaxconn')
        # An immutable file refuses the write even to root (EPERM), half-way through.
        if subprocess.run(['chattr', '+i', somaxconn], capture_output=True).returncode != 0:
            self.skipTest('chattr +i is refused here (needs root and ext4/xfs/btrfs)')
        self.addCleanup(subprocess.run, ['chattr', '-i', somaxconn], capture_output=True)
        original = h.contents(self.root)
        r = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)])
        apply = r.task('apply')
        self.assertTrue(apply['failed'])
        self.assertEqual(apply['exit_code'], 5)
        self.assertEqual(apply['outcome'], 'rolled_back')
        self.assertIn('everything written was rolled back', apply['msg'])
        self.assertGreater(apply['summary']['rolled_back'], 0)
        self.assertEqual(apply['summary']['failed'], 1)
        self.assert_restored(original)

    def test_a_held_lock_fails_with_exit_6(self):
        with open(os.path.join(self.state, 'lock'), 'w') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            r = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)])
        apply = r.task('apply')
        self.assertTrue(apply['failed'])
        self.assertEqual(apply['exit_code'], 6)
        self.assertIn('another vtune holds the lock', apply['msg'])

    def test_an_open_transaction_fails_apply_and_its_check_mode(self):
        # A crash right after the first intent record leaves the transaction open.
        crashed = subprocess.run(
            [h.VTUNE_BIN, 'apply', '--profile', PROFILE, '--root', self.root, '--state-dir',
             self.state, '--yes'], capture_output=True, env=dict(os.environ,
                                                                 VTUNE_FAILPOINT='journal:2'))
        self.assertNotEqual(crashed.returncode, 0)
        r = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)])
        apply = r.task('apply')
        self.assertTrue(apply['failed'])
        self.assertEqual(apply['exit_code'], 7)
        self.assertIn('vtune rollback', apply['msg'])
        r = self.run_tasks([self.vtune('apply', state='applied', profile=PROFILE)], '--check')
        self.assertTrue(r.task('apply')['failed'])
        self.assertEqual(r.task('apply')['exit_code'], 7)
        self.assertIn('vtune rollback', r.task('apply')['msg'])
        # rolled_back completes the crashed transaction; apply then works again.
        r = self.run_tasks([self.vtune('undo', state='rolled_back'),
                            self.vtune('apply', state='applied', profile=PROFILE)])
        self.assertFalse(r.task('undo').get('failed', False), r.task('undo').get('msg'))
        self.assertTrue(r.task('apply')['changed'])

    # -- facts, the role, the example -------------------------------------------------------

    def test_vtune_facts_in_check_mode(self):
        r = self.run_tasks([
            {'name': 'facts', 'vtune.host.vtune_facts': {'root': self.root,
                                                         'binary': h.VTUNE_BIN}},
            {'name': 'show', 'ansible.builtin.debug': {
                'msg': '{{ ansible_facts.vtune.cpu.sockets }} '
                       '{{ ansible_facts.vtune.cpu.model }}'}},
        ], '--check')
        facts = r.task('facts')
        self.assertNotIn('skipped', facts)
        self.assertFalse(facts['changed'])
        self.assertEqual(facts['ansible_facts']['vtune']['cpu']['sockets'], 2)
        rc, direct = h.vtune_json('facts', '--root', self.root, '--format', 'json')
        self.assertEqual(facts['ansible_facts']['vtune']['cpu'], direct['facts']['cpu'])
        self.assertEqual(r.task('show')['msg'], '2 Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz')

    def test_the_role_audits_and_applies(self):
        role_vars = {'vtune_binary': h.VTUNE_BIN, 'vtune_root': self.root,
                     'vtune_state_dir': self.state, 'vtune_profile': PROFILE,
                     'vtune_gather_facts': True}

        def role(**extra):
            return {'name': 'role', 'ansible.builtin.include_role': {'name': 'vtune.host.vtune'},
                    'vars': dict(role_vars, **extra)}

        r = self.run_tasks([role(vtune_warn_on_drift=True)])
        self.assertEqual(r.rc, 0, r.stdout[-3000:])
        self.assertEqual(r.stats.get('failures', 0), 0)
        # A role's task is named 'vtune.host.vtune : NAME' in the results.
        results = {n.split(' : ', 1)[-1]: res for n, res in r.tasks}
        self.assertEqual(results['Gather vtune facts']['ansible_facts']['vtune']['cpu']['sockets'],
                         2)
        audit = results['vtune checked %s' % PROFILE]
        self.assertFalse(audit['compliant'])
        r = self.run_tasks([role(vtune_state='applied')])
        self.assertTrue(r.task('vtune.host.vtune : vtune applied %s' % PROFILE)['changed'])
        r = self.run_tasks([role()])
        self.assertTrue(r.task('vtune.host.vtune : vtune checked %s' % PROFILE)['compliant'])

    def test_the_example_playbook_parses(self):
        examples = os.path.join(h.SOURCE_DIR, 'ansible', 'examples')
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=self.collection.path,
                   ANSIBLE_HOME=os.path.join(self.work, '.ansible-home'))
        p = subprocess.run(['ansible-playbook', '--syntax-check', '-i',
                            os.path.join(examples, 'inventory.ini'),
                            os.path.join(examples, 'playbook.yml')],
                           env=env, capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)


if __name__ == '__main__':
    h.require_ansible()
    unittest.main(verbosity=2)

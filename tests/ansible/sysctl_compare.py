"""vtune's Ansible module against what users write today: the web profile's sysctl checks as
ansible.posix.sysctl tasks. Both sides run in check mode (nothing on this host changes), in
one ansible-playbook run on this host, alternating for ROUNDS rounds:

  side A  one vtune.host.vtune task, state=checked, profile high-concurrency-web (the whole
          profile: its sysctls and every other setting, advisory and check)
  side B  one ansible.posix.sysctl task per sysctl setting of that profile's plan on this
          host (vtune plan --profile high-concurrency-web --format json --all), with the
          value vtune would write, sysctl_set: true (compare with the live kernel value)

Prints each side's time per round (from the json callback's task durations), the medians
and the ratio B/A. Run (from the repository, after building vtune):

  /usr/bin/python3 tests/ansible/sysctl_compare.py [ROUNDS]

Environment: VTUNE_BIN (default build/vtune), VTUNE_SOURCE_DIR.
"""

import datetime
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ansible_harness as h  # noqa: E402

PROFILE = 'high-concurrency-web'


def sysctl_settings():
    rc, plan = h.vtune_json('plan', '--profile', PROFILE, '--format', 'json', '--all')
    if plan is None:
        sys.exit('vtune plan failed (exit %d)' % rc)
    out = []
    for i in plan['items']:
        knob = i.get('knob') or ''
        if knob.startswith('sysctl:') and i['state'] in ('change', 'compliant'):
            value = i['desired']
            value = ' '.join(str(v) for v in value) if isinstance(value, list) else str(value)
            out.append((knob[len('sysctl:'):], value))
    return out


def seconds(task_result_duration):
    def parse(s):
        return datetime.datetime.strptime(s, '%Y-%m-%dT%H:%M:%S.%fZ')
    return (parse(task_result_duration['end']) - parse(task_result_duration['start'])).total_seconds()


def main():
    h.require_ansible()
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    settings = sysctl_settings()
    vtune_play = {'name': 'A vtune', 'hosts': 'all', 'gather_facts': False, 'tasks': [
        h.vtune_task('vtune check', state='checked', profile=PROFILE, warn_on_drift=True)]}
    sysctl_play = {'name': 'B sysctl', 'hosts': 'all', 'gather_facts': False, 'tasks': [
        {'name': 'sysctl %s' % name,
         'ansible.posix.sysctl': {'name': name, 'value': value, 'sysctl_set': True,
                                  'state': 'present', 'reload': False}}
        for name, value in settings]}
    plays = []
    for _ in range(rounds):
        plays += [vtune_play, sysctl_play]
    collection = h.Collection()
    work = tempfile.mkdtemp(prefix='vtune-ansible-compare-')
    try:
        r = h.run_playbook(collection, plays, work, ['--check'])
    finally:
        collection.close()
        shutil.rmtree(work, ignore_errors=True)
    if r.doc is None or r.stats.get('failures', 0) or r.stats.get('unreachable', 0):
        sys.exit('the playbook failed:\n' + r.stdout[-3000:] + r.stderr[-3000:])
    times = {'A vtune': [], 'B sysctl': []}
    drift = {'A vtune': None, 'B sysctl': 0}
    for play in r.doc['plays']:
        name = play['play']['name']
        total = sum(seconds(t['task']['duration']) for t in play['tasks'])
        times[name].append(total)
        if name == 'B sysctl':
            drift[name] = sum(1 for t in play['tasks'] if t['hosts']['localhost'].get('changed'))
        else:
            result = play['tasks'][0]['hosts']['localhost']
            drift[name] = '%d items (%d to change), %d of them sysctl' % (
                result['summary']['total'], result['summary']['change'], len(settings))
    print('sysctl settings of %s on this host: %d' % (PROFILE, len(settings)))
    print('A vtune.host.vtune state=checked (check mode): %s; rounds: %s s' % (
        drift['A vtune'], ', '.join('%.3f' % t for t in times['A vtune'])))
    print('B ansible.posix.sysctl x %d (check mode): %d would change; rounds: %s s' % (
        len(settings), drift['B sysctl'], ', '.join('%.3f' % t for t in times['B sysctl'])))
    a, b = statistics.median(times['A vtune']), statistics.median(times['B sysctl'])
    print('median: vtune %.3f s, ansible.posix.sysctl %.3f s; ratio sysctl/vtune = %.1fx' % (
        a, b, b / a))
    return 0


if __name__ == '__main__':
    sys.exit(main())

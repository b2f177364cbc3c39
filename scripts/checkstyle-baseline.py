#!/usr/bin/env python3
"""Regenerates the Checkstyle baseline config/checkstyle/suppressions.xml (one entry per file and check that has
violations today) and refuses to let it grow. See docs/design/structure.md, "Style check (Checkstyle)".

Runs the style check of every module with an empty baseline (no build, no tests), reads the
target/checkstyle-result.xml files and compares with the committed baseline:
  python3 scripts/checkstyle-baseline.py            report: violations per check, entries that can be dropped
  python3 scripts/checkstyle-baseline.py --write    rewrite suppressions.xml; exit 1 (file untouched) if it would
                                                    gain an entry
  ... --write --allow-new                           also accept new entries (only when a rule itself changes,
                                                    said in the commit message; never to make a build pass)
Arguments after -- go to Maven (e.g. -- -o for offline). Run from the repository root."""
import collections, glob, os, re, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

BASELINE = 'config/checkstyle/suppressions.xml'
HEADER = '''<?xml version="1.0"?>
<!DOCTYPE suppressions PUBLIC
    "-//Checkstyle//DTD SuppressionFilter Configuration 1.2//EN"
    "https://checkstyle.org/dtds/suppressions_1_2.dtd">
<!--
  Checkstyle baseline: the style violations that existed when the check was introduced, one entry per file and
  check (the number of violations at that time in the comment). It may only shrink. Regenerate it with
  scripts/checkstyle-baseline.py with the option "write" (it refuses to add entries); see
  docs/design/structure.md, "Style check (Checkstyle)". Do not add entries by hand.
-->
<suppressions>
'''
SEP = '[\\\\/]'


def args():
    argv = sys.argv[1:]
    mvn_extra = argv[argv.index('--') + 1:] if '--' in argv else []
    own = argv[:argv.index('--')] if '--' in argv else argv
    unknown = [a for a in own if a not in ('--write', '--allow-new')]
    if unknown:
        sys.exit(__doc__)
    return '--write' in own, '--allow-new' in own, mvn_extra


def run_check(mvn_extra):
    for old in glob.glob('**/target/checkstyle-result.xml', recursive=True):
        os.remove(old)
    with tempfile.NamedTemporaryFile('w', suffix='.xml', delete=False) as empty:
        empty.write(HEADER + '</suppressions>\n')
    try:
        cmd = ['mvn', '-B', '-q', 'checkstyle:check', '-Dcheckstyle.failOnViolation=false',
               '-Dcheckstyle.baseline=' + empty.name] + mvn_extra
        run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if run.returncode != 0:
            sys.stdout.write(run.stdout)
            sys.exit(f'Maven failed ({run.returncode}): ' + ' '.join(cmd))
    finally:
        os.remove(empty.name)


def violations():
    root = os.getcwd()
    found = collections.Counter()
    for result in sorted(glob.glob('**/target/checkstyle-result.xml', recursive=True)):
        for f in ET.parse(result).getroot().iter('file'):
            path = os.path.relpath(f.get('name'), root).replace(os.sep, '/')
            for e in f.iter('error'):
                found[(path, e.get('source').rsplit('.', 1)[-1].removesuffix('Check'))] += 1
    return found


def committed():
    entries = set()
    if os.path.exists(BASELINE):
        for s in ET.parse(BASELINE).getroot().iter('suppress'):
            entries.add((s.get('files'), s.get('checks')))
    return entries


def regex(path):
    return SEP.join(re.escape(part) for part in path.split('/')) + '$'


def plain(files):
    return files.removesuffix('$').replace(SEP, '/').replace('\\', '')


def main():
    write, allow_new, mvn_extra = args()
    run_check(mvn_extra)
    found = violations()
    now = {(regex(p), c) for p, c in found}
    before = committed()
    per_check = collections.Counter()
    for (_, c), n in found.items():
        per_check[c] += n
    print('violations per check:', ', '.join(f'{c} {n}' for c, n in sorted(per_check.items())) or 'none',
          f'(total {sum(per_check.values())}, {len(found)} file/check entries)')
    gone, new = before - now, now - before
    for f, c in sorted(gone):
        print(f'can be dropped: {c} {plain(f)}')
    for f, c in sorted(new):
        print(f'NEW (not in the baseline): {c} {plain(f)}')
    if not write:
        return 0
    if new and not allow_new:
        print(f'{BASELINE} left unchanged: it would gain {len(new)} entries; fix the new violations instead')
        return 1
    with open(BASELINE, 'w', newline='\n') as out:
        out.write(HEADER)
        for (p, c), n in sorted(found.items()):
            out.write(f'  <suppress checks="{c}" files="{regex(p)}"/> <!-- {n} -->\n')
        out.write('</suppressions>\n')
    print(f'{BASELINE} written: {len(found)} entries ({len(gone)} dropped, {len(new)} added)')
    return 0


if __name__ == '__main__':
    sys.exit(main())

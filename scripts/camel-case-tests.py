#!/usr/bin/env python3
"""One test naming style (issue 15; docs/design/structure.md, "Style check"): every method declared in a src/test/java file with a snake_case name
becomes lowerCamelCase, and every reference to it in test sources (calls, method references, @MethodSource)
follows. argv[1]: repository root."""
import re, subprocess, sys, os
root = sys.argv[1]
def ls(pat):
    return [os.path.join(root, p) for p in subprocess.run(['git', 'ls-files', pat], cwd=root, capture_output=True, text=True).stdout.split()]
files = [f for f in ls('*/src/test/java/*.java') if os.path.exists(f)]
decl = re.compile(r'^\s+(?:(?:public|protected|private|static|final|synchronized)\s+)*(?:<[^>]+>\s+)?[\w.<>\[\]?, ]+\s+([a-z][A-Za-z0-9]*_[A-Za-z0-9_]*)\s*\(', re.M)
names = set()
texts = {f: open(f).read() for f in files}
for t in texts.values():
    names |= {m.group(1) for m in decl.finditer(t)}
def camel(n):
    parts = [p for p in n.split('_') if p]
    return parts[0] + ''.join(p[:1].upper() + p[1:] for p in parts[1:])
mapping = {}
for n in names:
    c = camel(n)
    if any(re.search(r'\b' + c + r'\b', t) for t in texts.values()):
        print('skip (camel name exists):', n); continue
    mapping[n] = c
if mapping:
    pat = re.compile(r'\b(' + '|'.join(sorted(map(re.escape, mapping), key=len, reverse=True)) + r')\b')
    changed = 0
    for f, t in texts.items():
        n = pat.sub(lambda m: mapping[m.group(1)], t)
        if n != t:
            open(f, 'w').write(n); changed += 1
    for f in ls('*.md'):
        t = open(f).read(); n = pat.sub(lambda m: mapping[m.group(1)], t)
        if n != t:
            open(f, 'w').write(n); changed += 1
    print('renamed', len(mapping), 'methods in', changed, 'files')

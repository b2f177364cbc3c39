#!/usr/bin/env python3
"""Checks every relative link in README.md and docs/**/*.md: the target file exists inside the repository and,
for a link into a Markdown file with #fragment, the heading exists (GitHub's anchor rules). Exit 1 when any is
broken. Run from the repository root: python3 scripts/check-doc-links.py"""
import re,os,sys,glob,unicodedata
def slug(h):
    h=re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h).strip().lower()
    h=re.sub(r'[`*]','',h)
    h=re.sub(r'[^\w\- ]','',h)
    return h.replace(' ','-')
def anchors(p):
    a=set(); inside=False
    for l in open(p,encoding='utf-8'):
        if l.startswith('```'): inside=not inside
        if not inside:
            m=re.match(r'#+\s+(.*)',l)
            if m:
                s=slug(m.group(1)); base=s; i=1
                while s in a: s=f'{base}-{i}'; i+=1
                a.add(s)
    return a
files=['README.md']+sorted(glob.glob('docs/**/*.md',recursive=True))
bad=0;n=0
for f in files:
    txt=open(f,encoding='utf-8').read()
    txt=re.sub(r'```.*?```','',txt,flags=re.S)
    for m in re.finditer(r'\]\(([^)\s]+)\)',txt):
        t=m.group(1)
        if re.match(r'[a-z]+:',t): continue
        n+=1
        path,_,frag=t.partition('#')
        target=os.path.normpath(os.path.join(os.path.dirname(f),path)) if path else f
        if not os.path.exists(target):
            print('MISSING',f,t); bad+=1; continue
        if not os.path.realpath(target).startswith(os.path.realpath('.')):
            print('OUTSIDE',f,t); bad+=1; continue
        if frag and target.endswith('.md') and frag not in anchors(target):
            print('ANCHOR',f,t); bad+=1
print(f'{n} relative links in {len(files)} files, {bad} broken')
sys.exit(1 if bad else 0)

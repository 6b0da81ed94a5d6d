#!/usr/bin/env python3
"""Dependency closure of Debian packages and its size, from this machine's apt lists (no downloads).

usage: closure.py [--minus-base] [--no-deps] [--list] PKG...

Follows Depends and Pre-Depends (not Recommends/Suggests: a minimal appliance installs with
--no-install-recommends). For "a | b" it takes the first alternative that is installed here,
else the first one apt knows; a virtual package resolves to an installed provider, else the
first provider apt lists. Sizes are the candidate version's Installed-Size (KiB, as Debian
policy defines it) and Size (bytes of the .deb, i.e. what is downloaded/shipped).

--minus-base leaves out the closure of the Debian base (every Priority: required package plus
apt: what `debootstrap --variant=minbase` installs). The name BASE stands for that base.
--no-deps counts the named packages alone. Prints one line: PACKAGES INSTALLED_KIB DEB_BYTES (and with --list the packages, one a line, to stderr).
"""
import json
import os
import re
import subprocess
import sys

CACHE = os.environ.get("CLOSURE_CACHE")  # a file to keep apt's parsed lists in between runs of one report

_avail, _provides, _installed = None, None, None


def installed():
    global _installed
    if _installed is None:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Status}\t${Provides}\n"],
                             capture_output=True, text=True).stdout
        _installed = {}
        for line in out.splitlines():
            name, status, provides = (line.split("\t") + ["", ""])[:3]
            if status.endswith(" installed"):
                _installed[name] = name
                for p in provides.split(","):
                    p = re.sub(r"\(.*\)", "", p).strip()
                    if p:
                        _installed.setdefault(p, name)
    return _installed


def avail():
    """Every package apt knows here (one record each, the candidate), and who provides what."""
    global _avail, _provides
    if _avail is None and CACHE and os.path.exists(CACHE):
        with open(CACHE) as f:
            _avail, _provides = json.load(f)
    if _avail is None:
        out = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
        _avail, _provides = {}, {}
        for record in out.split("\n\n"):
            fields, key = {}, None
            for line in record.splitlines():
                if line[:1] in (" ", "\t") and key:
                    fields[key] += " " + line.strip()
                elif ":" in line:
                    key, _, value = line.partition(":")
                    fields[key] = value.strip()
            name = fields.get("Package")
            if name and name not in _avail:
                _avail[name] = fields
                for v in fields.get("Provides", "").split(","):
                    v = re.sub(r"\(.*\)", "", v).strip()
                    if v:
                        _provides.setdefault(v, []).append(name)
        if CACHE:
            with open(CACHE, "w") as f:
                json.dump([_avail, _provides], f)
    return _avail


def show(name):
    """The candidate's fields, or None for a purely virtual package."""
    return avail().get(name)


def provider(virtual):
    if virtual in installed():
        return installed()[virtual]
    avail()
    return (_provides.get(virtual) or [None])[0]


def resolve(clause):
    """'a (>= 1) | b:any' -> the package that satisfies it, or None."""
    alts = [re.sub(r"\(.*?\)|\[.*?\]|<.*?>", "", a).strip().split(":")[0] for a in clause.split("|")]
    alts = [a for a in alts if a]
    for a in alts:
        if a in installed():
            return installed()[a]
    for a in alts:
        if show(a):
            return a
        p = provider(a)
        if p:
            return p
    return None


def closure(roots):
    seen, todo = set(), list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        f = show(name)
        if f is None:
            p = provider(name)
            if p is None:
                sys.exit(f"closure.py: apt knows no package {name} (run apt-get update?)")
            todo.append(p)
            continue
        seen.add(name)
        deps = ",".join(x for x in (f.get("Pre-Depends", ""), f.get("Depends", "")) if x)
        for clause in deps.split(","):
            if clause.strip():
                dep = resolve(clause)
                if dep is None:
                    sys.exit(f"closure.py: cannot satisfy '{clause.strip()}' of {name}")
                todo.append(dep)
    return seen


def base_roots():
    return {"apt"} | {n for n, f in avail().items() if f.get("Priority") == "required"}


def main(argv):
    minus_base = "--minus-base" in argv
    listing = "--list" in argv
    pkgs = [a for a in argv if not a.startswith("--")]
    roots = set(p for p in pkgs if p != "BASE") | (base_roots() if "BASE" in pkgs else set())
    got = roots if "--no-deps" in argv else closure(roots)
    if minus_base:
        got -= closure(base_roots())
    kib = sum(int(show(p).get("Installed-Size", "0")) for p in got)
    deb = sum(int(show(p).get("Size", "0")) for p in got)
    print(len(got), kib, deb)
    if listing:
        for p in sorted(got):
            print(f"  {p} {show(p).get('Version', '?')} {show(p).get('Installed-Size', '?')} KiB", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])

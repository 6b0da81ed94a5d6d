"""What bench/tcp's and bench/http's reports share: the arguments, the header, the table of every run."""
import argparse


def args(*extra):
    p = argparse.ArgumentParser()
    p.add_argument("tsv")
    for k in ("command", "date", "facts", "links", "skipped") + extra:
        p.add_argument("--" + k, default="")
    return p.parse_args()


def header(title, a, *lines):
    out = ["# " + title, "", "- Command: `%s`" % a.command, "- Date: %s" % a.date, a.facts, *lines]
    for l in filter(None, a.links.split(";")):
        s, info = l.split("=", 1)
        out.append("- Path of %s: %s" % (s, info))
    if a.skipped:
        out.append("- Skipped: %s" % a.skipped)
    return out


def every_run(columns, rows):
    """A collapsed table: columns as (name, right-aligned?), rows as tuples of cells."""
    out = ["", "<details><summary>every run</summary>", "", "| " + " | ".join(c for c, _ in columns) + " |",
           "|" + "|".join("---:" if r else "---" for _, r in columns) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out + ["", "</details>"]

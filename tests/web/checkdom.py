#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks the status page's DOM as headless Chromium dumped it (--dump-dom).

  checkdom.py hosts FILE    every host shown with its status; hostile
                            device text present as text; no script ran
  checkdom.py down FILE     the daemon-down banner is shown

Exits non-zero after printing "not ok - ..." for each failed assertion.
"""
import sys
from html.parser import HTMLParser

HOSTS = {"good": "ok", "dead": "timeout", "busy": "error", "pending": "pending", "old": "error"}
HOSTILE = ("</script><img src=x onerror=\"document.title='pwned';"
           "document.body.appendChild(document.createElement('pwned'))\">")
INJECT = 'x"} 1\nsnmpoll_up{host="evil"} 1\n# TYPE fake gauge\n&amp; <b>b</b>'


class Dom(HTMLParser):
    """Collects tags, the title, and per-host card text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.title, self.stack = [], "", []
        self.cards, self.card, self.depth = [], None, 0
        self.cell, self.cells, self.msg, self.in_msg = None, [], "", False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        self.stack.append(tag)
        cls = (a.get("class") or "").split()
        if tag == "section" and "host" in cls:
            self.card = {"class": cls, "text": [], "name": None}
            self.cards.append(self.card)
            self.depth = len(self.stack)
        if self.card is not None and "name" in cls:
            self.card["name"] = ""
        if tag == "td" and "v" in cls:
            self.cell = ""
        if a.get("id") == "msg":
            self.in_msg = True

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if tag == "section" and self.card is not None and len(self.stack) < self.depth:
            self.card = None
        if tag == "td" and self.cell is not None:
            self.cells.append(self.cell)
            self.cell = None
        if tag == "div":
            self.in_msg = False

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title += data
        if self.card is not None:
            self.card["text"].append(data)
            if self.card["name"] == "" and self.stack and self.stack[-1] == "span":
                self.card["name"] = data
        if self.cell is not None:
            self.cell += data
        if self.in_msg:
            self.msg += data


results = []


def ok(cond, desc, detail=""):
    results.append((bool(cond), desc, detail))


def check_hosts(d):
    names = {c["name"]: c for c in d.cards}
    ok(set(names) == set(HOSTS) and len(d.cards) == len(HOSTS), "every host has a card", repr(list(names)))
    for name, st in HOSTS.items():
        c = names.get(name)
        ok(c is not None and st in c["class"], "%s shown as %s" % (name, st), repr(c and c["class"]))
    dead = " ".join(names.get("dead", {}).get("text", []))
    ok("never" in dead and "7 failures" in dead, "dead host: never answered, 7 failures", dead)
    ok(HOSTILE in d.cells, "hostile sysName shown as text")
    ok(any(c.startswith(INJECT) for c in d.cells), "injection attempt shown as text")
    ok(any(c.startswith("18446744073709551615") for c in d.cells), "Counter64 shown with every digit")
    bad = [t for t, a in d.tags if t in ("img", "pwned", "b")]
    ok(not bad, "no element from device text", repr(bad))
    ok(sum(1 for t, a in d.tags if t == "script") == 1, "only the page's own script")
    ok("pwned" not in d.title and d.title.startswith("snmpoll"), "title untouched by device text", d.title)
    ok(d.title == "snmpoll: 1/5 up", "title shows hosts up", d.title)
    ok(d.msg == "", "no error banner", d.msg)


def check_down(d):
    ok("status unavailable" in d.msg and "503" in d.msg, "banner says the status is unavailable", d.msg)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    d = Dom()
    with open(path, encoding="utf-8") as f:
        d.feed(f.read())
    {"hosts": check_hosts, "down": check_down}[mode](d)
    bad = [r for r in results if not r[0]]
    for _, desc, detail in bad:
        print("not ok - %s%s" % (desc, (": " + detail) if detail else ""))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

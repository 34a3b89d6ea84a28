#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A hostile SNMP agent for the tests, on loopback UDP.

    agent.py [--addr A] [--stats FILE] [--ready FILE] [--lifetime S]
             [--delay-ms N] MODE:PORT...

Each MODE:PORT binds one socket that answers every SNMP request it can
parse (v1/v2c GET, GETNEXT, GETBULK) with the misbehaviour MODE names.  A
mode with several variants rotates through them, one per request, so
repeated cycles exercise them all.  Requests it cannot parse are ignored.

What a correct answer looks like ("good"): every GET varbind gets the
OCTET STRING "HOSTILE-<mode>", except sysUpTime.0 (TimeTicks) and
1.3.6.1.4.1.99999.2.N (N*N*1500 bytes of "L", N <= 6) and
1.3.6.1.4.1.99999.3.N (Counter32: the socket's request number, the same
for every varbind of one answer: a record mixing two answers shows); the subtree
1.3.6.1.4.1.99999.7 holds rows .1 to .5 with that string, walked with
GETNEXT (v1: noSuchName past the end) or GETBULK (endOfMibView).

Modes:
  good       the correct answer
  random     random bytes (3 datagrams: raw, SEQUENCE-headed, valid prefix)
  truncated  the correct answer cut short (4 cut points per request)
  overrun    a length field claiming more than the datagram holds
  bigoid     absurd OIDs: sub-identifiers > 2^32 and > 2^64, 200 arcs,
             non-minimal encodings, in names or in OBJECT IDENTIFIER values
  wrapoid    each name's last sub-identifier + 2^64 (wraps to the OID asked
             for in a parser without an overflow check)
  manyvb     thousands of varbinds (3500 small ones, ~64 KB)
  wrongid    replies with other request ids only
  wrongcomm  the correct answer with another community
  otherport  the correct answer sent from a second socket (another port)
  dup        the correct answer three times
  late       the correct answer, --delay-ms (default 700) after the request
  oversize   a correct answer of ~65000 bytes (one 64 KB OCTET STRING)
  flood      300 junk datagrams (garbage, wrong ids), then the correct answer
  spray      the correct answer, and copies to the 128 ports around the
             requester's (other sessions' sockets must never take them)
  errstat    odd error-status / error-index combinations
  lenflood   9000 empty varbinds (~63 KB) behind lengths in 5-byte long form
             (30 85 00 00 00 NN): past a screen that gives up on long forms
  wrapoid5   wrapoid, with the lengths in 5-byte long form
  toobig     every answer is error-status tooBig (the request's varbinds)

--stats FILE is rewritten after each request with "MODE COUNT" lines;
--ready FILE is created once every socket is bound.  The agent exits on
SIGTERM/SIGINT or after --lifetime seconds (default 600).
"""
import argparse
import heapq
import os
import random
import select
import signal
import socket
import sys
import time

SYSUPTIME0 = (1, 3, 6, 1, 2, 1, 1, 3, 0)
BASE = (1, 3, 6, 1, 4, 1, 99999, 7)
ROWS = [BASE + (i,) for i in range(1, 6)]
BIG = (1, 3, 6, 1, 4, 1, 99999, 2)

GET, GETNEXT, RESPONSE, GETBULK = 0xa0, 0xa1, 0xa2, 0xa5
INT, OCTETS, NULL, OID, SEQ = 0x02, 0x04, 0x05, 0x06, 0x30
TIMETICKS, ENDOFMIB = 0x43, 0x82

# ---- BER -----------------------------------------------------------------


def enc_len(n, force=0):
    """Definite length; force=k writes it in long form with k bytes."""
    if n < 0x80 and not force:
        return bytes([n])
    k = force or (n.bit_length() + 7) // 8
    return bytes([0x80 | k]) + n.to_bytes(k, "big")


def tlv(tag, body, length=None, force=0):
    return bytes([tag]) + enc_len(len(body) if length is None else length, force) + body


def enc_int(v, tag=INT):
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(tag, v.to_bytes(n, "big", signed=True))


def enc_uint(v, tag):
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(tag, v.to_bytes(n, "big"))


def subid(v, pad=0):
    out = [v & 0x7f]
    v >>= 7
    while v:
        out.append(0x80 | (v & 0x7f))
        v >>= 7
    out += [0x80] * pad		# non-minimal: leading 0x80 bytes
    return bytes(reversed(out))


def oid_body(arcs, pad=0):
    if len(arcs) < 2:
        return bytes([arcs[0] * 40]) if arcs else b""
    return subid(arcs[0] * 40 + arcs[1]) + b"".join(subid(a, pad) for a in arcs[2:])


def enc_oid(arcs, pad=0):
    return tlv(OID, oid_body(arcs, pad))


def read_tlv(buf, i):
    """(tag, body, next) of the element at i; raises ValueError."""
    if i + 2 > len(buf):
        raise ValueError("short")
    tag, n = buf[i], buf[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7f
        if k == 0 or k > 4 or i + k > len(buf):
            raise ValueError("length")
        n = int.from_bytes(buf[i:i + k], "big")
        i += k
    if i + n > len(buf):
        raise ValueError("overrun")
    return tag, buf[i:i + n], i + n


def dec_int(body):
    return int.from_bytes(body, "big", signed=True)


def dec_oid(body):
    arcs, v = [], 0
    for b in body:
        v = (v << 7) | (b & 0x7f)
        if not b & 0x80:
            arcs.append(v)
            v = 0
    if not arcs:
        return ()
    first = min(arcs[0] // 40, 2)
    return (first, arcs[0] - 40 * first) + tuple(arcs[1:])


def parse_pdu(pdu):
    """(request-id, error-status/non-repeaters, error-index/max-repetitions,
    [names]) of a PDU's contents."""
    _, rid, i = read_tlv(pdu, 0)
    _, e1, i = read_tlv(pdu, i)
    _, e2, i = read_tlv(pdu, i)
    _, vbl, _ = read_tlv(pdu, i)
    oids = []
    i = 0
    while i < len(vbl):
        _, vb, i = read_tlv(vbl, i)
        _, name, _ = read_tlv(vb, 0)
        oids.append(dec_oid(name))
    return dec_int(rid), dec_int(e1), dec_int(e2), oids


class Request:
    """The parts of a request this agent needs."""

    def __init__(self, data):
        tag, msg, _ = read_tlv(data, 0)
        if tag != SEQ:
            raise ValueError("not a sequence")
        _, ver, i = read_tlv(msg, 0)
        _, self.community, i = read_tlv(msg, i)
        self.pdu_type, pdu, _ = read_tlv(msg, i)
        if self.pdu_type not in (GET, GETNEXT, GETBULK):
            raise ValueError("not a request")	# e.g. another agent's spray
        self.version = dec_int(ver)
        self.reqid, self.non_rep, self.max_rep, self.oids = parse_pdu(pdu)


# ---- answers ---------------------------------------------------------------

T0 = time.time()


def varbind(name, value):
    return tlv(SEQ, (name if isinstance(name, bytes) else enc_oid(name)) + value)


def message(req, varbinds, reqid=None, community=None, errstat=0, errindex=0, force=0):
    """force=k: the message, PDU and list lengths in k-byte long form."""
    pdu = (enc_int(req.reqid if reqid is None else reqid) + enc_int(errstat) +
           enc_int(errindex) + tlv(SEQ, b"".join(varbinds), force=force))
    return tlv(SEQ, enc_int(req.version) +
               tlv(OCTETS, req.community if community is None else community) +
               tlv(RESPONSE, pdu, force=force), force=force)


SEQ_BASE = (1, 3, 6, 1, 4, 1, 99999, 3)
SEQNO = [0]	# the request being answered, per socket (set by Mode.answers)


def big_value(o):
    """1.3.6.1.4.1.99999.2.N: N*N*1500 bytes of "L" (long, legal values)."""
    o = tuple(o)
    if len(o) == 9 and o[:8] == BIG and 1 <= o[8] <= 6:
        return tlv(OCTETS, b"L" * (o[8] * o[8] * 1500))
    if len(o) == 9 and o[:8] == SEQ_BASE:
        return enc_uint(SEQNO[0] & 0xffffffff, 0x41)
    return None


def next_row(o):
    for r in ROWS:
        if r > tuple(o):
            return r
    return None


def good_varbinds(req, marker):
    """(varbinds, errstat, errindex) of the correct answer."""
    val = tlv(OCTETS, marker)
    if req.pdu_type == GET:
        vbs = [varbind(o, enc_uint(int((time.time() - T0) * 100), TIMETICKS)
                       if tuple(o) == SYSUPTIME0 else big_value(o) or val) for o in req.oids]
        return vbs, 0, 0
    if req.pdu_type == GETNEXT:
        vbs = []
        for k, o in enumerate(req.oids):
            r = next_row(o)
            if r is None:
                return [varbind(o, tlv(NULL, b"")) for o in req.oids], 2, k + 1
            vbs.append(varbind(r, val))
        return vbs, 0, 0
    vbs = []
    for o in req.oids[:max(req.non_rep, 0)]:
        r = next_row(o)
        vbs.append(varbind(r, val) if r else varbind(o, tlv(ENDOFMIB, b"")))
    for o in req.oids[max(req.non_rep, 0):]:
        cur = tuple(o)
        for _ in range(max(1, min(req.max_rep, 100))):
            r = next_row(cur)
            if r is None:
                vbs.append(varbind(cur, tlv(ENDOFMIB, b"")))
                break
            vbs.append(varbind(r, val))
            cur = r
    return vbs, 0, 0


def good(req, marker):
    vbs, es, ei = good_varbinds(req, marker)
    return message(req, vbs, errstat=es, errindex=ei)


class Mode:
    """Per-socket state: the mode, its request counter, its randomness."""

    def __init__(self, name, port, addr, delay_ms):
        self.name, self.port, self.delay = name, port, delay_ms / 1000.0
        self.marker = ("HOSTILE-" + name).encode()
        self.n = 0
        self.rng = random.Random(port)
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_DGRAM)
        self.sock.bind((addr, port))
        self.other = None
        if name == "otherport":
            self.other = socket.socket(fam, socket.SOCK_DGRAM)
            self.other.bind((addr, 0))
        if name == "flood":
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)

    def variant(self, k):
        return (self.n - 1) % k

    def answers(self, req, peer):
        """[(delay_s, socket, datagram, peer)] for this request."""
        self.n += 1
        SEQNO[0] = self.n
        fn = getattr(self, "m_" + self.name)
        out = fn(req)
        return [(0.0, self.sock, d, peer) if isinstance(d, bytes) else d for d in out]

    def junk(self, n):
        return bytes(self.rng.getrandbits(8) for _ in range(n))

    # -- the modes --
    def m_good(self, req):
        return [good(req, self.marker)]

    def m_random(self, req):
        ok = good(req, self.marker)
        n = self.rng.randint(1, 1400)
        cut = self.rng.randint(2, len(ok) - 1)
        return [self.junk(n), b"\x30" + enc_len(n) + self.junk(n),
                ok[:cut] + self.junk(self.rng.randint(1, 200))]

    def m_truncated(self, req):
        ok = good(req, self.marker)
        cuts = {1, len(ok) - 1, self.rng.randint(2, len(ok) - 1), len(ok) // 2}
        return [ok[:c] for c in sorted(cuts)]

    def m_overrun(self, req):
        vbs, es, ei = good_varbinds(req, self.marker)
        v = self.variant(5)
        pdu_tail = enc_int(es) + enc_int(ei)
        if v == 0:	# the message claims 1000 bytes more than sent
            inner = message(req, vbs, errstat=es, errindex=ei)
            _, body, _ = read_tlv(inner, 0)
            return [tlv(SEQ, body, length=len(body) + 1000, force=2)]
        if v == 1:	# one value's length is 0x7fffffff
            vb0 = enc_oid(req.oids[0]) + tlv(OCTETS, self.marker, length=0x7fffffff, force=4)
            vbs = [tlv(SEQ, vb0)] + vbs[1:]
        elif v == 2:	# a length of length beyond 4 bytes
            vbs = [b"\x30\x88\xff\xff\xff\xff\xff\xff\xff\xff" + vbs[0]] + vbs[1:]
        elif v == 3:	# the varbind list claims 60000 bytes
            pdu = enc_int(req.reqid) + pdu_tail + tlv(SEQ, b"".join(vbs), length=60000, force=2)
            return [tlv(SEQ, enc_int(req.version) + tlv(OCTETS, req.community) +
                        tlv(RESPONSE, pdu))]
        else:		# an OID length past the end
            vbs = [tlv(SEQ, tlv(OID, oid_body(req.oids[0]), length=250, force=1) +
                       tlv(OCTETS, self.marker))] + vbs[1:]
        return [message(req, vbs, errstat=es, errindex=ei)]

    def m_bigoid(self, req):
        o = tuple(req.oids[0])
        val = tlv(OCTETS, self.marker)
        v = self.variant(7)
        if v == 0:
            name = enc_oid(o + (1 << 40,))
        elif v == 1:
            name = enc_oid(o + ((1 << 64) + 5,))
        elif v == 2:
            name = enc_oid(o + (1 << 35,) * 3 + (7,))
        elif v == 3:
            name = enc_oid(o + tuple(range(200)))
        elif v == 4:	# just past 2^32, padded with non-minimal 0x80 bytes
            name = enc_oid(o + (1 << 32,), pad=20)
        elif v == 5:	# the right name, an absurd OBJECT IDENTIFIER value
            return [message(req, [varbind(o, enc_oid((1, 3) + (1 << 33,) * 4 + tuple(range(140))))] +
                            [varbind(x, val) for x in req.oids[1:]])]
        else:		# first sub-identifier beyond 2^64
            name = tlv(OID, subid(1 << 70) + oid_body(o)[1:])
        return [message(req, [varbind(name, val)] + [varbind(x, val) for x in req.oids[1:]])]

    def m_wrapoid(self, req, force=0):
        """Every name's last sub-identifier plus 2^64: the OID asked for,
        if the parser lets it wrap (Debian's net-snmp 5.9.3 does)."""
        vbs, es, ei = good_varbinds(req, self.marker)
        out = []
        for vb in vbs:
            _, body, _ = read_tlv(vb, 0)
            _, name, end = read_tlv(body, 0)
            arcs = dec_oid(name)
            arcs = arcs[:-1] + (arcs[-1] + (1 << 64),)
            out.append(tlv(SEQ, enc_oid(arcs) + body[end:]))
        return [message(req, out, errstat=es, errindex=ei, force=force)]

    def m_wrapoid5(self, req):
        return self.m_wrapoid(req, force=5)

    def m_lenflood(self, req):
        vb = varbind((1, 3), tlv(NULL, b""))
        return [message(req, [vb] * 9000, force=5)]

    def m_toobig(self, req):
        vbs = [varbind(o, tlv(NULL, b"")) for o in req.oids]
        return [message(req, vbs, errstat=1, errindex=0)]

    def m_manyvb(self, req):
        n = 3500
        if self.variant(2):
            vbs = [varbind(BASE + (i,), tlv(NULL, b"")) for i in range(1, n + 1)]
        else:
            vb = varbind(req.oids[0], tlv(NULL, b""))
            vbs = [vb] * n
        return [message(req, vbs)]

    def m_wrongid(self, req):
        vbs, es, ei = good_varbinds(req, self.marker)
        ids = [req.reqid + 1, req.reqid - 1, req.reqid ^ 0x40000000, 0, -1, 2 ** 31 - 1]
        return [message(req, vbs, reqid=r, errstat=es, errindex=ei) for r in ids]

    def m_wrongcomm(self, req):
        vbs, es, ei = good_varbinds(req, self.marker)
        c = req.community
        other = [b"private", b"", c[:-1] + bytes([c[-1] ^ 1]) if c else b"x", c + b"\0"]
        return [message(req, vbs, community=other[self.variant(len(other))],
                        errstat=es, errindex=ei)]

    def m_otherport(self, req):
        return [(0.0, self.other, good(req, self.marker), None)]

    def m_dup(self, req):
        ok = good(req, self.marker)
        return [ok, ok, ok]

    def m_late(self, req):
        return [(self.delay, self.sock, good(req, self.marker), None)]

    def m_oversize(self, req):
        vbs, es, ei = good_varbinds(req, self.marker)
        big = self.marker + b"." * (65000 - len(self.marker))
        _, body, _ = read_tlv(vbs[0], 0)
        _, _, end = read_tlv(body, 0)
        vbs[0] = tlv(SEQ, body[:end] + tlv(OCTETS, big))
        return [message(req, vbs, errstat=es, errindex=ei)[:65507]]

    def m_flood(self, req):
        vbs, es, ei = good_varbinds(req, self.marker)
        wrong = message(req, vbs, reqid=req.reqid + 1, errstat=es, errindex=ei)
        junk = self.junk(64)
        out = [wrong if k % 2 else junk[k % 61:] for k in range(300)]
        return out + [good(req, self.marker)]

    def m_spray(self, req):
        ok = good(req, self.marker)
        return [ok] + [(0.0, self.sock, ok, ("port", d)) for d in range(-64, 65) if d]

    def m_errstat(self, req):
        vbs, _, _ = good_varbinds(req, self.marker)
        combos = [(2, 0), (2, len(req.oids) + 1), (2, -5), (2, 1 << 31), (1, 0),
                  (5, 1), (999, 1), (-1, 0), (18, 7)]
        es, ei = combos[self.variant(len(combos))]
        return [message(req, vbs, errstat=es, errindex=ei)]


# ---- the loop ----------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--addr", default="127.0.0.1")
    ap.add_argument("--stats")
    ap.add_argument("--ready")
    ap.add_argument("--lifetime", type=float, default=600)
    ap.add_argument("--delay-ms", type=int, default=700)
    ap.add_argument("modes", nargs="+", help="MODE:PORT")
    a = ap.parse_args()

    modes = {}
    for spec in a.modes:
        name, _, port = spec.partition(":")
        if not hasattr(Mode, "m_" + name):
            ap.error("unknown mode " + name)
        m = Mode(name, int(port), a.addr, a.delay_ms)
        modes[m.sock.fileno()] = m
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    if a.ready:
        with open(a.ready, "w") as f:
            f.write("%d\n" % os.getpid())
    counts = {m.name: 0 for m in modes.values()}
    later = []		# heap of (when, seq, sock, data, peer)
    seq = 0
    end = time.time() + a.lifetime
    while not stop and time.time() < end:
        now = time.time()
        wait = min(1.0, max(0.0, later[0][0] - now)) if later else 1.0
        try:
            r, _, _ = select.select(list(modes), [], [], wait)
        except InterruptedError:
            continue
        now = time.time()
        while later and later[0][0] <= now:
            _, _, s, d, peer = heapq.heappop(later)
            send(s, d, peer)
        for fd in r:
            m = modes[fd]
            try:
                data, peer = m.sock.recvfrom(65536)
                req = Request(data)
            except (OSError, ValueError, IndexError):
                continue
            counts[m.name] += 1
            for delay, s, d, to in m.answers(req, peer):
                to = peer if to is None else to
                if isinstance(to, tuple) and to and to[0] == "port":
                    to = (peer[0], (peer[1] + to[1]) % 65536 or 1)
                if delay:
                    seq += 1
                    heapq.heappush(later, (now + delay, seq, s, d, to))
                else:
                    send(s, d, to)
            if a.stats:
                with open(a.stats + ".tmp", "w") as f:
                    f.writelines("%s %d\n" % kv for kv in sorted(counts.items()))
                os.replace(a.stats + ".tmp", a.stats)
    return 0


def send(s, data, peer):
    try:
        s.sendto(data, peer)
    except OSError:
        pass		# buffer full, port unreachable: a hostile agent does not care


if __name__ == "__main__":
    sys.exit(main())

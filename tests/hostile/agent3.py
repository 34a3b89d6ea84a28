#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A hostile SNMPv3 agent for the tests, on loopback UDP (USM, authNoPriv
with HMAC-SHA-96: Python's standard library has no AES).

    agent3.py [--addr A] [--ready FILE] [--lifetime S] --user U --pass P
              MODE:PORT...

Every socket answers engine-ID discovery correctly (a Report with its own
engine ID, boots 1 and its uptime); what it does with a GET, GETNEXT or
GETBULK from user U is what MODE names.  The correct answer ("good") is
tests/hostile/agent.py's, authenticated with P's key localised to the
socket's engine ID: GET values are the OCTET STRING "HOSTILE3-<mode>"
(sysUpTime.0 TimeTicks), 1.3.6.1.4.1.99999.7 has five rows.  Values that
must never be taken say "FORGED".

Modes:
  good         the correct answer
  garbage      random bytes, a v3 header with random rest, the correct
               answer cut short, the correct answer with one byte flipped
  wrongmsgid   the correct answer with msgID +1 and -1, nothing else
  wrongengine  FORGED answers from another engine ID: authenticated with
               the key localised to it, or with ours and a changed header
  unauthreport an unauthenticated Report (usmStatsUnknownUserNames) whose
               varbinds carry FORGED values, then a plain one, instead of
               an answer
  unauthresp   an unauthenticated (noAuthNoPriv) FORGED Response
  replay       before the correct answer, an authenticated FORGED answer
               to the previous request (its msgID), replayed
"""
import argparse
import hashlib
import hmac
import os
import random
import select
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agent as v2  # noqa: E402  (BER helpers, the correct varbinds)

from agent import OCTETS, SEQ, tlv, enc_int, enc_uint, read_tlv, dec_int  # noqa: E402

REPORT = 0xa8
USM_STATS = (1, 3, 6, 1, 6, 3, 15, 1, 1)
UNKNOWN_ENGINE, UNKNOWN_USER = USM_STATS + (4, 0), USM_STATS + (3, 0)
FLAG_AUTH, FLAG_REPORTABLE = 1, 4
T0 = time.time()


def password_to_key(passphrase):
    """RFC 3414 A.2.2 (SHA-1)."""
    p = passphrase.encode()
    h = hashlib.sha1()
    buf = (p * (1048576 // len(p) + 1))[:1048576]
    h.update(buf)
    return h.digest()


def localize(ku, engine):
    return hashlib.sha1(ku + engine + ku).digest()


class V3Request:
    """What the agent needs of an SNMPv3 request (plaintext scoped PDU)."""

    def __init__(self, data):
        tag, msg, _ = read_tlv(data, 0)
        if tag != SEQ:
            raise ValueError("not a sequence")
        _, ver, i = read_tlv(msg, 0)
        if dec_int(ver) != 3:
            raise ValueError("not v3")
        _, glob, i = read_tlv(msg, i)
        _, secp, i = read_tlv(msg, i)
        _, scoped, _ = read_tlv(msg, i)
        _, mid, j = read_tlv(glob, 0)
        _, _, j = read_tlv(glob, j)
        _, flags, j = read_tlv(glob, j)
        self.msgid, self.flags = dec_int(mid), flags[0] if flags else 0
        _, usm, _ = read_tlv(secp, 0)
        _, self.engine, j = read_tlv(usm, 0)
        _, _, j = read_tlv(usm, j)
        _, _, j = read_tlv(usm, j)
        _, self.user, j = read_tlv(usm, j)
        _, self.ctx_engine, j = read_tlv(scoped, 0)
        _, self.ctx_name, j = read_tlv(scoped, j)
        self.pdu_type, pdu, _ = read_tlv(scoped, j)
        self.reqid, self.non_rep, self.max_rep, self.oids = v2.parse_pdu(pdu)


class Engine:
    """One socket: its engine ID, key and mode."""

    def __init__(self, mode, port, addr, user, ku):
        self.mode, self.user = mode, user.encode()
        self.engine = b"\x80\x00\x1f\x88\x04" + ("hostile3-%d" % port).encode()
        self.key = localize(ku, self.engine)
        self.other_engine = b"\x80\x00\x1f\x88\x04other-%d" % port
        self.other_key = localize(ku, self.other_engine)
        self.rng = random.Random(port)
        self.n = 0
        self.last = None	# (msgid, reqid) of the previous request
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((addr, port))

    def message(self, msgid, flags, user, pdu, key=None, engine=None, ctx_engine=None):
        engine = engine or self.engine
        boots, now = 1, int(time.time() - T0)

        def build(auth):
            usm = tlv(SEQ, tlv(OCTETS, engine) + enc_int(boots) + enc_int(now) +
                      tlv(OCTETS, user) + tlv(OCTETS, auth) + tlv(OCTETS, b""))
            glob = tlv(SEQ, enc_int(msgid) + enc_int(65507) + tlv(OCTETS, bytes([flags])) +
                       enc_int(3))
            scoped = tlv(SEQ, tlv(OCTETS, ctx_engine or engine) + tlv(OCTETS, b"") + pdu)
            return tlv(SEQ, enc_int(3) + glob + tlv(OCTETS, usm) + scoped)
        if not flags & FLAG_AUTH:
            return build(b"")
        whole = build(b"\0" * 12)
        digest = hmac.new(key or self.key, whole, hashlib.sha1).digest()[:12]
        return build(digest)

    def pdu(self, tag, reqid, varbinds, errstat=0, errindex=0):
        return tlv(tag, enc_int(reqid) + enc_int(errstat) + enc_int(errindex) +
                   tlv(SEQ, b"".join(varbinds)))

    def good_pdu(self, req, marker):
        vbs, es, ei = v2.good_varbinds(req, marker)
        return self.pdu(v2.RESPONSE, req.reqid, vbs, es, ei)

    def forged_pdu(self, req, reqid=None):
        vbs = [v2.varbind(o, tlv(OCTETS, b"FORGED")) for o in req.oids]
        return self.pdu(v2.RESPONSE, req.reqid if reqid is None else reqid, vbs)

    def answers(self, req):
        if not req.engine:	# discovery
            vb = v2.varbind(UNKNOWN_ENGINE, enc_uint(1, 0x41))
            return [self.message(req.msgid, 0, b"", self.pdu(REPORT, req.reqid, [vb]))]
        self.n += 1
        last, self.last = self.last, (req.msgid, req.reqid)
        good = self.message(req.msgid, FLAG_AUTH, self.user,
                            self.good_pdu(req, ("HOSTILE3-" + self.mode).encode()))
        return getattr(self, "m_" + self.mode)(req, good, last)

    # -- the modes --
    def m_good(self, req, good, last):
        return [good]

    def m_garbage(self, req, good, last):
        junk = bytes(self.rng.getrandbits(8) for _ in range(self.rng.randint(1, 600)))
        head = good[:40] + junk
        cut = good[:self.rng.randint(2, len(good) - 1)]
        k = self.rng.randint(0, len(good) - 1)
        flipped = good[:k] + bytes([good[k] ^ 0x55]) + good[k + 1:]
        return [junk, head, cut, flipped]

    def m_wrongmsgid(self, req, good, last):
        pdu = self.forged_pdu(req)
        return [self.message(req.msgid + 1, FLAG_AUTH, self.user, pdu),
                self.message(req.msgid - 1, FLAG_AUTH, self.user, pdu)]

    def m_wrongengine(self, req, good, last):
        pdu = self.forged_pdu(req)
        return [self.message(req.msgid, FLAG_AUTH, self.user, pdu, key=self.other_key,
                             engine=self.other_engine),
                self.message(req.msgid, FLAG_AUTH, self.user, pdu, engine=self.other_engine),
                self.message(req.msgid, FLAG_AUTH, self.user, pdu, ctx_engine=self.other_engine)]

    def m_unauthreport(self, req, good, last):
        vb = v2.varbind(UNKNOWN_USER, enc_uint(7, 0x41))
        forged = [vb] + [v2.varbind(o, tlv(OCTETS, b"FORGED")) for o in req.oids]
        return [self.message(req.msgid, 0, self.user, self.pdu(REPORT, req.reqid, forged)),
                self.message(req.msgid, 0, self.user, self.pdu(REPORT, req.reqid, [vb]))]

    def m_unauthresp(self, req, good, last):
        return [self.message(req.msgid, 0, self.user, self.forged_pdu(req))]

    def m_replay(self, req, good, last):
        out = []
        if last:
            out.append(self.message(last[0], FLAG_AUTH, self.user,
                                    self.forged_pdu(req, reqid=last[1])))
        return out + [good]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--addr", default="127.0.0.1")
    ap.add_argument("--ready")
    ap.add_argument("--lifetime", type=float, default=600)
    ap.add_argument("--user", required=True)
    ap.add_argument("--pass", dest="passphrase", required=True)
    ap.add_argument("modes", nargs="+", help="MODE:PORT")
    a = ap.parse_args()
    ku = password_to_key(a.passphrase)
    socks = {}
    for spec in a.modes:
        name, _, port = spec.partition(":")
        if not hasattr(Engine, "m_" + name):
            ap.error("unknown mode " + name)
        e = Engine(name, int(port), a.addr, a.user, ku)
        socks[e.sock.fileno()] = e
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    if a.ready:
        with open(a.ready, "w") as f:
            f.write("%d\n" % os.getpid())
    end = time.time() + a.lifetime
    while not stop and time.time() < end:
        try:
            r, _, _ = select.select(list(socks), [], [], 1.0)
        except InterruptedError:
            continue
        for fd in r:
            e = socks[fd]
            try:
                data, peer = e.sock.recvfrom(65536)
                req = V3Request(data)
            except (OSError, ValueError, IndexError):
                continue
            for d in e.answers(req):
                try:
                    e.sock.sendto(d, peer)
                except OSError:
                    pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write the seed corpora of the fuzz harnesses (run by hand; the output
is committed): mkseeds.py [OUTDIR, default tests/fuzz/corpus].

pdu/: for each host of tests/fuzz/pdu.tbl, the answers a well-behaved
agent gives to the requests the engine sends, in fuzz_pdu.c's input format
(host byte, then 2-byte length + datagram for each answer), plus answers
with errors (noSuchName, tooBig, genErr), exceptions, every value type and
a few hostile shapes.  BER comes from tests/hostile/agent.py's encoder.

table/: the board tables and tests/table's good and bad tables, behind
the limits byte fuzz_table.c reads first.
"""
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, "tests", "hostile"))
import agent as A  # noqa: E402

RID = 0x12345678	# 4-byte request id: fuzz_pdu.c overwrites it
SYS = [(1, 3, 6, 1, 2, 1, 1, 1, 0), (1, 3, 6, 1, 2, 1, 1, 2, 0), (1, 3, 6, 1, 2, 1, 1, 3, 0),
       (1, 3, 6, 1, 2, 1, 1, 5, 0), (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1),
       (1, 3, 6, 1, 2, 1, 2, 2, 1, 10, 1), (1, 3, 6, 1, 4, 1, 99999, 1, 1),
       (1, 3, 6, 1, 4, 1, 99999, 1, 2)]
IFDESCR = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2)
IFHCIN = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6)
UPTIME = (1, 3, 6, 1, 2, 1, 1, 3, 0)


def octets(s):
    return A.tlv(A.OCTETS, s)


SYS_VALUES = [octets(b"Linux gw 6.6 \xff\xfe \"q\" <b>"), A.enc_oid((1, 3, 6, 1, 4, 1, 8072, 3, 2, 10)),
              A.enc_uint(8640000, A.TIMETICKS), octets(b"gw\x00\x1b[31m"),
              A.enc_uint(18446744073709551615, 0x46), A.enc_uint(4294967295, 0x41),
              A.enc_int(-2147483648), A.enc_uint(123456, 0x42)]


def msg(version, vbs, errstat=0, errindex=0, community=b"public"):
    pdu = A.enc_int(RID) + A.enc_int(errstat) + A.enc_int(errindex) + A.tlv(A.SEQ, b"".join(vbs))
    return A.tlv(A.SEQ, A.enc_int(version) + A.tlv(A.OCTETS, community) + A.tlv(A.RESPONSE, pdu))


def vb(name, value):
    return A.varbind(name, value)


def seed(host, *dgrams):
    out = bytes([host])
    for d in dgrams:
        out += len(d).to_bytes(2, "big") + d
    return out


IFT = (1, 3, 6, 1, 2, 1, 2, 2, 1)
IFX = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)


def if_seeds(getv2):
    """The interface walk (oids=interfaces, hosts v2-if and v1-if): each
    column of ifview.c's plan answered in turn, then ended."""
    s = {}
    end = A.tlv(A.ENDOFMIB, b"")
    cols = [(IFT + (2,), lambda i: octets(b"eth%d" % i)), (IFX + (1,), lambda i: octets(b"</script>\xff%d" % i)),
            (IFX + (18,), lambda i: octets(b"alias")), (IFT + (8,), lambda i: A.enc_int(1 + i % 2)),
            (IFX + (15,), lambda i: A.enc_uint(1000 * (i - 1), 0x42)), (IFT + (5,), lambda i: A.enc_uint(10 ** 7, 0x42)),
            (IFX + (6,), lambda i: A.enc_uint(2 ** 64 - i, 0x46)), (IFX + (10,), lambda i: A.enc_uint(i, 0x46)),
            (IFT + (10,), lambda i: A.enc_uint(2 ** 32 - i, 0x41)), (IFT + (16,), lambda i: A.enc_uint(i, 0x41)),
            (IFT + (14,), lambda i: A.enc_uint(i, 0x41)), (IFT + (20,), lambda i: A.enc_uint(0, 0x41))]
    v2 = [getv2]
    for base, val in cols:
        rows = (1, 2) if base == IFX + (6,) or base == IFX + (10,) else (1, 2, 3)
        v2.append(msg(1, [vb(base + (i,), val(i)) for i in rows] + [vb(base + (9,), end)]))
    s["v2-if"] = seed(5, *v2)
    up1 = msg(0, [vb(UPTIME, A.enc_uint(4242, A.TIMETICKS))])
    v1 = [up1]
    for base, val in cols:
        if base in (IFX + (6,), IFX + (10,)):
            continue
        v1 += [msg(0, [vb(base + (i,), val(i))]) for i in (1, 2)]
        v1.append(msg(0, [vb(base, A.tlv(A.NULL, b""))], errstat=2, errindex=1))
    s["v1-if"] = seed(6, *v1)
    return s


def pdu_seeds():
    s = {}
    getv2 = msg(1, [vb(o, v) for o, v in zip(SYS, SYS_VALUES)])
    getv1 = msg(0, [vb(o, v) for o, v in zip(SYS, SYS_VALUES)][:4] +
                [vb(SYS[4], A.enc_uint(5, 0x41))] +
                [vb(o, v) for o, v in zip(SYS, SYS_VALUES)][5:])
    s["v2-get"] = seed(0, getv2)
    s["v2-get-exceptions"] = seed(0, msg(1, [vb(o, A.tlv(0x80 + k % 3, b"")) for k, o in enumerate(SYS)]))
    s["v2-get-types"] = seed(0, msg(1, [vb(SYS[0], A.enc_uint(0x0a000001, 0x40)),
                                        vb(SYS[1], A.tlv(0x44, b"\x9f\x78\x04\x3f\x80\x00\x00")),
                                        vb(SYS[2], A.enc_uint(1, A.TIMETICKS)),
                                        vb(SYS[3], A.tlv(A.NULL, b"")),
                                        vb(SYS[4], A.enc_uint(0, 0x46)),
                                        vb(SYS[5], A.enc_uint(0, 0x41)),
                                        vb(SYS[6], A.tlv(0x47, b"\x01")),
                                        vb(SYS[7], octets(b"x" * 300))]))
    s["v2-get-toobig"] = seed(0, msg(1, [vb(o, A.tlv(A.NULL, b"")) for o in SYS], errstat=1),
                              msg(1, [vb(o, v) for o, v in zip(SYS[:4], SYS_VALUES)]),
                              msg(1, [vb(o, v) for o, v in zip(SYS[4:], SYS_VALUES[4:])]))
    s["v2-get-generr"] = seed(0, msg(1, [vb(o, A.tlv(A.NULL, b"")) for o in SYS], errstat=5, errindex=2))
    s["v1-get"] = seed(1, getv1)
    s["v1-get-nosuchname"] = seed(1, msg(0, [vb(o, A.tlv(A.NULL, b"")) for o in SYS], errstat=2, errindex=3),
                                  msg(0, [vb(o, v) for o, v in zip(SYS, SYS_VALUES) if o != SYS[2]]))
    up = msg(1, [vb(UPTIME, A.enc_uint(4242, A.TIMETICKS))])
    rows = [vb(IFDESCR + (i,), octets(b"eth%d" % i)) for i in (1, 2, 3)]
    s["v2-walk"] = seed(2, up, msg(1, rows + [vb((1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1), A.enc_int(6))]),
                        msg(1, [vb(IFHCIN + (i,), A.enc_uint(10 ** 12 * i, 0x46)) for i in (1, 2)] +
                            [vb(IFHCIN + (2,), A.tlv(A.ENDOFMIB, b""))]))
    s["v2-walk-long"] = seed(2, up, msg(1, [vb(IFDESCR + (i,), octets(b"if%d" % i)) for i in range(1, 17)]),
                             msg(1, [vb(IFDESCR + (i,), octets(b"if%d" % i)) for i in range(17, 33)]))
    up1 = msg(0, [vb(UPTIME, A.enc_uint(4242, A.TIMETICKS))])
    s["v1-walk"] = seed(3, up1, msg(0, [rows[0]]), msg(0, [rows[1]]),
                        msg(0, [vb(IFDESCR + (2,), A.tlv(A.NULL, b""))], errstat=2, errindex=1),
                        msg(0, [vb(IFHCIN + (1,), A.enc_uint(77, 0x41))]),
                        msg(0, [vb((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 7, 1), A.enc_uint(1, 0x41))]))
    comm = b's3cr"t'
    s["v2-mix"] = seed(4, msg(1, [vb(o, v) for o, v in zip(SYS, SYS_VALUES)], community=comm),
                       msg(1, rows + [vb((1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1), A.enc_int(6))], community=comm),
                       msg(1, [vb(IFHCIN + (1,), A.tlv(A.ENDOFMIB, b""))], community=comm))
    s["v2-get-wrongcomm"] = seed(0, msg(1, [vb(o, v) for o, v in zip(SYS, SYS_VALUES)], community=b"private"))
    s["v2-bigoid"] = seed(0, msg(1, [vb(A.tlv(A.OID, A.oid_body(SYS[0]) + A.subid((1 << 64) + 5)),
                                        octets(b"x"))] + [vb(o, v) for o, v in zip(SYS[1:], SYS_VALUES[1:])]))
    s["v2-wrapoid"] = seed(0, msg(1, [vb(SYS[0][:-1] + ((1 << 64),), octets(b"wrapped"))] +
                              [vb(o, v) for o, v in zip(SYS[1:], SYS_VALUES[1:])]))
    s.update(if_seeds(getv2))
    s["v2-longoid-value"] = seed(0, msg(1, [vb(SYS[0], A.enc_oid((1, 3) + tuple(range(126))))] +
                                    [vb(o, v) for o, v in zip(SYS[1:], SYS_VALUES[1:])]))
    return s


def table_seeds():
    s = {}
    pats = ["board/*/hosts.tbl", "tests/table/good/*.tbl", "tests/table/bad/*.tbl", "tests/fuzz/pdu.tbl"]
    for pat in pats:
        for p in sorted(glob.glob(os.path.join(SRC, pat))):
            name = os.path.relpath(p, SRC).replace("/", "_").replace(".tbl", "")
            with open(p, "rb") as f:
                s[name] = b"\x00" + f.read()
    s["tiny-limits"] = b"\x01oids a sysDescr.0 ifDescr.1 sysName.0 sysUpTime.0\nhost a 10.0.0.1 oids=a\n"
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    for sub, seeds in (("pdu", pdu_seeds()), ("table", table_seeds())):
        d = os.path.join(out, sub)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print("%s: %d seeds" % (d, len(seeds)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A host that reads SNMP requests and never answers: silent.py ADDR PORT.
Exits when stdin closes or after 600 s, whichever comes first."""
import select
import socket
import sys
import time

s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
end = time.time() + 600
while time.time() < end:
    r, _, _ = select.select([s], [], [], 1.0)
    if r:
        s.recvfrom(65536)

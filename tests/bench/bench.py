#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""snmpoll benchmark (issue 6); run by tests/bench/run.sh (make bench).

An agent farm of real snmpd processes on 127.x.y.z loopback addresses, the
scenarios of the issue, snmpoll built per scenario with its table compiled
in, and the baselines (snmpget sequential / xargs -P 8, and asyncget: one
process, Debian's glibc libsnmp, every host in flight in one select loop),
all measured in the same run.  Writes $O/bench/report.md and report.json.

Environment: O (build dir, required), CACHE_DIR, BENCH_BUDGET (seconds,
default 560: optional steps are skipped, and say so, when it runs out),
BENCH_RUNS (runs per figure, default 5), BENCH_AGENTS (snmpd processes,
default 4), BENCH_KCONFIG ("SYM=VAL ..." applied to every snmpoll build,
e.g. to try ARENA_KB=8192), BENCH_QUICK=1 (N=50/200 only, for development),
BENCH_BOARDS (boards of the size table, default all four), BENCH_V3_DELTA
(default 1: each board also built with SNMPV3=n), BENCH_LONG_CYCLES
(daemon cycles of the memory runs, default 300), BENCH_REUSE=1 (reuse the
finished builds of an earlier run: re-measuring the same source only).

Every process it starts runs in its own process group and is recorded;
all are stopped (SIGTERM, then SIGKILL, by id) on exit, error or signal.
"""
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
O = os.path.abspath(os.environ.get("O") or os.path.join(SRC, "build"))
BENCH = os.path.join(O, "bench")
T0 = time.monotonic()
BUDGET = float(os.environ.get("BENCH_BUDGET", "560"))
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "5")))
NAGENTS = max(1, int(os.environ.get("BENCH_AGENTS", "4")))
KCONFIG_EXTRA = os.environ.get("BENCH_KCONFIG", "").split()
QUICK = os.environ.get("BENCH_QUICK") == "1"
PY = "/usr/bin/python3"
CLK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
NPROC = os.cpu_count() or 1

# The ten OIDs of the issue: name for the snmpoll table, numeric for the rest.
OIDS = [
    ("sysDescr.0", "1.3.6.1.2.1.1.1.0"), ("sysObjectID.0", "1.3.6.1.2.1.1.2.0"),
    ("sysUpTime.0", "1.3.6.1.2.1.1.3.0"), ("sysContact.0", "1.3.6.1.2.1.1.4.0"),
    ("sysName.0", "1.3.6.1.2.1.1.5.0"), ("sysLocation.0", "1.3.6.1.2.1.1.6.0"),
    ("ifNumber.0", "1.3.6.1.2.1.2.1.0"), ("ifDescr.1", "1.3.6.1.2.1.2.2.1.2.1"),
    ("ifInOctets.1", "1.3.6.1.2.1.2.2.1.10.1"), ("ifOutOctets.1", "1.3.6.1.2.1.2.2.1.16.1"),
]
IFTABLE = "1.3.6.1.2.1.2.2"
TIMEOUT_MS, RETRIES = 1000, 1
# Daemon cycles of the memory runs (1000 x 10 and the walk): PSS/RSS are
# compared between cycle 10 and this one.
LONG_CYCLES = int(os.environ.get("BENCH_LONG_CYCLES", "300"))
# Boards whose size and shared memory the report lists (each needs its
# sysroot: minutes the first time).
BOARDS = os.environ.get("BENCH_BOARDS", "x86_64 mips_24kc arm_cortex-a7 aarch64_cortex-a53").split()
# status.json rendering per value before the compact results store
# (commit d3679c7, tests/bench/render.c's data, musl -Os, the 2-core
# build machine of issue 10): the baseline of the 5x target.
RENDER_BEFORE_NS = 1950
SNMPGET_OPTS = ["-v2c", "-c", "public", "-t", "1", "-r", "1", "-m", "", "-M", "/nonexistent", "-On"]


def log(msg):
    print("[bench %5.1fs] %s" % (time.monotonic() - T0, msg), flush=True)


T_MEAS = None          # set when the builds are done


def left():
    """Seconds left of the measurement budget (builds, which may have to
    build a toolchain first, are timed and reported apart)."""
    return BUDGET - (time.monotonic() - (T_MEAS or T0))


# ---- processes: every one recorded, every one stopped ---------------------------
STARTED = []            # Popen objects (own process group each)
WORK = None             # scratch dir


def spawn(cmd, **kw):
    kw.setdefault("stdin", subprocess.DEVNULL)
    kw.setdefault("stdout", subprocess.DEVNULL)
    kw.setdefault("stderr", subprocess.DEVNULL)
    p = subprocess.Popen(cmd, start_new_session=True, **kw)
    STARTED.append(p)
    return p


def stop(p, grace=3.0):
    """SIGTERM the process, then SIGKILL its process group (ours) if needed."""
    if p.poll() is None:
        try:
            os.kill(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        end = time.monotonic() + grace
        while p.poll() is None and time.monotonic() < end:
            time.sleep(0.02)
    try:
        os.killpg(p.pid, signal.SIGKILL)    # leftovers in its group (workers)
    except (ProcessLookupError, PermissionError):
        pass
    if p.poll() is None:
        p.wait()
    if p in STARTED:
        STARTED.remove(p)


def cleanup():
    for p in list(STARTED):
        try:
            stop(p, grace=1.0)
        except Exception:       # keep stopping the others
            pass
    if WORK and os.path.isdir(WORK):
        shutil.rmtree(WORK, ignore_errors=True)


def on_signal(sig, frame):
    log("signal %d: cleaning up" % sig)
    cleanup()
    sys.exit(130)


def run_measured(cmd, timeout, stdout=None, stderr=None, env=None):
    """Run cmd; wall time, and user+sys of it and every descendant it waited
    for (wait4 rusage: snmpoll's supervisor reaps its workers, xargs its
    snmpgets).  Killed (its whole group) after timeout seconds."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err = open(stderr, "wb") if stderr else subprocess.DEVNULL
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                         start_new_session=True, env=env)
    STARTED.append(p)
    killed = []

    def kill():
        killed.append(1)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    timer = threading.Timer(timeout, kill)
    timer.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.monotonic() - t0) * 1000
    timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    STARTED.remove(p)
    for f in (out, err):
        if f is not subprocess.DEVNULL:
            f.close()
    return {"wall_ms": wall, "cpu_ms": (ru.ru_utime + ru.ru_stime) * 1000,
            "maxrss_kb": ru.ru_maxrss, "rc": p.returncode, "timed_out": bool(killed)}


# ---- /proc --------------------------------------------------------------------
def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def tree(pid):
    out, todo = [], [pid]
    while todo:
        q = todo.pop()
        out.append(q)
        todo.extend(children(q))
    return out


def mem_kb(pid):
    rss = pss = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def pss_split_kb(pids, exe):
    """PSS summed over pids, by what is mapped: the shared memory file,
    the binary (text and data), anonymous memory (.bss: the arena and the
    records; heap), stacks, and the rest."""
    out = {"shm": 0, "binary": 0, "anon": 0, "stack": 0, "other": 0}
    for q in pids:
        kind = "other"
        try:
            with open("/proc/%d/smaps" % q) as f:
                for line in f:
                    fl = line.split()
                    if not fl:
                        continue
                    if not fl[0].endswith(":"):
                        path = fl[5] if len(fl) > 5 else ""
                        kind = ("shm" if path.endswith("snmpoll.shm") else
                                "binary" if os.path.realpath(path) == os.path.realpath(exe) else
                                "stack" if path == "[stack]" else
                                "anon" if path in ("", "[heap]") else "other")
                    elif fl[0] == "Pss:":
                        out[kind] += int(fl[1])
        except OSError:
            pass
    return out


def hwm_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_ticks(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
        fields = s[s.rindex(")") + 2:].split()
        return int(fields[11]) + int(fields[12])      # utime + stime
    except (OSError, ValueError, IndexError):
        return 0


class Sampler:
    """Sums RSS/PSS over a process tree every `period` s; keeps the peaks."""

    def __init__(self, pid, period=0.02):
        self.pid, self.period = pid, period
        self.peak_rss = self.peak_pss = 0
        self.stop_ev = threading.Event()
        self.th = threading.Thread(target=self.loop, daemon=True)
        self.th.start()

    def sample(self):
        rss = pss = 0
        for q in tree(self.pid):
            r, p = mem_kb(q)
            rss += r
            pss += p
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        return rss, pss

    def loop(self):
        while not self.stop_ev.is_set():
            self.sample()
            self.stop_ev.wait(self.period)

    def done(self):
        self.stop_ev.set()
        self.th.join()


# ---- hosts, tables, builds ------------------------------------------------------
def live_host(i):
    return ("127.1.%d.%d" % (i // 250, i % 250 + 1), 20001 + i)


def silent_host(k):
    return ("127.2.0.%d" % (k + 1), 30001 + k)


def closed_host(k):
    return ("127.3.0.%d" % (k + 1), 31001 + k)


def scenario_hosts(n_live, dead=None, n_dead=0, live="live"):
    """n_live live hosts (kind live: v2c, live3: v3 authPriv); with dead
    (silent, silent3: v3, closed), one dead host after every n_live/n_dead
    live ones."""
    hosts = []
    d = 0
    for i in range(n_live):
        hosts.append(live_host(i) + (live,))
        if dead and (i + 1) % (n_live // n_dead) == 0 and d < n_dead:
            hosts.append((closed_host(d) if dead == "closed" else silent_host(d)) + (dead,))
            d += 1
    return hosts


# SNMPv3 hosts: one authPriv user (SHA, AES-128) on every farm agent.
V3_USER = "bench"
V3_CREATE = 'bench SHA "bench auth pass" AES "bench priv pass"'
V3_KEYS = ('version=3 user=bench level=authPriv auth=SHA authpass="bench auth pass" '
           'priv=AES privpass="bench priv pass"')


def write_table(path, hosts, walk=False):
    with open(path, "w") as f:
        f.write("# generated by tests/bench/bench.py\n")
        f.write("defaults version=2c community=public timeout=%d retries=%d\n" % (TIMEOUT_MS, RETRIES))
        if walk:
            f.write("oids t walk:ifTable\n")
        else:
            f.write("oids s %s\n" % " ".join(n for n, _ in OIDS))
        for i, (a, p, kind) in enumerate(hosts):
            f.write("host h%d %s:%d oids=%s%s\n" % (i + 1, a, p, "t" if walk else "s",
                                                    " " + V3_KEYS if kind.endswith("3") else ""))


def write_hostfile(path, hosts):
    with open(path, "w") as f:
        for a, p, _ in hosts:
            f.write("%s %d\n" % (a, p))


def sh(cmd, log_path, timeout):
    with open(log_path, "ab") as f:
        try:
            return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=timeout,
                                  stdin=subprocess.DEVNULL).returncode
        except subprocess.TimeoutExpired:
            return 124


def kconfig_set(cfg, sym, val):
    subprocess.run([PY, os.path.join(SRC, "toolchain/kconfig.py"), cfg, "set", sym, str(val)],
                   check=True, stdout=subprocess.DEVNULL, cwd=SRC)


def read_toolchain(d):
    tc = {}
    try:
        with open(os.path.join(d, "toolchain.mk")) as f:
            for line in f:
                m = re.match(r"(\w+)\s*:=\s*(.*)", line)
                if m:
                    tc[m.group(1)] = m.group(2).strip()
    except OSError:
        pass
    return tc


BASE_DIRS = {}      # board -> (first build dir, its board config: defconfig + BENCH_KCONFIG)


def build(name, board, table, kconfig=(), timeout=900):
    """Build snmpoll for board with table into $O/bench/build/name.  The first
    build per board is copied (timestamps kept) to seed the next ones, so a
    scenario costs a table compile and a link unless its Kconfig differs."""
    d = os.path.join(BENCH, "build", name)
    blog = d + ".log"
    # BENCH_REUSE=1: take a finished build of an earlier run as it is (the
    # source must not have changed since; for re-measuring only).
    if os.environ.get("BENCH_REUSE") == "1" and os.path.exists(os.path.join(d, "snmpoll")):
        if board not in BASE_DIRS:
            BASE_DIRS[board] = (d, d + ".board.config")
        log("reused %s" % name)
        return d
    for x in (blog, d):
        if os.path.isdir(x):
            shutil.rmtree(x)
        elif os.path.exists(x):
            os.remove(x)
    cfg = os.path.join(d, ".config")
    if board in BASE_DIRS:
        base, base_cfg = BASE_DIRS[board]
        shutil.copytree(base, d, symlinks=True)
    else:
        os.makedirs(d)
        if sh(["make", "-s", "-C", SRC, "O=" + d, board + "_defconfig"], blog, 60):
            log("configuring %s failed, see %s" % (name, blog))
            return None
        for kv in KCONFIG_EXTRA:
            kconfig_set(cfg, *kv.split("=", 1))
        base_cfg = d + ".board.config"
        shutil.copy2(cfg, base_cfg)
        base = None
    want = d + ".want.config"
    shutil.copy(base_cfg, want)
    for kv in kconfig:
        kconfig_set(want, *kv.split("=", 1))
    with open(want) as a, open(cfg) as b:
        same = a.read() == b.read()
    if same:
        os.remove(want)
    else:
        os.replace(want, cfg)
        os.utime(cfg)
    t = time.monotonic()
    rc = sh(["make", "-s", "-j%d" % NPROC, "-C", SRC, "O=" + d, "HOSTS_TABLE=" + table], blog, timeout)
    if rc or not os.path.exists(os.path.join(d, "snmpoll")):
        log("build %s failed (rc %d), see %s" % (name, rc, blog))
        return None
    if not base:
        BASE_DIRS[board] = (d, base_cfg)
    log("built %s (%.1f s)" % (name, time.monotonic() - t))
    return d


def config_info(d, qemu):
    cmd = (qemu.split() if qemu else []) + [os.path.join(d, "snmpoll"), "config"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
    except subprocess.TimeoutExpired:
        out = ""
    m = re.search(r"shared memory: (\d+) bytes", out)
    return int(m.group(1)) if m else None


# ---- the agent farm ---------------------------------------------------------------
class Farm:
    def __init__(self, n_live, nagents, work):
        self.n, self.k, self.work = n_live, nagents, work
        self.agents = []
        self.silent = None

    def start(self):
        for a in range(self.k):
            conf = os.path.join(self.work, "agent%d.conf" % a)
            with open(conf, "w") as f:
                f.write("rocommunity public default\nsysLocation bench-lab\n"
                        "sysContact ops@example.net\nsysName bench-agent-%d\n"
                        "dontLogTCPWrappersConnects yes\n"
                        "createUser %s\nrouser %s priv\n" % (a, V3_CREATE, V3_USER))
            eps = ",".join("udp:%s:%d" % live_host(i) for i in range(self.n) if i % self.k == a)
            p = spawn(["/usr/sbin/snmpd", "-f", "-Lf", os.path.join(self.work, "agent%d.log" % a),
                       "-C", "-c", conf, "-I", "-smux,mteTrigger,mteTriggerConf",
                       "-M", "/nonexistent", "-m", "", "-p", os.path.join(self.work, "agent%d.pid" % a),
                       eps])
            self.agents.append(p)
        code = ("import select,socket,sys,time\n"
                "ss=[]\n"
                "for a in sys.argv[1:]:\n"
                "  h,p=a.rsplit(':',1); s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind((h,int(p))); ss.append(s)\n"
                "end=time.time()+14400\n"
                "while time.time()<end:\n"
                "  r,_,_=select.select(ss,[],[],1.0)\n"
                "  for s in r: s.recvfrom(65536)\n")
        self.silent = spawn([PY, "-c", code] + ["%s:%d" % silent_host(k) for k in range(20)])
        # Wait until every agent answers (bounded).
        end = time.monotonic() + 30
        pending = list(range(self.k))
        while pending and time.monotonic() < end:
            for a in list(pending):
                if self.agents[a].poll() is not None:
                    raise RuntimeError("snmpd %d exited; see %s/agent%d.log" % (a, self.work, a))
                h = live_host(a)
                r = subprocess.run(["snmpget", "-v2c", "-c", "public", "-t", "0.2", "-r", "0", "-m", "",
                                    "-M", "/nonexistent", "%s:%d" % h, "1.3.6.1.2.1.1.3.0"],
                                   capture_output=True, timeout=5)
                if r.returncode == 0:
                    pending.remove(a)
            time.sleep(0.05)
        if pending:
            raise RuntimeError("agents %s never answered" % pending)

    def cpu_ticks(self):
        return sum(cpu_ticks(p.pid) for p in self.agents)

    def mem(self):
        return [mem_kb(p.pid) for p in self.agents]

    def alive(self):
        return all(p.poll() is None for p in self.agents) and self.silent.poll() is None


# ---- pollers ------------------------------------------------------------------------
def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def result(poller, scen, hosts, runs, **kw):
    """One row: medians of the runs plus derived figures."""
    r = {"poller": poller, "scenario": scen["name"], "hosts": len(hosts),
         "hosts_live": sum(1 for h in hosts if h[2].startswith("live")), "runs": len(runs)}
    for k in ("cycle_wall_ms", "process_wall_ms", "cpu_ms", "varbinds", "hosts_answered"):
        r[k] = median([x.get(k) for x in runs])
    vb, wall, cpu = r["varbinds"], r["cycle_wall_ms"], r["cpu_ms"]
    r["varbinds_per_s"] = round(vb / (wall / 1000.0), 1) if vb and wall else None
    r["cpu_us_per_varbind"] = round(cpu * 1000.0 / vb, 2) if vb and cpu is not None else None
    r.update(kw)
    for k in ("cycle_wall_ms", "process_wall_ms", "cpu_ms"):
        if r[k] is not None:
            r[k] = round(r[k], 2)
    r["failures"] = [x["fail"] for x in runs if x.get("fail")][:3]
    if runs and runs[0].get("dead"):
        r["dead_hosts"] = runs[0]["dead"]
    return r


def snmpoll_status(sd, hosts=None):
    """Figures from status.json; errors of live hosts (a failure) apart
    from the outcome of the dead ones (expected)."""
    try:
        with open(os.path.join(sd, "status.json")) as f:
            d = json.load(f)
    except (OSError, ValueError):
        return None
    ok = [h for h in d["hosts"] if h["status"] == "ok"]
    errs, dead = {}, {}
    for h in d["hosts"]:
        if h["status"] != "ok":
            i = int(h["name"][1:]) - 1 if h["name"][1:].isdigit() else -1
            kind = hosts[i][2] if hosts and 0 <= i < len(hosts) else "live"
            key = "%s: %s" % (h["status"], h.get("error"))
            tgt = errs if kind.startswith("live") else dead
            tgt[key] = tgt.get(key, 0) + 1
    return {"cycle_ms": d.get("cycle_ms"), "answered": len(ok),
            "varbinds": sum(len(h["values"]) for h in ok), "errors": errs, "dead": dead,
            "truncated": sum(1 for h in d["hosts"] if h.get("truncated"))}


def run_snmpoll_once(d, hosts, nruns, timeout, qemu=""):
    runs = []
    sd = os.path.join(WORK, "state-" + os.path.basename(d))
    for i in range(nruns):
        shutil.rmtree(sd, ignore_errors=True)
        cmd = (qemu.split() if qemu else []) + [os.path.join(d, "snmpoll"), "run", "--once", "--state-dir", sd]
        m = run_measured(cmd, timeout, stderr=os.path.join(WORK, "snmpoll.err"))
        st = snmpoll_status(sd, hosts)
        x = {"process_wall_ms": m["wall_ms"], "cpu_ms": m["cpu_ms"], "maxrss_kb": m["maxrss_kb"]}
        if st:
            x.update(cycle_wall_ms=st["cycle_ms"], hosts_answered=st["answered"], varbinds=st["varbinds"])
            if st["errors"]:
                x["fail"] = st["errors"]
            if st["dead"]:
                x["dead"] = st["dead"]
        else:
            x.update(cycle_wall_ms=m["wall_ms"], hosts_answered=0, varbinds=0,
                     fail={"no status.json (rc %d%s)" % (m["rc"], ", killed at timeout" if m["timed_out"] else ""): 1})
        if m["timed_out"]:
            x["fail"] = dict(x.get("fail") or {}, **{"killed after %d s" % timeout: 1})
        runs.append(x)
        # A broken configuration (cycle deadline, timeout) is measured once.
        if m["timed_out"] or (st and st["cycle_ms"] and st["cycle_ms"] > 5 * expected_ms(hosts)):
            break
    return runs


def expected_ms(hosts):
    dead = any(h[2].startswith("silent") for h in hosts)
    return (TIMEOUT_MS * (RETRIES + 1) if dead else 0) + 200 + len(hosts)


def shm_cycles(path):
    """Completed cycles, from the shared-memory header (layout 2: the
    field after the section table and the cycle state words)."""
    import struct
    try:
        with open(path, "rb") as f:
            h = f.read(152)
        magic, layout = struct.unpack_from("<II", h, 0)
        if magic != 0x4c4f5053 or layout != 2:
            return 0
        return struct.unpack_from("<Q", h, 144)[0]
    except (OSError, struct.error):
        return 0


def run_snmpoll_daemon(d, cycles, timeout, first=10):
    """Back-to-back cycles (run -f --interval 0): RSS/PSS summed over the
    supervisor and its workers, sampled all along; PSS at cycle `first`
    and at the last cycle; steady-state CPU and wall per cycle between
    them.  Cycles are counted from the shared memory, so status.json may
    be off."""
    sd = os.path.join(WORK, "daemon-" + os.path.basename(d))
    shutil.rmtree(sd, ignore_errors=True)
    p = spawn([os.path.join(d, "snmpoll"), "run", "-f", "--interval", "0", "--state-dir", sd],
              stderr=open(os.path.join(WORK, "daemon.err"), "wb"))
    status = os.path.join(sd, "status.json")
    shm = os.path.join(sd, "snmpoll.shm")
    marks, peak_rss, peak_pss, hwm_sum = {}, 0, 0, 0
    end = time.monotonic() + timeout
    last = -1
    while time.monotonic() < end and p.poll() is None:
        cyc = shm_cycles(shm)
        pids = tree(p.pid)
        rss = pss = 0
        for q in pids:
            r_, p_ = mem_kb(q)
            rss += r_
            pss += p_
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        hwm_sum = max(hwm_sum, sum(hwm_kb(q) for q in pids))
        if cyc != last:
            ticks = sum(cpu_ticks(q) for q in pids)
            sup = cpu_ticks(p.pid)
            mk = {"cycle": cyc, "t": time.monotonic(), "ticks": ticks, "sup": sup, "pss_kb": pss, "rss_kb": rss}
            if cyc >= first and "first" not in marks:
                marks["first"] = mk
            if cyc >= cycles:
                marks["last"] = mk
                break
            last = cyc
        time.sleep(0.01 if cyc < first else 0.03)
    pids = tree(p.pid)
    split = pss_split_kb(pids, os.path.join(d, "snmpoll"))
    st = snmpoll_status(sd)
    try:
        json_kb = round(os.path.getsize(status) / 1024.0, 1)
    except OSError:
        json_kb = None
    stop(p)
    out = {"peak_rss_kb": peak_rss, "peak_pss_kb": peak_pss, "vmhwm_sum_kb": hwm_sum,
           "status": st, "status_json_kb": json_kb, "pss_split_kb": split, "processes": len(pids)}
    if "first" in marks and "last" in marks and marks["last"]["cycle"] > marks["first"]["cycle"]:
        a, b = marks["first"], marks["last"]
        n = b["cycle"] - a["cycle"]
        out.update(cycles=(a["cycle"], b["cycle"]), pss_first_kb=a["pss_kb"], pss_last_kb=b["pss_kb"],
                   rss_first_kb=a["rss_kb"], rss_last_kb=b["rss_kb"],
                   steady_cycle_ms=round((b["t"] - a["t"]) * 1000 / n, 2),
                   steady_cpu_ms_per_cycle=round((b["ticks"] - a["ticks"]) * 1000.0 / CLK / n, 2),
                   steady_supervisor_cpu_ms_per_cycle=round((b["sup"] - a["sup"]) * 1000.0 / CLK / n, 2))
    else:
        out["incomplete"] = "reached cycle %s of %d in %d s" % (last, cycles, timeout)
    out["cycles_asked"] = cycles
    return out


def run_render(d):
    """tests/bench/render.c built with d's toolchain and table: the
    status.json renderer alone, ns per value (median of 3 runs)."""
    tc = read_toolchain(d)
    exe = os.path.join(d, "render")
    srcs = [os.path.join(SRC, "src", f + ".c") for f in ("fmt", "json", "prom", "text", "status", "shm", "ifr", "ifview", "ifexport", "mib", "log")]
    cmd = [tc.get("TC_CC", "cc"), "-Os", "-std=gnu99", "-static", "-include", os.path.join(d, "include", "autoconf.h"),
           "-I" + os.path.join(SRC, "src")] + tc.get("TC_CPPFLAGS", "").split() + [
           "-o", exe, os.path.join(SRC, "tests/bench/render.c"), os.path.join(d, "gen", "hosts.c")] + srcs + ["-lm"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        return {"error": "render build failed: " + r.stderr[-300:]}
    ns = []
    for i in range(3):
        sd = os.path.join(WORK, "render")
        shutil.rmtree(sd, ignore_errors=True)
        os.makedirs(sd)
        out = subprocess.run([exe, sd, "30"], capture_output=True, text=True, timeout=120).stdout
        m = re.search(r"(\d+) us per document, (\d+) ns per value", out)
        if m:
            ns.append((int(m.group(2)), int(m.group(1))))
    if not ns:
        return {"error": "render did not run"}
    ns.sort()
    return {"ns_per_value": ns[len(ns) // 2][0], "us_per_document": ns[len(ns) // 2][1],
            "before_ns_per_value": RENDER_BEFORE_NS}


def run_asyncget(exe, hostfile, hosts, nruns, walk=False, timeout=60, mem_cycles=10, keep=False):
    args = ["-w", IFTABLE, "-m", "16"] if walk else ["-g", ",".join(o for _, o in OIDS)]
    runs = []
    for i in range(nruns):
        outp = os.path.join(WORK, "asyncget.out")
        m = run_measured([exe, "-t", str(TIMEOUT_MS), "-r", str(RETRIES)] + args + [hostfile], timeout, stdout=outp)
        try:
            with open(outp) as f:
                j = json.load(f)
            x = {"cycle_wall_ms": j["cycle_ms"][0], "process_wall_ms": m["wall_ms"], "cpu_ms": m["cpu_ms"],
                 "hosts_answered": j["answered"], "varbinds": j["varbinds"]}
        except (OSError, ValueError, KeyError):
            x = {"cycle_wall_ms": None, "process_wall_ms": m["wall_ms"], "cpu_ms": m["cpu_ms"],
                 "hosts_answered": 0, "varbinds": 0, "fail": {"asyncget rc %d" % m["rc"]: 1}}
        runs.append(x)
    # Memory and steady state: 10 cycles in one process, sessions reopened
    # each cycle; VmHWM and PSS read by the process itself at the end.
    outp = os.path.join(WORK, "asyncget.mem")
    run_measured([exe, "-n", str(mem_cycles), "-t", str(TIMEOUT_MS), "-r", str(RETRIES)] + (["-k"] if keep else []) +
                 args + [hostfile], timeout * 10, stdout=outp)
    mem = {}
    try:
        with open(outp) as f:
            j = json.load(f)
        mem = {"peak_rss_kb": j["vmhwm_kb"], "peak_pss_kb": j["pss_kb"],
               "steady_cycle_ms": round(statistics.median(j["cycle_ms"][1:]), 2),
               "steady_cpu_ms_per_cycle": round(statistics.median(j["cpu_ms"][1:]), 2)}
    except (OSError, ValueError, KeyError, statistics.StatisticsError):
        pass
    return runs, mem


def snmpget_lines(hosts, walk):
    if walk:
        return [["snmpbulkwalk"] + SNMPGET_OPTS + ["-Cr16", "%s:%d" % (a, p), IFTABLE] for a, p, _ in hosts]
    return [["snmpget"] + SNMPGET_OPTS + ["%s:%d" % (a, p)] + [o for _, o in OIDS] for a, p, _ in hosts]


def run_xargs(hosts, par, walk, timeout, sample_mem=False):
    """xargs -P par over one command per host: wall, rusage of all snmpgets."""
    lst = os.path.join(WORK, "xargs.in")
    tool = "snmpbulkwalk" if walk else "snmpget"
    with open(lst, "w") as f:
        for c in snmpget_lines(hosts, walk):
            f.write(" ".join(x if x else "''" for x in c[1:]) + "\n")
    outp, errp = os.path.join(WORK, "xargs.out"), os.path.join(WORK, "xargs.err")
    cmd = ["xargs", "-a", lst, "-P", str(par), "-L", "1", tool]
    sampler = None
    if sample_mem:
        # Sampled run (not timed): start it, sample the tree.
        p = spawn(cmd, stdout=open(outp, "wb"), stderr=open(errp, "wb"))
        sampler = Sampler(p.pid, 0.005)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        sampler.done()
        stop(p)
        return {"peak_rss_kb": sampler.peak_rss, "peak_pss_kb": sampler.peak_pss}
    m = run_measured(cmd, timeout, stdout=outp, stderr=errp)
    with open(outp, "rb") as f:
        vb = sum(1 for line in f if line.startswith(b"."))
    with open(errp, "rb") as f:
        failed = sum(1 for line in f if b"Timeout" in line or b"rror" in line)
    x = {"cycle_wall_ms": m["wall_ms"], "process_wall_ms": m["wall_ms"], "cpu_ms": m["cpu_ms"],
         "hosts_answered": len(hosts) - failed, "varbinds": vb, "maxrss_kb": m["maxrss_kb"]}
    if m["timed_out"]:
        x["fail"] = {"killed after %d s" % timeout: 1}
    return x


def run_snmpget(hosts, par, walk, nruns, sample=None):
    """par=1: sequential.  sample: measure on an evenly spread subset of
    live (and dead) hosts and scale each part to the full count."""
    if not sample:
        runs = [run_xargs(hosts, par, walk, timeout=120) for _ in range(nruns)]
        return runs, None
    live = [h for h in hosts if h[2] == "live"]
    dead = [h for h in hosts if h[2] != "live"]
    parts = []
    for group, k in ((live, sample[0]), (dead, sample[1])):
        if not group or not k:
            continue
        k = min(k, len(group))
        sub = [group[int(i * len(group) / k)] for i in range(k)]
        scale = len(group) / float(k)
        rr = [run_xargs(sub, par, walk, timeout=120) for _ in range(nruns if group is live else 1)]
        parts.append((rr, scale))
    runs = []
    for i in range(max(len(rr) for rr, _ in parts)):
        x = {"cycle_wall_ms": 0.0, "process_wall_ms": 0.0, "cpu_ms": 0.0, "hosts_answered": 0, "varbinds": 0}
        for rr, scale in parts:
            y = rr[min(i, len(rr) - 1)]
            for k in x:
                x[k] += y[k] * scale
        x["hosts_answered"] = round(x["hosts_answered"])
        x["varbinds"] = round(x["varbinds"])
        runs.append(x)
    note = "sampled %s and scaled to all hosts" % " + ".join(
        "%d %s" % (min(k, len(g)), n) for g, k, n in ((live, sample[0], "live"), (dead, sample[1], "dead")) if g and k)
    return runs, note


# ---- report -------------------------------------------------------------------------
def fmt(v, nd=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return ("%%.%df" % nd) % v
    return str(v)


def report(data):
    L = []
    hw = data["hardware"]
    L.append("# snmpoll benchmark\n")
    L.append("Hardware: `nproc` = %s, %s; %s. Run took %.0f s (builds %.0f s, measurements %.0f s).\n" % (
        hw["nproc"], hw["cpu_model"], hw["kernel"], data["elapsed_s"], data.get("build_s", 0),
        data["elapsed_s"] - data.get("build_s", 0)))
    L.append("Load average (1/5/15 min) at start %s, at end %s: anything else running on the "
             "machine shows up in every figure.\n" % (" ".join(hw.get("loadavg_start", [])),
                                                      " ".join(hw.get("loadavg_end", []))))
    f = data["farm"]
    L.append("## Agent farm\n")
    L.append("%d snmpd processes (%s) serving %d live hosts on distinct 127.1.x.y addresses "
             "and ports 20001+; 20 silent hosts (one Python process, reads and never answers) "
             "on 127.2.0.x; closed ports on 127.3.0.x.  Every agent also has the SNMPv3 user "
             "`bench` (authPriv, SHA, AES-128) of the v3 scenarios, polled by snmpoll only (the "
             "baselines are v2c clients).\n" % (f["agents"], f.get("snmpd", ""), f["hosts"]))
    if f.get("capacity"):
        c = f["capacity"]
        L.append("Capacity, measured with asyncget keeping every host in flight: "
                 "%s requests/s of 10 varbinds (%s varbinds/s) per agent CPU-second, %s/s of "
                 "1 varbind; the farm reached %s requests/s (10 varbinds) in wall time with "
                 "the client on the same 2 cores. Agents used %s%% of the CPU time of that run.\n" % (
                     fmt(c.get("req10_per_agent_cpu_s"), 0), fmt(c.get("vb_per_agent_cpu_s"), 0),
                     fmt(c.get("req1_per_agent_cpu_s"), 0), fmt(c.get("req10_per_wall_s"), 0),
                     fmt(c.get("agent_cpu_share_pct"), 0)))
    L.append("## Results (median of runs)\n")
    L.append("cycle = the poll cycle (snmpoll: `cycle_ms` of status.json; asyncget: first send to "
             "last answer; snmpget: the whole run); wall = process start to exit; CPU = user+sys "
             "of every process of the poller (wait4 rusage); memory = peak of the summed RSS/PSS "
             "of all its processes (snmpoll: sampled while a daemon runs back-to-back cycles; "
             "asyncget: VmHWM/PSS of its one process after 10 cycles; xargs: sampled).\n")
    L.append("| scenario | poller | hosts ok | cycle ms | wall ms | CPU ms | varbinds/s | CPU µs/varbind | peak RSS KB | peak PSS KB | notes |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in data["results"]:
        notes = []
        if r.get("note"):
            notes.append(r["note"])
        if r.get("failures"):
            fl = r["failures"][0]
            notes.append("FAILED: " + "; ".join("%s ×%s" % (k, v) for k, v in list(fl.items())[:2]))
        if r.get("dead_hosts"):
            notes.append("dead hosts: " + "; ".join("%s ×%s" % kv for kv in r["dead_hosts"].items()))
        if r.get("steady_cpu_us_per_varbind") is not None:
            notes.append("steady state %s ms/cycle, %s µs CPU/varbind%s" % (
                fmt(r.get("steady_cycle_ms")), fmt(r.get("steady_cpu_us_per_varbind"), 2),
                " (supervisor: %s)" % fmt(r["steady_supervisor_cpu_us_per_varbind"], 2)
                if r.get("steady_supervisor_cpu_us_per_varbind") is not None else ""))
        L.append("| %s | %s | %s/%s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["scenario"], r["poller"], fmt(r["hosts_answered"]), r["hosts"], fmt(r["cycle_wall_ms"]),
            fmt(r["process_wall_ms"]), fmt(r["cpu_ms"]), fmt(r["varbinds_per_s"], 0),
            fmt(r["cpu_us_per_varbind"], 2), fmt(r.get("peak_rss_kb")), fmt(r.get("peak_pss_kb")),
            "; ".join(notes)))
    mems = [("1000 x 10, status.json on", data.get("memory")),
            ("1000 x 10, status.json off (STATUS_JSON=n)", data.get("memory_nojson")),
            ("500 x ifTable walk", data.get("memory_walk"))]
    if any(m for _, m in mems):
        L.append("\n## snmpoll memory over back-to-back cycles (`run -f --interval 0`)\n")
        L.append("Summed over the supervisor and its workers; first = at cycle 10.\n")
        L.append("| case | cycles | PSS first KB | PSS last KB | RSS first KB | RSS last KB | peak PSS KB | peak RSS KB | shm bytes | status.json KB |")
        L.append("|---|---|---|---|---|---|---|---|---|---|")
        for name, m in mems:
            if not m:
                continue
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                name, "%s→%s" % tuple(m["cycles"]) if m.get("cycles") else m.get("incomplete", "–"),
                fmt(m.get("pss_first_kb")), fmt(m.get("pss_last_kb")), fmt(m.get("rss_first_kb")),
                fmt(m.get("rss_last_kb")), fmt(m.get("peak_pss_kb")), fmt(m.get("peak_rss_kb")),
                fmt(m.get("shm_bytes")), fmt(m.get("status_json_kb"))))
    splits = [(name, m) for name, m in mems if m and m.get("pss_split_kb")]
    if splits:
        L.append("\nWhere the PSS is at the end of each run (KB, summed over the processes; "
                 "shm = the results file, anon = .bss and heap: each worker's arena, its private "
                 "records; binary = text and data of the static binary):\n")
        L.append("| case | processes | shm | anon | binary | stacks | other |")
        L.append("|---|---|---|---|---|---|---|")
        for name, m in splits:
            sp = m["pss_split_kb"]
            L.append("| %s | %s | %d | %d | %d | %d | %d |" % (name, m.get("processes", "–"), sp["shm"],
                                                            sp["anon"], sp["binary"], sp["stack"], sp["other"]))
    if data.get("render"):
        rd = data["render"]
        L.append("\n## status.json rendering alone (tests/bench/render.c, 1000 x 10 synthetic shm)\n")
        if rd.get("error"):
            L.append(rd["error"] + "\n")
        else:
            L.append("%s ns per value (%s µs per document); before the compact store: %s ns per value "
                     "(recorded at d3679c7 on the issue's machine, not re-measured here) → ×%.1f.\n" % (
                         rd["ns_per_value"], rd["us_per_document"], rd["before_ns_per_value"],
                         rd["before_ns_per_value"] / max(1, rd["ns_per_value"])))
    if data.get("arena"):
        L.append("\n## ARENA=y (per-worker arena) vs ARENA=n (musl malloc)\n")
        L.append("| scenario | ARENA | hosts ok | cycle ms | CPU ms (once) | CPU µs/varbind (once) | steady CPU µs/varbind |")
        L.append("|---|---|---|---|---|---|---|")
        for a in data["arena"]:
            L.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                a["scenario"], a["arena"], fmt(a["hosts_answered"]), fmt(a["cycle_wall_ms"]), fmt(a["cpu_ms"]),
                fmt(a["cpu_us_per_varbind"], 2), fmt(a.get("steady_cpu_us_per_varbind"), 2)))
    if data.get("boards"):
        L.append("\n## Boards (board defconfig, its example table)\n")
        L.append("| board | stripped binary bytes | without SNMPv3 (SNMPV3=n) | SNMPv3 adds | shared memory bytes | note |")
        L.append("|---|---|---|---|---|---|")
        for b in data["boards"]:
            v, n = b.get("binary_bytes"), b.get("binary_bytes_v3n")
            L.append("| %s | %s | %s | %s | %s | %s |" % (
                b["board"], fmt(v), fmt(n), "%+d" % (v - n) if v and n else "–", fmt(b.get("shm_bytes")),
                b.get("note", "")))
    if data.get("qemu"):
        q = data["qemu"]
        L.append("\n## mips_24kc under qemu-user (N=200, relative cost only)\n")
        L.append("mips_24kc snmpoll under `%s`: cycle %s ms, CPU %s ms, %s/%s hosts; x86_64 native: "
                 "cycle %s ms, CPU %s ms → ×%s cycle, ×%s CPU (emulation, not a MIPS figure; no ratio unless "
                 "both polled every host).\n" % (
                     q.get("qemu"), fmt(q.get("cycle_wall_ms")), fmt(q.get("cpu_ms")), fmt(q.get("hosts_answered")),
                     q.get("hosts"), fmt(q.get("native_cycle_ms")), fmt(q.get("native_cpu_ms")),
                     fmt(q.get("ratio_cycle"), 1), fmt(q.get("ratio_cpu"), 1)))
    L.append("\n## Targets\n")
    L.append("| target | measured | limit | result |")
    L.append("|---|---|---|---|")
    for t in data["targets"]:
        L.append("| %s | %s | %s | %s |" % (t["target"], t["measured"], t["limit"], t["result"]))
    if data.get("skipped"):
        L.append("\nSkipped (time budget or failure): " + "; ".join(data["skipped"]))
    L.append("\nsnmpget/snmpbulkwalk are called with numeric OIDs and `-m '' -M /nonexistent` "
             "(no MIB loading: their cheapest setting). snmpoll builds: board x86_64 defconfig%s, "
             "table compiled in; the walk scenario raises MAX_OIDS to hold every ifTable row.\n" % (
                 (" + " + " ".join(KCONFIG_EXTRA)) if KCONFIG_EXTRA else ""))
    return "\n".join(L) + "\n"


def target(data, name, measured, limit, ok, by):
    data["targets"].append({"target": name, "measured": measured, "limit": limit,
                            "result": ("pass" if ok else "MISS") + (" (%s)" % by if by else ""),
                            "pass": bool(ok)})


def find(data, poller, scen):
    for r in data["results"]:
        if r["poller"] == poller and r["scenario"] == scen:
            return r
    return None


def evaluate_targets(data):
    s, a = find(data, "snmpoll", "N=1000"), find(data, "asyncget", "N=1000")
    if s and a and s["cycle_wall_ms"] and a["cycle_wall_ms"]:
        ratio = s["cycle_wall_ms"] / a["cycle_wall_ms"]
        lim = 0.6 * a["cycle_wall_ms"]
        cap = data["farm"].get("capacity", {}).get("req10_per_agent_cpu_s")
        floor = ""
        if cap and s.get("cpu_ms") is not None:
            agent_ms = 1000.0 * 1000 / cap
            floor = "; floor on this machine (agents' %.0f ms CPU + snmpoll's %.0f ms, over %d cores) %.0f ms" % (
                agent_ms, s["cpu_ms"], NPROC, (agent_ms + s["cpu_ms"]) / NPROC)
        target(data, "N=1000 cycle ≤ 0.6 × asyncget", "%.1f ms vs %.1f ms = ×%.2f" % (
            s["cycle_wall_ms"], a["cycle_wall_ms"], ratio), "×0.60 = %.1f ms" % lim,
            ratio <= 0.6 and s["hosts_answered"] == 1000,
            "%+.1f ms, %.1f× the limit%s" % (s["cycle_wall_ms"] - lim, s["cycle_wall_ms"] / lim, floor))
    if s and a and s["cpu_us_per_varbind"] and a["cpu_us_per_varbind"]:
        ratio = s["cpu_us_per_varbind"] / a["cpu_us_per_varbind"]
        target(data, "N=1000 CPU/varbind ≤ asyncget", "%.2f µs vs %.2f µs = ×%.2f" % (
            s["cpu_us_per_varbind"], a["cpu_us_per_varbind"], ratio), "×1.00", ratio <= 1.0,
            "%+.0f%%%s" % ((ratio - 1) * 100, "" if s["hosts_answered"] == 1000 else
                            "; only %s/1000 hosts answered" % s["hosts_answered"]))
    r = find(data, "snmpoll", "200+20 silent")
    if r and r["cycle_wall_ms"] is not None:
        ok = r["cycle_wall_ms"] <= 2200 and (r["hosts_answered"] or 0) >= 200
        target(data, "200+20 silent: cycle ≤ 2.2 s, every live host ok",
               "%.0f ms, %s/200 live ok" % (r["cycle_wall_ms"], fmt(r["hosts_answered"])), "2200 ms, 200",
               ok, "%+.0f ms" % (r["cycle_wall_ms"] - 2200))
    r = find(data, "snmpoll", "200+20 silent v3")
    if r and r["cycle_wall_ms"] is not None:
        ok = r["cycle_wall_ms"] <= 2200 and (r["hosts_answered"] or 0) >= 200
        target(data, "200 v2c + 20 silent v3: cycle ≤ 2.2 s (one timeout × tries), every live host ok",
               "%.0f ms, %s/200 live ok" % (r["cycle_wall_ms"], fmt(r["hosts_answered"])), "2200 ms, 200",
               ok, "%+.0f ms" % (r["cycle_wall_ms"] - 2200))
    v2, v3 = find(data, "snmpoll", "N=1000"), find(data, "snmpoll", "N=1000 v3 authPriv")
    if v2 and v3 and v2.get("steady_cpu_us_per_varbind") and v3.get("steady_cpu_us_per_varbind"):
        # Reported, no limit: the issue asks for the figure next to v2c's.
        a, b = v2["steady_cpu_us_per_varbind"], v3["steady_cpu_us_per_varbind"]
        target(data, "N=1000 v3 authPriv (SHA, AES-128): steady CPU/varbind next to v2c's",
               "%.2f µs vs %.2f µs = ×%.2f, %s/1000 ok" % (b, a, b / a, fmt(v3["hosts_answered"])),
               "reported", v3["hosts_answered"] == 1000, "")
    r = find(data, "snmpoll", "200+20 closed")
    if r and r["cycle_wall_ms"] is not None:
        target(data, "200+20 closed: cycle ≤ 0.3 s", "%.0f ms, %s/200 live ok" % (
            r["cycle_wall_ms"], fmt(r["hosts_answered"])), "300 ms",
            r["cycle_wall_ms"] <= 300 and (r["hosts_answered"] or 0) >= 200, "%+.0f ms" % (r["cycle_wall_ms"] - 300))
    def pss_target(label, m, limit_kb, extra=""):
        if m and m.get("peak_pss_kb"):
            why = ""
            sp = m.get("pss_split_kb")
            if sp and m["peak_pss_kb"] > limit_kb:
                # The reason and what it would take (issue 10: a miss stays
                # in the report with both).
                why = ("; at the end: shm %d KB, workers' and supervisor's anon %d KB, binary %d KB, "
                       "stacks %d KB. The shm holds every host's record (a scalar string keeps "
                       "VALUE_LEN) and, with HISTORY on, its RTT ring; anon is mostly the "
                       "workers' arenas, ~64 KB + a few KB per request in flight (MAX_INFLIGHT "
                       "per worker). Fitting would take fewer requests in flight or a smaller "
                       "HISTORY/VALUE_LEN: options, not defaults" % (
                           sp["shm"], sp["anon"], sp["binary"], sp["stack"]))
            target(data, "%s summed PSS ≤ %d MB" % (label, limit_kb // 1024),
                   "peak %d KB%s" % (m["peak_pss_kb"], extra), "%d KB" % limit_kb,
                   m["peak_pss_kb"] <= limit_kb, "%+d KB%s" % (m["peak_pss_kb"] - limit_kb, why))
        elif m is not None:
            target(data, "%s summed PSS ≤ %d MB" % (label, limit_kb // 1024), m.get("incomplete", "not measured"),
                   "%d KB" % limit_kb, False, "daemon did not complete the cycles")

    def flat_target(label, m):
        if not (m and m.get("cycles")):
            return
        dp = m["pss_last_kb"] - m["pss_first_kb"]
        dr = m["rss_last_kb"] - m["rss_first_kb"]
        target(data, "%s PSS/RSS flat cycle %d → %d" % (label, m["cycles"][0], m["cycles"][1]),
               "PSS %d → %d KB (%+d), RSS %d → %d KB (%+d)" % (
                   m["pss_first_kb"], m["pss_last_kb"], dp, m["rss_first_kb"], m["rss_last_kb"], dr),
               "no growth (±64 KB)", abs(dp) <= 64 and abs(dr) <= 64,
               "" if m["cycles"][1] >= 1000 else "%d cycles, not 1000: the run is sized to the bench budget" % m["cycles"][1])

    mon, moff, mw = data.get("memory"), data.get("memory_nojson"), data.get("memory_walk")
    pss_target("1000 x 10, status.json off:", moff, 2048)
    pss_target("1000 x 10, status.json on:", mon, 3072,
               "; status.json %s KB on tmpfs, not counted" % fmt(mon.get("status_json_kb")) if mon else "")
    flat_target("1000 x 10:", mon)
    w, wa = find(data, "snmpoll", "500 ifTable walk"), find(data, "asyncget", "500 ifTable walk")
    if w and wa and w["cpu_us_per_varbind"] and wa["cpu_us_per_varbind"]:
        ratio = w["cpu_us_per_varbind"] / wa["cpu_us_per_varbind"]
        target(data, "500 x ifTable walk: CPU/varbind ≤ 1.5 × asyncget", "%.2f µs vs %.2f µs = ×%.2f" % (
            w["cpu_us_per_varbind"], wa["cpu_us_per_varbind"], ratio), "×1.50", ratio <= 1.5,
            "%s/%s hosts ok, %s varbinds" % (fmt(w["hosts_answered"]), w["hosts"], fmt(w["varbinds"])))
    pss_target("500 x ifTable walk:", mw, 8192)
    flat_target("500 x ifTable walk:", mw)
    rd = data.get("render")
    if rd and rd.get("ns_per_value"):
        ratio = rd["before_ns_per_value"] / max(1, rd["ns_per_value"])
        target(data, "status.json rendering ≥ 5× cheaper per value", "%d ns vs %d ns before = ×%.1f" % (
            rd["ns_per_value"], rd["before_ns_per_value"], ratio), "×5", ratio >= 5,
            "before figure recorded, not from this run")
    q = data.get("qemu")
    if q:
        ok = q.get("hosts_answered") == q.get("hosts")
        target(data, "mips_24kc under qemu (N=200): polls every host", "%s/%s ok, cycle %s ms, CPU %s ms (×%s of native)" % (
            fmt(q.get("hosts_answered")), q.get("hosts"), fmt(q.get("cycle_wall_ms")), fmt(q.get("cpu_ms")),
            fmt(q.get("ratio_cpu"), 1)), "every host", ok, "emulation: relative cost only")
    for b in data.get("boards", []):
        if b["board"] == "mips_24kc" and b.get("binary_bytes"):
            n = b["binary_bytes"]
            target(data, "mips_24kc stripped binary ≤ 256 KiB, every default on (SNMPv3 included)",
                   "%d bytes (%.1f KiB)" % (n, n / 1024.0), "262144 bytes (256 KiB)", n <= 262144,
                   "%+d bytes; `make size` says where they come from%s" % (n - 262144, "" if n <= 262144 else
                   ": net-snmp ~130 KB, musl ~82 KB, libgcc's soft float ~16 KB, snmpoll ~69 KB. "
                   "Fitting would take replacing net-snmp's init_snmp() (it links its config "
                   "reader, logging, alarms and enums: ~20 KB), rates without doubles (the "
                   "soft-float ~16 KB) and syslog without musl's strftime and time zones (~8 KB)"))


# ---- main -----------------------------------------------------------------------------
def main():
    global WORK
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    os.makedirs(BENCH, exist_ok=True)
    WORK = tempfile.mkdtemp(prefix="snmpoll-bench.")
    os.chmod(WORK, 0o755)      # snmpoll drops to an unprivileged user
    data = {"hardware": {}, "farm": {}, "results": [], "targets": [], "boards": [], "arena": [],
            "skipped": [], "config": {"runs": RUNS, "budget_s": BUDGET, "kconfig_extra": KCONFIG_EXTRA}}
    with open("/proc/cpuinfo") as f:
        model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    data["hardware"] = {"nproc": NPROC, "cpu_model": model, "kernel": os.uname().release,
                        "loadavg_start": open("/proc/loadavg").read().split()[:3]}
    log("hardware: nproc=%d, %s" % (NPROC, model))
    try:
        run_all(data)
    finally:
        data["elapsed_s"] = round(time.monotonic() - T0, 1)
        data["hardware"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
        cleanup()
    evaluate_targets(data)
    md = report(data)
    with open(os.path.join(BENCH, "report.md"), "w") as f:
        f.write(md)
    with open(os.path.join(BENCH, "report.json"), "w") as f:
        json.dump(data, f, indent=1)
    print(md)
    log("wrote %s/report.md and report.json" % BENCH)


def run_all(data):
    tables = os.path.join(BENCH, "tables")
    os.makedirs(tables, exist_ok=True)

    # -- the C reference client
    exe = os.path.join(BENCH, "asyncget")
    warn = subprocess.run(["make", "-s", "--no-print-directory", "-C", SRC, "print-warnflags"],
                          capture_output=True, text=True, check=True).stdout.split()
    r = subprocess.run(["gcc", "-O2"] + warn + ["-o", exe, os.path.join(SRC, "tests/bench/asyncget.c"),
                        "-lnetsnmp"], capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError("asyncget build failed:\n" + r.stderr)

    # -- scenarios
    scen = []
    sizes = [50, 200] if QUICK else [50, 200, 500, 1000]
    for n in sizes:
        scen.append({"name": "N=%d" % n, "hosts": scenario_hosts(n)})
    scen.append({"name": "200+20 silent", "hosts": scenario_hosts(200, "silent", 20), "dead": True})
    scen.append({"name": "200+20 closed", "hosts": scenario_hosts(200, "closed", 20), "dead": True})
    scen.append({"name": "500 ifTable walk", "hosts": scenario_hosts(200 if QUICK else 500), "walk": True})
    # SNMPv3 (snmpoll only: the baselines are v2c tools)
    scen.append({"name": "200+20 silent v3", "hosts": scenario_hosts(200, "silent3", 20), "dead": True,
                 "v3": True})
    scen.append({"name": "N=%d v3 authPriv" % max(sizes), "hosts": scenario_hosts(max(sizes), live="live3"),
                 "v3": True})
    n_live = max(sizes)

    # -- the farm first: the walk table needs the ifTable size
    farm = Farm(n_live, NAGENTS, WORK)
    farm.start()
    sv = subprocess.run(["/usr/sbin/snmpd", "-v"], capture_output=True, text=True).stdout
    m = re.search(r"version:\s*(\S+)", sv)
    data["farm"] = {"agents": NAGENTS, "hosts": n_live, "snmpd": "net-snmp " + (m.group(1) if m else "?")}
    log("farm: %d snmpd for %d hosts up" % (NAGENTS, n_live))
    wl = subprocess.run(["snmpbulkwalk"] + SNMPGET_OPTS + ["-Cr16", "%s:%d" % live_host(0), IFTABLE],
                        capture_output=True, text=True, timeout=10).stdout
    rows = sum(1 for l in wl.splitlines() if l.startswith("."))
    max_oids = max(64, (rows + 15) // 16 * 16)
    data["farm"]["iftable_rows"] = rows

    # -- builds (before any timing, so no compiler competes with a measurement)
    builds = {}
    for s in scen:
        tbl = os.path.join(tables, re.sub(r"[^A-Za-z0-9]+", "_", s["name"]) + ".tbl")
        write_table(tbl, s["hosts"], s.get("walk"))
        s["table"] = tbl
        s["hostfile"] = tbl[:-4] + ".hosts"
        write_hostfile(s["hostfile"], s["hosts"])
        kc = ["MAX_OIDS=%d" % max_oids] if s.get("walk") else []
        builds[s["name"]] = build(re.sub(r"[^A-Za-z0-9]+", "_", s["name"]), "x86_64", tbl, kc)
    s1000 = next((x for x in scen if x["name"] == "N=1000"), None)
    nojson = build("N_1000_status_json_n", "x86_64", s1000["table"], ["STATUS_JSON=n"]) if s1000 else None
    arena_n = {}
    for n in ("N=200", "N=1000"):
        s = next((x for x in scen if x["name"] == n), None)
        if s:
            arena_n[n] = build(re.sub(r"[^A-Za-z0-9]+", "_", n) + "_arena_n", "x86_64", s["table"], ["ARENA=n"])
    # boards: their defconfig and example table (size, shm), mips also with N=200
    for b in BOARDS:
        # A board whose toolchain is not cached yet builds it first (minutes).
        d = build("board_" + b, b, os.path.join(SRC, "board", b, "hosts.tbl"), timeout=900)
        if not d:
            data["boards"].append({"board": b, "note": "build failed: see %s.log" % os.path.join(BENCH, "build", "board_" + b)})
            continue
        tc = read_toolchain(d)
        row = {"board": b, "binary_bytes": os.path.getsize(os.path.join(d, "snmpoll")),
               "shm_bytes": config_info(d, tc.get("TC_QEMU", "")),
               "note": "qemu: " + tc["TC_QEMU"] if tc.get("TC_QEMU") else "native"}
        # What SNMPv3 costs: the same board without it (its own sysroot:
        # net-snmp without USM and crypto; minutes the first time).
        if os.environ.get("BENCH_V3_DELTA", "1") == "1":
            dn = build("board_" + b + "_snmpv3_n", b, os.path.join(SRC, "board", b, "hosts.tbl"),
                       ["SNMPV3=n"], timeout=900)
            if dn:
                row["binary_bytes_v3n"] = os.path.getsize(os.path.join(dn, "snmpoll"))
        data["boards"].append(row)
    mips_d = None
    s200 = next((x for x in scen if x["name"] == "N=200"), None)
    if s200 and any(b["board"] == "mips_24kc" and b.get("binary_bytes") for b in data["boards"]):
        mips_d = build("mips_24kc_N_200", "mips_24kc", s200["table"])

    global T_MEAS
    T_MEAS = time.monotonic()
    data["build_s"] = round(T_MEAS - T0, 1)
    log("builds done in %.1f s; measuring" % data["build_s"])

    # -- warm the agents (first requests fill snmpd's caches), then capacity
    allh = os.path.join(tables, "all.hosts")
    write_hostfile(allh, scenario_hosts(n_live))
    OID_ARG = ",".join(o for _, o in OIDS)
    subprocess.run([exe, "-n", "2", "-g", OID_ARG, allh], capture_output=True, timeout=60)
    cap = {}
    for tag, oids, n in (("req10", OID_ARG, 10), ("req1", "1.3.6.1.2.1.1.3.0", 1)):
        t0, a0, c0 = time.monotonic(), farm.cpu_ticks(), os.times()
        r = subprocess.run([exe, "-k", "-n", "10", "-g", oids, allh], capture_output=True, text=True, timeout=120)
        wall, ag = time.monotonic() - t0, (farm.cpu_ticks() - a0) / CLK
        c1 = os.times()
        try:
            j = json.loads(r.stdout)
            reqs = 10 * j["hosts"]
        except ValueError:
            continue
        cap[tag + "_per_agent_cpu_s"] = reqs / ag if ag else None
        if tag == "req10":
            cap["vb_per_agent_cpu_s"] = 10 * reqs / ag if ag else None
            cap["req10_per_wall_s"] = reqs / sum(j["cycle_ms"]) * 1000
            client = (c1.children_user + c1.children_system) - (c0.children_user + c0.children_system)
            cap["agent_cpu_share_pct"] = 100 * ag / (ag + client) if ag + client else None
    data["farm"]["capacity"] = cap
    data["farm"]["agent_mem_kb"] = farm.mem()
    log("farm capacity: %s" % {k: round(v) for k, v in cap.items() if v})

    # -- measurements, most important first
    v3big = "N=%d v3 authPriv" % max(sizes)
    order = ["N=1000", "500 ifTable walk", "200+20 silent", v3big, "200+20 silent v3", "200+20 closed",
             "N=200", "N=50", "N=500"]
    for name in order:
        s = next((x for x in scen if x["name"] == name), None)
        if not s:
            continue
        if left() < 45:
            data["skipped"].append("scenario " + name)
            continue
        if not farm.alive():
            raise RuntimeError("an agent died; see %s" % WORK)
        hosts, walk, dead = s["hosts"], s.get("walk", False), s.get("dead", False)
        log("scenario %s" % name)
        subprocess.run([exe, "-g", OID_ARG, s["hostfile"]] if not walk else [exe, "-w", IFTABLE, s["hostfile"]],
                       capture_output=True, timeout=60)       # warm-up, not measured
        nruns = 3 if dead else RUNS
        # snmpoll
        d = builds.get(name)
        if d:
            runs = run_snmpoll_once(d, hosts, nruns, 10)
            row = result("snmpoll", s, hosts, runs)
            if not dead and left() > 60:
                # enough cycles for the 10 ms CPU-tick resolution of /proc;
                # the two memory cases run long enough to show growth
                cyc = min(200, max(10, 40000 // max(1, row["varbinds"] or 1)))
                if name in ("N=1000", "500 ifTable walk"):
                    cyc = LONG_CYCLES
                elif name == v3big:
                    cyc = 50
                dm = run_snmpoll_daemon(d, cyc, 60 + LONG_CYCLES * 0.6 if cyc == LONG_CYCLES else 40 if cyc == 50 else 10)
                row["peak_rss_kb"], row["peak_pss_kb"] = dm["peak_rss_kb"], dm["peak_pss_kb"]
                if dm.get("steady_cpu_ms_per_cycle") is not None and row["varbinds"]:
                    row["steady_cycle_ms"] = dm["steady_cycle_ms"]
                    row["steady_cpu_us_per_varbind"] = round(dm["steady_cpu_ms_per_cycle"] * 1000 / row["varbinds"], 2)
                    row["steady_supervisor_cpu_us_per_varbind"] = round(
                        dm["steady_supervisor_cpu_ms_per_cycle"] * 1000 / row["varbinds"], 2)
                if name == "N=1000":
                    dm["shm_bytes"] = config_info(d, "")
                    data["memory"] = dm
                    data["render"] = run_render(d)
                    if nojson and left() > 60:
                        dn = run_snmpoll_daemon(nojson, 100, 60)
                        dn["shm_bytes"] = dm["shm_bytes"]
                        data["memory_nojson"] = dn
                if name == "500 ifTable walk":
                    dm["shm_bytes"] = config_info(d, "")
                    data["memory_walk"] = dm
            data["results"].append(row)
            log("  snmpoll: cycle %s ms, cpu %s ms, %s/%d ok" % (row["cycle_wall_ms"], row["cpu_ms"], row["hosts_answered"], len(hosts)))
        else:
            data["skipped"].append("snmpoll %s (build failed)" % name)
        # ARENA=n
        if arena_n.get(name) and left() > 60:
            runs = run_snmpoll_once(arena_n[name], hosts, RUNS, 10)
            ra = result("snmpoll ARENA=n", s, hosts, runs)
            dm = run_snmpoll_daemon(arena_n[name], 10, 10)
            if dm.get("steady_cpu_ms_per_cycle") is not None and ra["varbinds"]:
                ra["steady_cycle_ms"] = dm["steady_cycle_ms"]
                ra["steady_cpu_us_per_varbind"] = round(dm["steady_cpu_ms_per_cycle"] * 1000 / ra["varbinds"], 2)
            ra["peak_rss_kb"], ra["peak_pss_kb"] = dm["peak_rss_kb"], dm["peak_pss_kb"]
            data["results"].append(ra)
            y = find(data, "snmpoll", name)
            for rr, tag in ((y, "y"), (ra, "n")):
                if rr:
                    data["arena"].append({"scenario": name, "arena": tag, "hosts_answered": rr["hosts_answered"],
                                          "cycle_wall_ms": rr["cycle_wall_ms"], "cpu_ms": rr["cpu_ms"],
                                          "cpu_us_per_varbind": rr["cpu_us_per_varbind"],
                                          "steady_cpu_us_per_varbind": rr.get("steady_cpu_us_per_varbind")})
        # mips under qemu
        if name == "N=200" and mips_d and left() > 60:
            tc = read_toolchain(mips_d)
            runs = run_snmpoll_once(mips_d, hosts, 3, 60, qemu=tc.get("TC_QEMU", "qemu-mips-static -cpu 24Kc"))
            rq = result("snmpoll mips_24kc (qemu)", s, hosts, runs, note="qemu-user emulation: relative cost only")
            data["results"].append(rq)
            nat = find(data, "snmpoll", "N=200")
            data["qemu"] = {"qemu": tc.get("TC_QEMU"), "cycle_wall_ms": rq["cycle_wall_ms"], "cpu_ms": rq["cpu_ms"],
                            "hosts_answered": rq["hosts_answered"], "hosts": len(hosts),
                            "native_cycle_ms": nat and nat["cycle_wall_ms"], "native_cpu_ms": nat and nat["cpu_ms"]}
            native_ok = nat and nat["hosts_answered"] == len(hosts) and rq["hosts_answered"] == len(hosts)
            if native_ok and nat["cycle_wall_ms"] and rq["cycle_wall_ms"]:
                data["qemu"]["ratio_cycle"] = rq["cycle_wall_ms"] / nat["cycle_wall_ms"]
            if native_ok and nat["cpu_ms"] and rq["cpu_ms"]:
                data["qemu"]["ratio_cpu"] = rq["cpu_ms"] / nat["cpu_ms"]
        if s.get("v3"):
            continue
        # asyncget
        runs, mem = run_asyncget(exe, s["hostfile"], hosts, nruns, walk, timeout=30, mem_cycles=3 if dead else 10)
        row = result("asyncget", s, hosts, runs, **mem)
        if mem.get("steady_cpu_ms_per_cycle") is not None and row["varbinds"]:
            row["steady_cpu_us_per_varbind"] = round(mem["steady_cpu_ms_per_cycle"] * 1000 / row["varbinds"], 2)
        data["results"].append(row)
        log("  asyncget: cycle %s ms, cpu %s ms, %s/%d ok" % (row["cycle_wall_ms"], row["cpu_ms"], row["hosts_answered"], len(hosts)))
        # Sessions kept across cycles (-k) against reopened each cycle: what
        # keeping each host's session and socket would buy (README: Sessions).
        if name in ("N=1000", "500 ifTable walk") and left() > 40 and row["varbinds"]:
            _, memk = run_asyncget(exe, s["hostfile"], hosts, 0, walk, timeout=30, mem_cycles=10, keep=True)
            if memk.get("steady_cpu_ms_per_cycle") is not None:
                rk = dict(row, poller="asyncget -k", **memk)
                rk["steady_cpu_us_per_varbind"] = round(memk["steady_cpu_ms_per_cycle"] * 1000 / row["varbinds"], 2)
                rk["note"] = "sessions kept across cycles: steady CPU ×%.2f of reopening them" % (
                    memk["steady_cpu_ms_per_cycle"] / mem["steady_cpu_ms_per_cycle"]
                    if mem.get("steady_cpu_ms_per_cycle") else float("nan"))
                data["results"].append(rk)
    # snmpget, sequential and xargs -P 8: the slowest and least telling
    # rows, so after every snmpoll and asyncget figure.  Above 200 hosts
    # both run on a sample and are scaled.
    for name in order:
        s = next((x for x in scen if x["name"] == name), None)
        if not s or s.get("v3") or ("scenario " + name) in data["skipped"]:
            continue
        hosts, walk, dead = s["hosts"], s.get("walk", False), s.get("dead", False)
        tool = "snmpbulkwalk" if walk else "snmpget"
        if left() > 40:
            if dead:
                runs, note = run_snmpget(hosts, 1, walk, 1, sample=(20, 2))
            elif len(hosts) > 200:
                runs, note = run_snmpget(hosts, 1, walk, 3, sample=(100, 0))
            else:
                runs, note = run_snmpget(hosts, 1, walk, 3)
            mem = run_xargs(hosts[:50], 1, walk, 60, sample_mem=True)
            row = result(tool + " sequential", s, hosts, runs, note=note, **mem)
            data["results"].append(row)
            log("  %s: %s sequential: %s ms" % (name, tool, row["cycle_wall_ms"]))
        if left() > 40:
            if len(hosts) > 200:
                runs, note = run_snmpget(hosts, 8, walk, 1, sample=(200, 0))
            else:
                runs, note = run_snmpget(hosts, 8, walk, 1 if dead else 3)
            mem = run_xargs(hosts[:min(len(hosts), 200)], 8, walk, 60, sample_mem=True)
            row = result(tool + " xargs -P 8", s, hosts, runs, note=note, **mem)
            data["results"].append(row)
            log("  %s: %s xargs -P 8: %s ms" % (name, tool, row["cycle_wall_ms"]))
        else:
            data["skipped"].append("snmpget baselines of " + name)
    # Sort rows: scenario order, then poller
    sorder = {n: i for i, n in enumerate(["N=50", "N=200", "N=500", "N=1000", "200+20 silent", "200+20 closed",
                                          "500 ifTable walk", "200+20 silent v3", v3big])}
    data["results"].sort(key=lambda r: (sorder.get(r["scenario"], 99), r["poller"]))


if __name__ == "__main__":
    main()

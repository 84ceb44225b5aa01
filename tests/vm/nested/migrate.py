#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Live-migrate a nested guest from one vhost-vdpa device to another.

Run inside the outer VM, as root, with both devices created and the far end
(ADDR) reachable from both.  The source QEMU boots the nested guest on
--src; a second QEMU waits with -incoming on --dst.  The guest pings the far
end and streams numbered lines over one TCP connection to this script; this
script pings the guest every 100 ms.  Then QMP "migrate", and a few seconds of
traffic on the destination, then the guest stops its traffic and prints its
NIC's counters.

Prints one JSON object on stdout: QEMU's figures (downtime, total time),
the largest gap in the ping replies, the pings lost, the stream's lines
before and after, the guest's counters, and "dst_pid": the destination QEMU,
left running for the caller's checks of the card (kill it afterwards).
Exit 0 if the migration completed and the guest kept its traffic, 1 if not.
With --expect-blocked, exit 0 only if QEMU refuses to migrate (a blocker).
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PORT_STREAM = 5555
PORT_MIGRATION = 4444


class Failure(Exception):
    pass


def log(msg):
    print(f"migrate: {msg}", file=sys.stderr, flush=True)


class Qmp:
    """A QMP client: commands in order, events skipped."""

    def __init__(self, path, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise Failure(f"no QMP socket {path} after {timeout}s")
                time.sleep(0.2)
        self.sock.settimeout(60)
        self.file = self.sock.makefile("rw")
        self._read()  # the greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        line = self.file.readline()
        if not line:
            raise Failure("QMP connection closed")
        return json.loads(line)

    def cmd(self, name, **args):
        req = {"execute": name}
        if args:
            req["arguments"] = args
        self.file.write(json.dumps(req) + "\n")
        self.file.flush()
        while True:
            msg = self._read()
            if "event" in msg:
                continue
            if "error" in msg:
                raise Failure(f"QMP {name}: {msg['error'].get('desc')}")
            return msg["return"]


class StreamServer(threading.Thread):
    """Accepts the guest's one connection and checks its numbered lines."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("0.0.0.0", port))
        self.listener.listen(1)
        self.conn = None
        self.lines = []  # (monotonic time, seq)
        self.errors = []
        self.closed = False
        self.lock = threading.Lock()

    def run(self):
        self.conn, _ = self.listener.accept()
        buf = b""
        while True:
            try:
                data = self.conn.recv(4096)
            except OSError as e:
                self.errors.append(f"stream: {e}")
                break
            if not data:
                break
            buf += data
            *full, buf = buf.split(b"\n")
            now = time.monotonic()
            for raw in full:
                m = re.fullmatch(rb"seq (\d+)", raw.strip())
                if not m:
                    self.errors.append(f"stream: unexpected line {raw!r}")
                    continue
                seq = int(m.group(1))
                with self.lock:
                    if self.lines and seq != self.lines[-1][1] + 1:
                        self.errors.append(
                            f"stream: seq {seq} after {self.lines[-1][1]}")
                    self.lines.append((now, seq))
        # Close our side at once: the FIN and its ACK are frames too, and
        # must cross before the guest reads its counters (left to the end of
        # this script, they put the cards one frame ahead each way).
        self.conn.close()
        self.closed = True

    def count(self):
        with self.lock:
            return len(self.lines)

    def stop_guest(self):
        self.conn.sendall(b"stop\n")


class Pinger:
    """ping -D every 100 ms (more starves the nested TCG guest); the reply
    times by sequence number."""

    def __init__(self, addr):
        self.replies = {}  # icmp_seq -> wall time
        self.proc = subprocess.Popen(
            ["ping", "-D", "-n", "-i", "0.1", "-W", "1", addr],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            m = re.match(r"\[(\d+\.\d+)\] .* icmp_seq=(\d+) ", line)
            if m:
                self.replies[int(m.group(2))] = float(m.group(1))

    def stop(self):
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=10)
        self.reader.join(timeout=10)

    def replies_since(self, since):
        return sum(1 for t in self.replies.values() if t >= since)

    def gaps(self, since):
        """Largest gap between replies after wall time @since, and the
        sequence numbers missing in that span."""
        seqs = sorted(s for s, t in self.replies.items() if t >= since)
        if not seqs:
            raise Failure("no ping reply since the migration started")
        times = [self.replies[s] for s in seqs]
        gap = max((b - a for a, b in zip(times, times[1:])), default=0.0)
        lost = seqs[-1] - seqs[0] + 1 - len(seqs)
        return gap, lost, len(seqs)


GUESTS = []


class Guest:
    """One nested QEMU, through run-nested.sh --exec; console to a file."""

    def __init__(self, args, name, vhostdev, extra):
        GUESTS.append(self)
        self.console = os.path.join(args.outdir, f"migrate-{name}.txt")
        self.qmp_path = f"/tmp/migrate-{name}.qmp"
        if os.path.exists(self.qmp_path):
            os.unlink(self.qmp_path)
        env = dict(os.environ)
        env["NESTED_QEMU_ARGS"] = (
            f"-qmp unix:{self.qmp_path},server=on,wait=off {extra}")
        env["NESTED_APPEND"] = (f"ovnic.mac={args.guest_mac} "
                                f"ovnic.pairs={args.pairs} "
                                f"ovnic.stream={args.far}:{PORT_STREAM}")
        env["NESTED_DEVICE_OPTS"] = args.device_opts
        if args.netdev_opts:
            env["NESTED_NETDEV"] = (f"type=vhost-vdpa,vhostdev={vhostdev},"
                                    f"id=n0{args.netdev_opts}")
        cmd = ["bash", os.path.join(HERE, "run-nested.sh"), "--exec",
               "--initrd", args.initrd, "--vhostdev", vhostdev,
               "--ip", args.ip, "--ping", args.far, "--mac", args.mac,
               "--smp", str(args.smp)]
        with open(self.console, "w") as out:
            self.proc = subprocess.Popen(cmd, stdout=out,
                                         stderr=subprocess.STDOUT, env=env)
        self.qmp = None

    def text(self):
        with open(self.console, errors="replace") as f:
            return f.read()

    def wait_for(self, pattern, timeout, fail_pattern=None):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.text()
            m = re.search(pattern, text, re.M)
            if m:
                return m
            if fail_pattern and re.search(fail_pattern, text, re.M):
                return None
            if self.proc.poll() is not None:
                return None
            time.sleep(0.5)
        return None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def boot_source(args):
    """The source guest, up to three boots: a nested TCG kernel now and then
    dies before its init runs (run-nested.sh says more)."""
    for attempt in range(1, 4):
        src = Guest(args, "src", args.src, "")
        if src.wait_for(r"^NESTED-RUNNING", args.boot_timeout,
                        r"^NESTED-PING-FAIL|Kernel panic"):
            log(f"source guest running (boot {attempt})")
            return src
        src.kill()
        text = src.text()
        if "nested: init started" in text or "Kernel panic" not in text:
            break
        log(f"the nested kernel died during boot {attempt}: booting again")
        os.replace(src.console, src.console + f".boot{attempt}")
    tail = "\n".join(src.text().splitlines()[-30:])
    raise Failure(f"the source guest never ran its traffic:\n{tail}")


def wait_migration(qmp, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = qmp.cmd("query-migrate")
        status = info.get("status")
        if status in ("completed", "failed", "cancelled"):
            return info
        time.sleep(0.1)
    raise Failure(f"migration not done after {timeout}s: {info}")


def expect_blocked(args, result):
    """QEMU decides when it creates the netdev: no need to boot the guest,
    nor a destination for the refused command."""
    src = Guest(args, "src", args.src, "")
    src.qmp = Qmp(src.qmp_path, 120)
    blocked = src.qmp.cmd("query-migrate").get("blocked-reasons")
    result["blocked_reasons"] = blocked or []
    try:
        src.qmp.cmd("migrate", uri=f"tcp:127.0.0.1:{PORT_MIGRATION}")
    except Failure as e:
        result["migrate_error"] = str(e)
        log(f"refused as expected: {e}")
        return bool(blocked)
    raise Failure(f"QEMU started a migration it should block ({blocked})")


def migrate(args, result):
    server = StreamServer(PORT_STREAM)
    server.start()
    src = boot_source(args)
    src.qmp = Qmp(src.qmp_path, 30)
    blocked = src.qmp.cmd("query-migrate").get("blocked-reasons")
    if blocked:
        raise Failure(f"QEMU blocks migration: {blocked}")
    dst = Guest(args, "dst", args.dst,
                f"-incoming tcp:127.0.0.1:{PORT_MIGRATION}")
    result["dst_pid"] = dst.proc.pid
    dst.qmp = Qmp(dst.qmp_path, 120)

    deadline = time.monotonic() + 60
    while server.count() < 5:
        if time.monotonic() > deadline:
            raise Failure("the guest's stream never started")
        time.sleep(0.2)
    pinger = Pinger(args.guest_ip)
    time.sleep(3)

    src.qmp.cmd("migrate-set-parameters", **{"max-bandwidth": 1 << 30})
    lines_before = server.count()
    started = time.time()
    log("migrate")
    src.qmp.cmd("migrate", uri=f"tcp:127.0.0.1:{PORT_MIGRATION}")
    info = wait_migration(src.qmp, args.migrate_timeout)
    if info["status"] != "completed":
        raise Failure(f"migration {info['status']}: {info}")
    completed = time.time()
    result.update({
        "qemu_downtime_ms": info.get("downtime"),
        "qemu_total_ms": info.get("total-time"),
        "ram_transferred": info.get("ram", {}).get("transferred"),
    })
    log(f"completed in {info.get('total-time')} ms, QEMU's downtime "
        f"{info.get('downtime')} ms")
    lines_at_completion = server.count()
    # A TCP sender that lost segments in the blackout backs off: give its
    # retransmission time to come.
    deadline = time.monotonic() + args.after
    while (server.count() <= lines_at_completion
           and time.monotonic() < deadline):
        time.sleep(0.5)
    time.sleep(2)

    src_status = src.qmp.cmd("query-status")["status"]
    dst_status = dst.qmp.cmd("query-status")["status"]
    result.update({"src_status": src_status, "dst_status": dst_status})
    pinger.stop()
    gap, lost, replies = pinger.gaps(started - 1)
    result.update({
        "ping_max_gap_ms": round(gap * 1000),
        "pings_lost": lost,
        "ping_replies": replies,
        "migration_wall_ms": round((completed - started) * 1000),
        "stream_lines_before": lines_before,
        "stream_lines_after": server.count() - lines_at_completion,
    })
    ok = True
    if dst_status != "running":
        log(f"the destination is {dst_status}, not running")
        ok = False
    if src_status != "postmigrate":
        log(f"the source is {src_status}, not postmigrate")
        ok = False
    if result["stream_lines_after"] < 1 or server.closed:
        log("the guest's TCP stream did not go on after the migration")
        ok = False
    if server.errors:
        log("; ".join(server.errors[:5]))
        ok = False
    if pinger.replies_since(completed) == 0:
        log("no ping reply after the migration")
        ok = False

    # Quiet: the guest stops its traffic and prints its counters.
    server.stop_guest()
    m = dst.wait_for(r"^NESTED-STATS rx_packets=(\d+) tx_packets=(\d+) "
                     r"rx_dropped=(\d+) rx_errors=(\d+)", 60)
    if not m:
        log("the guest printed no NESTED-STATS")
        ok = False
    else:
        result["guest_rx_packets"] = int(m.group(1))
        result["guest_tx_packets"] = int(m.group(2))
        result["guest_rx_dropped"] = int(m.group(3))
        result["guest_rx_errors"] = int(m.group(4))
    src.qmp.cmd("quit")
    src.proc.wait(timeout=30)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", required=True, help="source /dev/vhost-vdpa-N")
    ap.add_argument("--dst", help="destination /dev/vhost-vdpa-N")
    ap.add_argument("--far", default="10.0.0.1", help="the far end's address")
    ap.add_argument("--ip", default="10.0.0.2/24", help="the guest's address")
    ap.add_argument("--mac", default="52:54:00:0e:5e:02",
                    help="the NIC's address on QEMU's command line")
    ap.add_argument("--guest-mac", default="52:54:00:0e:5e:12",
                    help="the address the guest sets (CTRL_MAC_ADDR)")
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=2,
                    help="queue pairs the guest uses (ethtool -L)")
    ap.add_argument("--device-opts", default=",mq=on")
    ap.add_argument("--netdev-opts", default="",
                    help="appended to -netdev, e.g. ,x-svq=on")
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--outdir", default="/tmp")
    ap.add_argument("--boot-timeout", type=int, default=480)
    ap.add_argument("--migrate-timeout", type=int, default=300)
    ap.add_argument("--after", type=float, default=90,
                    help="seconds the stream has to go on after the migration")
    ap.add_argument("--expect-blocked", action="store_true")
    args = ap.parse_args()
    args.guest_ip = args.ip.split("/")[0]
    if not args.expect_blocked and not args.dst:
        ap.error("--dst is needed to migrate")

    result = {}
    try:
        ok = (expect_blocked if args.expect_blocked else migrate)(args, result)
    except (Failure, OSError, subprocess.TimeoutExpired) as e:
        log(f"FAIL: {e}")
        ok = False
    # Only a migrated guest is left running, for the caller's checks.
    for guest in GUESTS:
        if not ok or args.expect_blocked or guest.proc.pid != result.get("dst_pid"):
            guest.kill()
    if not ok or args.expect_blocked:
        result.pop("dst_pid", None)
    print(json.dumps(result), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
